/**
 * `dfkit gc [--runtime docker|podman] [--until DURATION] [--force] [--dry-run] [--label K=V]… [--format text|json]`:
 * removes the containers and images dfkit left on the engine (see `collectGarbage`).
 */
import type { RuntimeAdapter } from '../runtime/adapter.js';
import { createDockerAdapter } from '../runtime/docker/adapter.js';
import { EngineError } from '../runtime/docker/engine-client.js';
import { EngineHostError } from '../runtime/docker/engine-host.js';
import { parseDuration } from '../runtime/duration.js';
import { collectGarbage, type GarbageItem, type GarbageReport } from '../runtime/gc.js';
import { createPodmanAdapter } from '../runtime/podman/adapter.js';
import { engineUnreachable } from './engine-unreachable.js';
import { parseCommandLine } from './command-line.js';
import { CliError, type CommandIO } from './io.js';

const USAGE = `Usage: dfkit gc [options]

Removes what dfkit left on the engine: containers it created that have stopped, and images it built that are
dangling (untagged) or, with --until, older than that. Only things carrying dfkit's label (dev.dfkit.managed)
are looked at; an image some container still uses is kept. dfkit writes no temporary files, so there are none
to remove.

Options:
      --runtime <engine>     docker | podman (default: docker; podman from CONTAINER_HOST or DOCKER_HOST)
      --until <duration>     Also remove tagged images created at least this long ago (e.g. 24h, 90m, 7d)
      --force                Also remove running containers (they are killed)
      --dry-run              Print what would be removed, remove nothing
      --label <K=V>          Only consider things that also carry this label (repeatable)
      --format <format>      text | json (default: text)
  -h, --help                 Show this help

Exit codes: 0 done (or nothing to do), 1 something could not be removed or no engine answered, 2 bad usage.
`;

function readLabels(values: readonly string[]): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const value of values) {
    const equals = value.indexOf('=');
    if (equals <= 0) throw new CliError(`--label '${value}' is not KEY=VALUE`);
    labels[value.slice(0, equals)] = value.slice(equals + 1);
  }
  return labels;
}

const REASON_TEXT: Readonly<Record<GarbageItem['reason'], string>> = {
  stopped: 'stopped',
  running: 'running',
  dangling: 'dangling',
  expired: 'older than --until',
};

const ACTION_TEXT: Readonly<Record<GarbageItem['action'], string>> = {
  removed: 'removed',
  'would-remove': 'would remove',
  kept: 'kept',
  failed: 'failed to remove',
};

function describeItem(item: GarbageItem): string {
  const id = item.id.replace(/^sha256:/, '').slice(0, 12);
  const name = item.name === '' ? '' : ` ${item.name}`;
  const detail = item.detail === undefined ? '' : `: ${item.detail}`;
  return `${ACTION_TEXT[item.action]} ${item.kind} ${id}${name} (${REASON_TEXT[item.reason]})${detail}\n`;
}

function summaryOf(report: GarbageReport): string {
  const count = (action: GarbageItem['action']): number => report.items.filter((item) => item.action === action).length;
  if (report.items.length === 0) return 'nothing to remove\n';
  const parts = report.dryRun ? [`${count('would-remove')} would be removed`] : [`${count('removed')} removed`];
  if (count('kept') > 0) parts.push(`${count('kept')} kept`);
  if (count('failed') > 0) parts.push(`${count('failed')} failed`);
  return `${parts.join(', ')}\n`;
}

function adapterFor(runtime: 'docker' | 'podman', io: CommandIO): RuntimeAdapter {
  try {
    return runtime === 'podman' ? createPodmanAdapter(io.env) : createDockerAdapter(io.env);
  } catch (error) {
    if (error instanceof EngineHostError) throw new CliError(`${runtime === 'podman' ? 'CONTAINER_HOST' : 'DOCKER_HOST'}: ${error.message}`);
    throw error;
  }
}

export async function runGc(argv: readonly string[], io: CommandIO): Promise<number> {
  const parsed = parseCommandLine(
    argv,
    {
      runtime: { type: 'string', default: 'docker' },
      until: { type: 'string' },
      force: { type: 'boolean' },
      'dry-run': { type: 'boolean' },
      label: { type: 'string', multiple: true, default: [] },
      format: { type: 'string', default: 'text' },
      help: { type: 'boolean', short: 'h' },
    },
    USAGE,
    false,
  );
  const { values } = parsed;
  if (values.help) {
    io.stdout(USAGE);
    return 0;
  }
  const runtime = values.runtime;
  if (runtime !== 'docker' && runtime !== 'podman') throw new CliError(`unknown runtime '${runtime}' (use docker or podman)`);
  const format = values.format;
  if (format !== 'text' && format !== 'json') throw new CliError(`unknown format '${format}' (use text or json)`);
  let olderThanMs: number | undefined;
  if (values.until !== undefined) {
    const parsedUntil = parseDuration(values.until);
    if (parsedUntil === null) throw new CliError(`--until '${values.until}' is not a duration (e.g. 24h, 90m, 7d, 1h30m)`);
    olderThanMs = parsedUntil;
  }
  const labels = readLabels(values.label);

  let report: GarbageReport;
  try {
    report = await collectGarbage(adapterFor(runtime, io), {
      ...(values['dry-run'] && { dryRun: true }),
      ...(values.force && { force: true }),
      ...(olderThanMs !== undefined && { olderThanMs }),
      ...(Object.keys(labels).length > 0 && { labels }),
    });
  } catch (error) {
    if (error instanceof EngineError && error.status === null) {
      throw engineUnreachable(runtime, error.engineMessage);
    }
    throw error;
  }

  if (format === 'json') io.stdout(`${JSON.stringify(report)}\n`);
  else io.stdout(report.items.map(describeItem).join('') + summaryOf(report));
  return report.items.some((item) => item.action === 'failed') ? 1 : 0;
}
