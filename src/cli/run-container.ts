/**
 * `dfkit run <image> [-e K=V]… [-v vol:/path]… [--network none|host] [--rm | --keep] [--workdir P] [--user U]
 * [--timeout SECONDS] [-t] [-- cmd…]`: runs a container on the local Docker engine, streams its output and exits
 * with its exit code.
 */
import { resolve } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import type { NetworkMode, RunRequest } from '../runtime/adapter.js';
import { RunError, runContainer } from '../runtime/docker/containers.js';
import { EngineClient, EngineError } from '../runtime/docker/engine-client.js';
import { createPodmanAdapter } from '../runtime/podman/adapter.js';
import { EngineHostError } from '../runtime/docker/engine-host.js';
import { engineUnreachable } from './engine-unreachable.js';
import { parseCommandLine } from './command-line.js';
import { CliError, type CommandIO } from './io.js';

const USAGE = `Usage: dfkit run <image> [options] [--] [command…]

Runs a container from a local image (nothing is pulled), streams its output and exits with its exit code.
Options go before the command; the command starts at the first argument after the image that is not an option,
or after --.

Options:
  -e, --env <K=V>            Environment variable (repeatable); -e K passes K from this environment
  -v, --volume <src:/path>   Named volume (name:/path, kept across runs) or bind mount (/host/dir:/path);
                             append :ro for read-only (repeatable)
      --network <mode>       none | host (default: none)
      --runtime <engine>     docker | podman (default: docker; podman from CONTAINER_HOST or DOCKER_HOST)
      --rm                   Remove the container when it ends (the default)
      --keep                 Keep the container when it ends
  -w, --workdir <path>       Working directory inside the container
  -u, --user <user[:group]>  User to run as
      --entrypoint <cmd>     Replace the image's entrypoint ("" clears it)
      --timeout <seconds>    Kill the container after this long
  -t, --tty                  Allocate a terminal (stdout and stderr merged)
  -h, --help                 Show this help

Exit status: the container's, or 125 when it could not run (no engine, image missing, engine refused).
`;

/** Exit status when the container could not be run at all, as `docker run` uses it. */
const CANNOT_RUN = 125;
/** Exit status after Ctrl-C killed the container (128 + SIGINT). */
const INTERRUPTED = 130;

const VALUE_OPTIONS = new Set(['-e', '--env', '-v', '--volume', '--network', '--runtime', '-w', '--workdir', '-u', '--user', '--entrypoint', '--timeout']);

/**
 * Splits the arguments into dfkit's options with the image, and the container's command: the command starts
 * after `--`, or at the first positional argument after the image, so `dfkit run img sh -c 'exit 3'` works as
 * with `docker run`.
 */
function splitCommand(argv: readonly string[]): { own: string[]; command: string[] | null } {
  let sawImage = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') return { own: argv.slice(0, i), command: argv.slice(i + 1) };
    if (arg.startsWith('-') && arg !== '-') {
      if (VALUE_OPTIONS.has(arg)) i++;
      continue;
    }
    if (sawImage) return { own: argv.slice(0, i), command: argv.slice(i) };
    sawImage = true;
  }
  return { own: [...argv], command: null };
}

function readEnv(values: readonly string[], io: CommandIO): Record<string, string> {
  const env: Record<string, string> = {};
  for (const value of values) {
    const equals = value.indexOf('=');
    if (equals === 0) throw new CliError(`--env '${value}' has no variable name`);
    if (equals > 0) {
      env[value.slice(0, equals)] = value.slice(equals + 1);
    } else {
      // `-e NAME` passes this environment's value, and nothing when it is unset (as docker does).
      const inherited = io.env[value];
      if (inherited !== undefined) env[value] = inherited;
    }
  }
  return env;
}

/** Relative host paths (`./data:/data`) are bind mounts of a directory under the current one. */
function readVolume(value: string, io: CommandIO): string {
  if (value.startsWith('./') || value.startsWith('../') || value.startsWith('.:') || value.startsWith('..:')) {
    const colon = value.indexOf(':');
    if (colon < 0) return value;
    return `${resolve(io.cwd, value.slice(0, colon))}${value.slice(colon)}`;
  }
  return value;
}

function readTimeout(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const seconds = Number(value);
  if (value.trim() === '' || !Number.isFinite(seconds) || seconds <= 0) throw new CliError(`--timeout '${value}' is not a positive number of seconds`);
  return Math.round(seconds * 1000);
}

/** Text of one output stream; a UTF-8 character split across chunks stays whole. Binary output is shown as decoded. */
function textSink(write: (text: string) => void): { write(data: Uint8Array): void; end(): void } {
  const decoder = new StringDecoder('utf8');
  return {
    write: (data) => {
      const text = decoder.write(Buffer.from(data.buffer, data.byteOffset, data.byteLength));
      if (text !== '') write(text);
    },
    end: () => {
      const rest = decoder.end();
      if (rest !== '') write(rest);
    },
  };
}

function requestFrom(argv: readonly string[], io: CommandIO): { request: RunRequest; help: boolean; runtime: 'docker' | 'podman' } {
  const { own, command } = splitCommand(argv);
  const parsed = parseCommandLine(
    own,
    {
      env: { type: 'string', short: 'e', multiple: true, default: [] },
      volume: { type: 'string', short: 'v', multiple: true, default: [] },
      network: { type: 'string', default: 'none' },
      runtime: { type: 'string', default: 'docker' },
      rm: { type: 'boolean' },
      keep: { type: 'boolean' },
      workdir: { type: 'string', short: 'w' },
      user: { type: 'string', short: 'u' },
      entrypoint: { type: 'string' },
      timeout: { type: 'string' },
      tty: { type: 'boolean', short: 't' },
      help: { type: 'boolean', short: 'h' },
    },
    USAGE,
  );
  const { values, positionals } = parsed;
  const image = positionals[0];
  const runtime = values.runtime;
  if (runtime !== 'docker' && runtime !== 'podman') throw new CliError(`unknown runtime '${runtime}' (use docker or podman)`);
  if (values.help) return { request: { image: image ?? '' }, help: true, runtime };
  if (image === undefined) throw new CliError(`run needs an image\n\n${USAGE}`);
  if (values.rm && values.keep) throw new CliError('use either --rm or --keep, not both');
  const network = values.network;
  if (network !== 'none' && network !== 'host') throw new CliError(`unknown network mode '${network}' (use none or host)`);
  const timeoutMs = readTimeout(values.timeout);
  const request: RunRequest = {
    image,
    ...(command !== null && command.length > 0 && { command }),
    ...(values.entrypoint !== undefined && { entrypoint: values.entrypoint === '' ? [] : [values.entrypoint] }),
    env: readEnv(values.env, io),
    volumes: values.volume.map((volume) => readVolume(volume, io)),
    network: network satisfies NetworkMode,
    ...(values.workdir !== undefined && { workdir: values.workdir }),
    ...(values.user !== undefined && { user: values.user }),
    ...(timeoutMs !== undefined && { timeoutMs }),
    tty: values.tty === true,
    remove: values.keep !== true,
  };
  return { request, help: false, runtime };
}

function engineClient(io: CommandIO, runtime: string): EngineClient {
  try {
    // Podman's client adds the ulimits containers need on hosts without CAP_SYS_RESOURCE.
    if (runtime === 'podman') return createPodmanAdapter(io.env).client;
    return new EngineClient({ env: io.env });
  } catch (error) {
    if (error instanceof EngineHostError) throw new CliError(`cannot use DOCKER_HOST: ${error.message}`, CANNOT_RUN);
    throw error;
  }
}

export async function runRunContainer(argv: readonly string[], io: CommandIO): Promise<number> {
  const { request, help, runtime } = requestFrom(argv, io);
  if (help) {
    io.stdout(USAGE);
    return 0;
  }
  const client = engineClient(io, runtime);
  const stdout = textSink((text) => io.stdout(text));
  const stderr = textSink((text) => io.stderr(text));
  // Ctrl-C kills and removes the container instead of leaving it running behind us.
  const interrupt = new AbortController();
  const onInterrupt = (): void => interrupt.abort();
  process.once('SIGINT', onInterrupt);
  try {
    const outcome = await runContainer(client, request, {
      signal: interrupt.signal,
      onEvent: (event) => (event.stream === 'stdout' ? stdout : stderr).write(event.data),
    });
    stdout.end();
    stderr.end();
    if (outcome.killed && interrupt.signal.aborted) return INTERRUPTED;
    if (outcome.killed) io.stderr(`dfkit: the container ran longer than --timeout ${(request.timeoutMs ?? 0) / 1000}s and was killed\n`);
    if (request.remove === false) io.stderr(`dfkit: kept container ${outcome.containerId.slice(0, 12)}\n`);
    return outcome.exitCode;
  } catch (error) {
    stdout.end();
    stderr.end();
    if (interrupt.signal.aborted) return INTERRUPTED;
    if (error instanceof RunError) {
      if (error.code === 'invalid-argument') throw new CliError(error.message);
      if (error.code === 'engine-unreachable') {
        throw engineUnreachable(runtime, error.cause instanceof EngineError ? error.cause.engineMessage : error.message, CANNOT_RUN);
      }
      throw new CliError(error.message, CANNOT_RUN);
    }
    throw error;
  } finally {
    process.removeListener('SIGINT', onInterrupt);
  }
}
