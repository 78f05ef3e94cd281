/**
 * `dfkit build [context] [-f Dockerfile] [-t tag]… [--target T] [--build-arg K=V]… [--builder buildkit|classic]
 * [--network none|host] [--no-cache] [--secret id=…,src=…|env=…]… [--ssh id[=socket]]… [-o dir|type=tar,dest=file] [--progress auto|tty|plain|json]`
 */
import { basename, resolve } from 'node:path';
import type { BuildEvent, BuildStepRef } from '../runtime/adapter.js';
import { buildWithPlan, type PlannedBuildOutcome } from '../runtime/docker/build.js';
import { EngineClient, EngineError } from '../runtime/docker/engine-client.js';
import { EngineHostError } from '../runtime/docker/engine-host.js';
import { createPodmanAdapter } from '../runtime/podman/adapter.js';
import { readBuildArgs } from './build-args.js';
import { readOutputFlag, readSecretFlags, readSshFlags } from './session-flags.js';
import { BuildView } from './build-view.js';
import { formatBytes } from './bytes.js';
import { engineUnreachable } from './engine-unreachable.js';
import { parseCommandLine } from './command-line.js';
import { CliError, type CommandIO } from './io.js';

const USAGE = `Usage: dfkit build [context] [options]

Builds an image with the local Docker engine (or Podman). The context is filtered with .dockerignore, and when the plan
shows the build needs only some of its files, only those are sent.

Options:
  -f, --file <path>          Dockerfile (default: <context>/Dockerfile)
  -t, --tag <name:tag>       Tag the image (repeatable)
      --target <stage>       Build this stage (default: the last one)
      --build-arg <K=V>      Build argument (repeatable)
      --builder <builder>    buildkit | classic (default: buildkit; ignored with --runtime podman)
      --runtime <engine>     docker | podman (default: docker; podman from CONTAINER_HOST or DOCKER_HOST)
      --network <mode>       none | host, for RUN steps (default: none)
      --no-cache             Do not use the engine's build cache
      --secret <spec>        A secret for RUN --mount=type=secret (repeatable; BuildKit only):
                             id=<id>,src=<file> or id=<id>,env=<variable>
      --ssh <id>[=<socket>]  An SSH agent for RUN --mount=type=ssh (repeatable; BuildKit only):
                             default (SSH_AUTH_SOCK's agent) or <id>=<agent socket>
  -o, --output <spec>        Write the result as files instead of an image (BuildKit only):
                             <dir>, type=local,dest=<dir> or type=tar,dest=<file>
      --progress <mode>      auto | tty | plain | json (default: auto: a live view on a terminal,
                             plain lines otherwise)
  -h, --help                 Show this help

Exit codes: 0 built, 1 the build failed or no engine answered, 2 bad usage.
`;

interface Printer {
  print(event: BuildEvent): void;
  /** Prints output still waiting for its newline. */
  flush(): void;
}

/** Prints events as plain lines: steps with `=>`, their output line by line, prefixed with the Dockerfile line. */
function plainPrinter(io: CommandIO, dockerfileName: string): Printer {
  const where = (step: BuildStepRef | undefined): string => (step?.line !== undefined ? `${dockerfileName}:${step.line}` : '');
  // Steps may run in parallel (BuildKit) and a chunk of output may end mid-line: lines are completed per step.
  const pending = new Map<string, string>();
  const flush = (prefix?: string): void => {
    for (const [key, rest] of pending) if ((prefix === undefined || key === prefix) && rest !== '') io.stdout(`${key} | ${rest}\n`);
    if (prefix === undefined) pending.clear();
    else pending.delete(prefix);
  };
  const print = (event: BuildEvent): void => {
    switch (event.type) {
      case 'context': {
        const part = event.bytesSent < event.bytesTotal ? ` (of ${formatBytes(event.bytesTotal)}: only what the build needs)` : '';
        const verb = event.transport === 'session' ? 'offering' : 'sending';
        io.stdout(`=> ${verb} context: ${event.files} file${event.files === 1 ? '' : 's'}, ${formatBytes(event.bytesSent)}${part}\n`);
        return;
      }
      case 'upload':
        if (event.done && event.transport === 'session') io.stdout(`=> context synced: ${formatBytes(event.bytesUploaded)} changed since the engine's copy\n`);
        return;
      case 'step-started':
        io.stdout(`=> ${event.step.name}${event.step.line !== undefined ? `  (${where(event.step)})` : ''}\n`);
        return;
      case 'step-cached':
        io.stdout(`=> CACHED ${event.step.name}\n`);
        return;
      case 'step-done':
        flush(where(event.step) || 'build');
        return;
      case 'log': {
        const prefix = where(event.step) || 'build';
        const lines = ((pending.get(prefix) ?? '') + event.text).split(/\r?\n/);
        pending.set(prefix, lines.pop() ?? '');
        io.stdout(lines.map((line) => `${prefix} | ${line}\n`).join(''));
        return;
      }
      case 'warning':
        io.stderr(`warning: ${event.message}\n`);
        return;
      case 'error':
        flush();
        return; // reported once the outcome is known, with the instruction
      case 'image':
        flush();
        io.stdout(`=> built ${event.id}\n`);
        return;
    }
  };
  return { print, flush: () => flush() };
}

/** `auto` redraws in place on a terminal that can take it, and prints plain lines elsewhere (pipes, CI logs). */
function wantsLiveView(progress: 'auto' | 'tty' | 'plain', io: CommandIO): boolean {
  if (progress !== 'auto') return progress === 'tty';
  return io.isTTY && io.env['TERM'] !== 'dumb' && !io.env['CI'];
}

function liveView(io: CommandIO, dockerfileName: string): Printer {
  const view = new BuildView(
    { write: (text) => io.stdout(text), columns: io.columns ?? 80, color: !io.env['NO_COLOR'] },
    { dockerfileName },
  );
  return { print: (event) => view.print(event), flush: () => view.close() };
}

/** The failing instruction as `path:LINE: message` and the instruction text under it. */
function describeFailure(outcome: PlannedBuildOutcome, dockerfilePath: string): string {
  const error = outcome.error;
  if (!error) return '';
  if (error.line === undefined) return `build failed: ${error.message}`;
  const step = outcome.plan?.stages.flatMap((stage) => stage.steps).find((s) => s.line === error.line);
  const instruction = step ? `\n  ${error.line} | ${step.instruction}` : '';
  return `${dockerfilePath}:${error.line}: ${error.message}${instruction}`;
}

export async function runBuild(argv: readonly string[], io: CommandIO): Promise<number> {
  const parsed = parseCommandLine(
    argv,
    {
      file: { type: 'string', short: 'f' },
      tag: { type: 'string', short: 't', multiple: true, default: [] },
      target: { type: 'string' },
      'build-arg': { type: 'string', multiple: true, default: [] },
      builder: { type: 'string', default: 'buildkit' },
      runtime: { type: 'string', default: 'docker' },
      network: { type: 'string', default: 'none' },
      'no-cache': { type: 'boolean' },
      secret: { type: 'string', multiple: true, default: [] },
      ssh: { type: 'string', multiple: true, default: [] },
      output: { type: 'string', short: 'o' },
      progress: { type: 'string', default: 'auto' },
      help: { type: 'boolean', short: 'h' },
    },
    USAGE,
  );
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout(USAGE);
    return 0;
  }
  if (positionals.length > 1) throw new CliError(`build takes one context directory, got ${positionals.length}`);
  const runtime = values.runtime;
  if (runtime !== 'docker' && runtime !== 'podman') throw new CliError(`unknown runtime '${runtime}' (use docker or podman)`);
  const builder = values.builder;
  if (builder !== 'buildkit' && builder !== 'classic') throw new CliError(`unknown builder '${builder}' (use buildkit or classic)`);
  const network = values.network;
  if (network !== 'none' && network !== 'host') throw new CliError(`unknown network mode '${network}' (use none or host)`);
  const progress = values.progress;
  if (progress !== 'auto' && progress !== 'tty' && progress !== 'plain' && progress !== 'json') {
    throw new CliError(`unknown progress mode '${progress}' (use auto, tty, plain or json)`);
  }
  const buildArgs = readBuildArgs(values['build-arg']);
  const secrets = readSecretFlags(values.secret, io.cwd);
  const ssh = readSshFlags(values.ssh, io.cwd);
  const output = readOutputFlag(values.output, io.cwd);
  const context = resolve(io.cwd, positionals[0] ?? '.');
  const dockerfilePath = values.file !== undefined ? resolve(io.cwd, values.file) : resolve(context, 'Dockerfile');

  let client: EngineClient;
  try {
    // Podman's client adds the ulimits its containers need; builds use buildah and the planner's podman model.
    client = runtime === 'podman' ? createPodmanAdapter(io.env).client : new EngineClient({ env: io.env });
  } catch (error) {
    if (error instanceof EngineHostError) throw new CliError(`${runtime === 'podman' ? 'CONTAINER_HOST' : 'DOCKER_HOST'}: ${error.message}`);
    throw error;
  }

  const json = progress === 'json';
  const printer: Printer = json
    ? { print: (event) => io.stdout(`${JSON.stringify(event)}\n`), flush: () => undefined }
    : wantsLiveView(progress, io)
      ? liveView(io, basename(dockerfilePath))
      : plainPrinter(io, basename(dockerfilePath));
  const onEvent = (event: BuildEvent): void => printer.print(event);
  const controller = new AbortController();
  const interrupt = (): void => controller.abort();
  process.once('SIGINT', interrupt);
  let outcome: PlannedBuildOutcome;
  try {
    outcome = await buildWithPlan(
      client,
      {
        context,
        dockerfile: dockerfilePath,
        builder,
        network,
        ...(values.tag.length > 0 && { tags: values.tag }),
        ...(values.target !== undefined && { target: values.target }),
        ...(Object.keys(buildArgs).length > 0 && { buildArgs }),
        ...(values['no-cache'] && { noCache: true }),
        ...(secrets.length > 0 && { secrets }),
        ...(ssh.length > 0 && { ssh }),
        ...(output && { output }),
      },
      {
        signal: controller.signal,
        onEvent,
        cacheDir: io.env['DFKIT_CACHE_DIR'],
        env: io.env,
        ...(runtime === 'podman' && { model: 'podman' as const }),
      },
    );
  } catch (error) {
    if (controller.signal.aborted) {
      io.stderr('dfkit: build cancelled\n');
      return 130;
    }
    if (error instanceof EngineError && error.status === null) throw engineUnreachable(runtime, error.engineMessage);
    throw error;
  } finally {
    process.removeListener('SIGINT', interrupt);
    printer.flush();
  }

  if (json) {
    const { plan: _plan, ...result } = outcome;
    io.stdout(`${JSON.stringify({ type: 'result', ...result })}\n`);
  }
  if (outcome.error) {
    io.stderr(`dfkit: ${describeFailure(outcome, dockerfilePath)}\n`);
    return 1;
  }
  if (!json) {
    if (outcome.output) {
      const { type, dest, files, bytes } = outcome.output;
      io.stdout(type === 'tar' ? `=> exported ${dest} (${formatBytes(bytes)})\n` : `=> exported ${files} file${files === 1 ? '' : 's'} (${formatBytes(bytes)}) to ${dest}\n`);
    }
    for (const tag of values.tag) io.stdout(`=> tagged ${tag}\n`);
    for (const mismatch of outcome.mismatches ?? []) {
      io.stderr(`note: line ${mismatch.line}: the engine's cache ${mismatch.engine === 'hit' ? 'hit' : 'missed'}, the plan predicted a ${mismatch.predicted}\n`);
    }
  }
  return 0;
}
