/**
 * Running containers through the Docker Engine API: create → attach → start → wait → remove, the way
 * `docker run` does it, without the CLI. Output is attached before the container starts, so nothing written
 * early is lost; like the CLI, the attach asks for the stream alone. (Asking for the logs too, `logs=1`, made
 * the engine send a fast container's output twice now and then: once replayed from the log, once streamed.) Every path that created a container removes it again when the run fails,
 * is aborted or is killed, so nothing is left behind; only a run that ends by itself with `remove: false`
 * (or times out with it) keeps its container.
 *
 * Images are never pulled: a missing image is an error, not a download.
 */
import type { ClientRequest, IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { DFKIT_CONTAINER_VALUE, DFKIT_LABEL, type ContainerRef, type NetworkMode, type OperationOptions, type RunEvent, type RunOutcome, type RunRequest } from '../adapter.js';
import { FrameDemultiplexer, type OutputChunk } from './attach-stream.js';
import { EngineError, type EngineClient, engineMessageOf } from './engine-client.js';
import { startLongTimer } from '../long-timer.js';

export type RunErrorCode =
  /** The request cannot be turned into a container (bad volume, relative workdir, unknown network…). */
  | 'invalid-argument'
  /** The image is not in the local engine (and run never pulls). */
  | 'image-not-found'
  /** A container with the requested name exists. */
  | 'name-in-use'
  /** The engine created the container but could not start it (e.g. the command does not exist). */
  | 'start-failed'
  /** No engine answered. */
  | 'engine-unreachable'
  /** Any other refusal by the engine. */
  | 'engine-error';

/** Why a run could not happen; `cause` holds the engine's own error when there is one. */
export class RunError extends Error {
  constructor(
    readonly code: RunErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'RunError';
  }
}

/** A volume option (`name:/path`, `/host/path:/path`, optional `:ro` or `:rw`) as an engine mount. */
export interface VolumeMount {
  readonly Type: 'volume' | 'bind';
  readonly Source: string;
  readonly Target: string;
  readonly ReadOnly: boolean;
}

// Docker's rule for volume and container names.
const NAME_PATTERN = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;
// How long the output may keep flowing after the engine reported the exit before the attach stream is cut.
const OUTPUT_DRAIN_MS = 5_000;

/**
 * Parses a volume option. A source starting with `/` is a host directory (bind mount); otherwise it is the name
 * of a named volume, which the engine creates on first use and keeps across runs.
 *
 * @example
 * parseVolume('cache:/root/.cache')   // { Type: 'volume', Source: 'cache', Target: '/root/.cache', ReadOnly: false }
 * parseVolume('/srv/data:/data:ro')   // { Type: 'bind', Source: '/srv/data', Target: '/data', ReadOnly: true }
 */
export function parseVolume(spec: string): VolumeMount {
  const parts = spec.split(':');
  let readOnly = false;
  if (parts.length === 3) {
    const mode = parts.pop();
    if (mode !== 'ro' && mode !== 'rw') throw new RunError('invalid-argument', `volume '${spec}': unknown mode '${mode}' (use ro or rw)`);
    readOnly = mode === 'ro';
  }
  if (parts.length !== 2) throw new RunError('invalid-argument', `volume '${spec}' is not SOURCE:/container/path[:ro]`);
  const [source = '', target = ''] = parts;
  if (!target.startsWith('/')) throw new RunError('invalid-argument', `volume '${spec}': the container path '${target}' must be absolute`);
  if (source.startsWith('/')) return { Type: 'bind', Source: source, Target: target, ReadOnly: readOnly };
  if (!NAME_PATTERN.test(source)) {
    throw new RunError('invalid-argument', `volume '${spec}': '${source}' is neither an absolute host path nor a volume name ([a-zA-Z0-9][a-zA-Z0-9_.-]*)`);
  }
  return { Type: 'volume', Source: source, Target: target, ReadOnly: readOnly };
}

/** The `POST /containers/create` body for a request; throws {@link RunError} (`invalid-argument`) first. */
export function containerConfigOf(request: RunRequest): Record<string, unknown> {
  const invalid = (message: string): never => {
    throw new RunError('invalid-argument', message);
  };
  if (request.image.trim() === '' || /\s/.test(request.image)) invalid(`invalid image reference '${request.image}'`);
  const network: NetworkMode = request.network ?? 'none';
  if (network !== 'none' && network !== 'host') invalid(`unknown network mode '${String(network)}' (use none or host)`);
  if (request.workdir !== undefined && !request.workdir.startsWith('/')) invalid(`the working directory '${request.workdir}' must be an absolute path`);
  if (request.name !== undefined && !NAME_PATTERN.test(request.name)) invalid(`invalid container name '${request.name}' ([a-zA-Z0-9][a-zA-Z0-9_.-]*)`);
  if (request.timeoutMs !== undefined && !(Number.isFinite(request.timeoutMs) && request.timeoutMs > 0)) {
    invalid(`the timeout must be a positive number of milliseconds, not ${request.timeoutMs}`);
  }
  const env = Object.entries(request.env ?? {}).map(([key, value]) => {
    if (key === '' || key.includes('=')) invalid(`invalid environment variable name '${key}'`);
    return `${key}=${value}`;
  });
  const mounts = (request.volumes ?? []).map(parseVolume);
  return {
    Image: request.image,
    ...(request.command && request.command.length > 0 && { Cmd: [...request.command] }),
    // An empty entrypoint clears the image's; the engine reads `[""]` that way (an empty list would keep it).
    ...(request.entrypoint && { Entrypoint: request.entrypoint.length > 0 ? [...request.entrypoint] : [''] }),
    ...(env.length > 0 && { Env: env }),
    ...(request.workdir !== undefined && { WorkingDir: request.workdir }),
    ...(request.user !== undefined && { User: request.user }),
    Tty: request.tty === true,
    AttachStdin: false,
    AttachStdout: true,
    AttachStderr: true,
    OpenStdin: false,
    Labels: { ...request.labels, [DFKIT_LABEL]: DFKIT_CONTAINER_VALUE },
    HostConfig: {
      // Always explicit: an engine without a bridge network fails the default mode.
      NetworkMode: network,
      ...(mounts.length > 0 && { Mounts: mounts }),
    },
  };
}

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('This operation was aborted', 'AbortError');
}

function engineUnreachable(error: EngineError): RunError {
  return new RunError('engine-unreachable', `no Docker engine answered (${error.engineMessage})`, { cause: error });
}

function createError(error: unknown, request: RunRequest): unknown {
  if (!(error instanceof EngineError)) return error;
  if (error.status === null) return engineUnreachable(error);
  if (error.status === 404) {
    return new RunError('image-not-found', `image '${request.image}' not found locally (run never pulls; build or load it first)`, { cause: error });
  }
  if (error.status === 409) return new RunError('name-in-use', `cannot create the container: ${error.engineMessage}`, { cause: error });
  if (error.status === 400) return new RunError('invalid-argument', `invalid container configuration: ${error.engineMessage}`, { cause: error });
  return new RunError('engine-error', `cannot create the container: ${error.engineMessage}`, { cause: error });
}

function startError(error: unknown): unknown {
  if (!(error instanceof EngineError)) return error;
  if (error.status === null) return engineUnreachable(error);
  return new RunError('start-failed', `cannot start the container: ${error.engineMessage}`, { cause: error });
}

/**
 * Creates the container. The request is not cut short by an abort: cutting the connection would not tell
 * whether the engine created the container. Creation takes milliseconds; a container created after an abort is
 * removed before the abort is reported.
 */
async function create(client: EngineClient, request: RunRequest, signal: AbortSignal | undefined): Promise<string> {
  signal?.throwIfAborted();
  const config = containerConfigOf(request);
  const query = new URLSearchParams(request.name !== undefined ? { name: request.name } : {});
  let id: string;
  try {
    id = (await client.request<{ Id: string }>('POST', '/containers/create', { query, json: config })).Id;
  } catch (error) {
    throw createError(error, request);
  }
  if (signal?.aborted) {
    await removeContainer(client, id, { force: true }).catch(() => undefined);
    throw abortReason(signal);
  }
  return id;
}

interface AttachedOutput {
  /** Resolves when the engine closes the stream (the container ended) or {@link close} is called. */
  readonly ended: Promise<void>;
  close(): void;
}

function readErrorBody(res: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let text = '';
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => {
      if (text.length < 64 * 1024) text += chunk;
    });
    res.on('end', () => resolve(text));
    res.on('error', () => resolve(text));
  });
}

/**
 * Attaches to the container's stdout and stderr over an upgraded connection and forwards what arrives to
 * `deliver`. Resolves once the engine has switched protocols.
 */
async function attach(
  client: EngineClient,
  id: string,
  tty: boolean,
  deliver: (chunk: OutputChunk) => void,
  signal: AbortSignal,
): Promise<AttachedOutput> {
  const path = `/containers/${encodeURIComponent(id)}/attach`;
  const req: ClientRequest = await client.openRequest(
    'POST',
    `${path}?stream=1&stdout=1&stderr=1`,
    { Connection: 'Upgrade', Upgrade: 'tcp' },
    signal,
  );
  return new Promise<AttachedOutput>((resolve, reject) => {
    const onAbort = (): void => {
      req.destroy();
      reject(abortReason(signal));
    };
    if (signal.aborted) {
      onAbort();
      return;
    }
    signal.addEventListener('abort', onAbort, { once: true });
    const settle = (): void => signal.removeEventListener('abort', onAbort);
    req.on('error', (error) => {
      settle();
      reject(error instanceof EngineError ? error : new EngineError(null, error.message, 'POST', path));
    });
    req.on('response', (res) => {
      // Not upgraded: the engine refused the attach (e.g. 404 for a container removed meanwhile).
      const status = res.statusCode ?? 0;
      void readErrorBody(res).then((body) => {
        settle();
        req.destroy();
        reject(new EngineError(status, engineMessageOf(body, status), 'POST', path));
      });
    });
    req.on('upgrade', (_res: IncomingMessage, socket: Duplex, head: Buffer) => {
      settle();
      const frames = tty ? null : new FrameDemultiplexer();
      const receive = (bytes: Buffer): void => {
        if (bytes.length === 0) return;
        if (frames) for (const chunk of frames.push(bytes)) deliver(chunk);
        else deliver({ stream: 'stdout', data: Buffer.from(bytes) });
      };
      const ended = new Promise<void>((done) => {
        socket.on('end', done);
        socket.on('close', done);
        // A broken stream ends the output; the exit code still comes from /wait.
        socket.on('error', done);
      });
      receive(head);
      socket.on('data', receive);
      resolve({ ended, close: () => socket.destroy() });
    });
    req.end();
  });
}

/**
 * Runs a container to its end and reports its exit code: create, attach, start, wait, then remove (unless
 * `remove: false`). Output arrives as `output` events, stdout and stderr apart unless `tty` is set.
 *
 * `timeoutMs` (counted from the start) and `signal` kill the container (`POST /kill`); the outcome then says
 * `killed: true`, with the exit code the engine reports (137 for SIGKILL). An abort always removes the
 * container, even with `remove: false`; an abort before the container started rejects with the signal's reason.
 * Failures reject with a {@link RunError} and leave no container behind.
 *
 * @example
 * const client = new EngineClient();
 * const { exitCode } = await runContainer(client, { image: 'app:dev', command: ['npm', 'test'], network: 'none' }, {
 *   onEvent: (e) => (e.stream === 'stdout' ? process.stdout : process.stderr).write(e.data),
 * });
 */
export async function runContainer(client: EngineClient, request: RunRequest, options: OperationOptions<RunEvent> = {}): Promise<RunOutcome> {
  const { signal, onEvent } = options;
  const id = await create(client, request, signal);
  const containerPath = `/containers/${encodeURIComponent(id)}`;

  let started = false;
  let killedBy: 'timeout' | 'abort' | null = null;
  let failure: { error: unknown } | null = null;
  let output: AttachedOutput | null = null;
  let cancelTimeout: (() => void) | undefined;
  // Ends this run's own pending requests (attach, start) when it is stopped before the container runs.
  const stopping = new AbortController();

  const kill = (reason: 'timeout' | 'abort'): void => {
    if (killedBy !== null) return;
    killedBy = reason;
    if (!started) {
      stopping.abort(signal?.aborted ? abortReason(signal) : new DOMException('The run timed out', 'TimeoutError'));
      return;
    }
    // 409: it ended by itself meanwhile; 404: gone already. Either way /wait reports the end.
    client.request('POST', `${containerPath}/kill`).catch(() => undefined);
  };
  const onAbort = (): void => kill('abort');
  signal?.addEventListener('abort', onAbort, { once: true });
  if (signal?.aborted) onAbort();

  let exitCode = -1;
  try {
    const deliver = (chunk: OutputChunk): void => {
      if (failure) return;
      try {
        onEvent?.({ type: 'output', stream: chunk.stream, data: chunk.data });
      } catch (error) {
        // The caller's handler failed: the run is abandoned, and the promise rejects with its error.
        failure = { error };
        kill('abort');
      }
    };
    output = await attach(client, id, request.tty === true, deliver, stopping.signal);
    try {
      await client.request('POST', `${containerPath}/start`, { signal: stopping.signal });
    } catch (error) {
      throw startError(error);
    }
    started = true;
    if (killedBy !== null) {
      // Stopped while the start request was under way.
      await client.request('POST', `${containerPath}/kill`).catch(() => undefined);
    } else if (request.timeoutMs !== undefined) {
      cancelTimeout = startLongTimer(request.timeoutMs, () => kill('timeout'));
    }
    const waited = await client.request<{ StatusCode: number }>('POST', `${containerPath}/wait`, {
      query: new URLSearchParams({ condition: 'not-running' }),
    });
    exitCode = waited.StatusCode;
    // The exit is reported as soon as the process ends; output still in flight follows shortly.
    const ended = output.ended;
    await Promise.race([ended, new Promise((resolve) => setTimeout(resolve, OUTPUT_DRAIN_MS).unref())]);
  } catch (error) {
    failure ??= { error };
  } finally {
    cancelTimeout?.();
    signal?.removeEventListener('abort', onAbort);
    output?.close();
  }

  const keep = request.remove === false && failure === null && killedBy !== 'abort';
  if (!keep) {
    try {
      await removeContainer(client, id, { force: true });
    } catch (error) {
      failure ??= { error: new RunError('engine-error', `could not remove container ${id.slice(0, 12)}: ${error instanceof Error ? error.message : String(error)}`, { cause: error }) };
    }
  }
  if (failure) {
    // Stopped before it ran: the abort's reason says more than the request it cut short.
    if (killedBy === 'abort' && !started && signal?.aborted && !(failure.error instanceof RunError)) throw abortReason(signal);
    throw failure.error;
  }
  return { containerId: id, exitCode, killed: killedBy !== null };
}

/** Containers carrying dfkit's label (running or not), narrowed to those also carrying all of `labels`. */
export async function listManagedContainers(client: EngineClient, labels: Readonly<Record<string, string>> = {}, options: { signal?: AbortSignal } = {}): Promise<ContainerRef[]> {
  const label = [`${DFKIT_LABEL}=${DFKIT_CONTAINER_VALUE}`, ...Object.entries(labels).map(([key, value]) => `${key}=${value}`)];
  const found = await client.listContainers({ label }, { all: true, ...(options.signal && { signal: options.signal }) });
  return found.map((container) => ({
    id: container.Id,
    name: (container.Names[0] ?? '').replace(/^\//, ''),
    image: container.Image,
    state: container.State,
    labels: container.Labels ?? {},
  }));
}

/** `POST /containers/{id}/stop`: SIGTERM, then SIGKILL after `timeoutSeconds` (default: the engine's 10 s). A stopped container is fine. */
export async function stopContainer(client: EngineClient, id: string, options: { timeoutSeconds?: number } = {}): Promise<void> {
  const query = new URLSearchParams(options.timeoutSeconds !== undefined ? { t: String(Math.max(0, Math.round(options.timeoutSeconds))) } : {});
  try {
    await client.request('POST', `/containers/${encodeURIComponent(id)}/stop`, { query });
  } catch (error) {
    // 304: not running.
    if (!(error instanceof EngineError && error.status === 304)) throw error;
  }
}

/**
 * `DELETE /containers/{id}` with its anonymous volumes (named volumes stay). `force` kills a running container
 * first. A container that is already gone, or being removed, is not an error.
 */
export async function removeContainer(client: EngineClient, id: string, options: { force?: boolean } = {}): Promise<void> {
  const query = new URLSearchParams({ v: '1', ...(options.force && { force: '1' }) });
  try {
    await client.request('DELETE', `/containers/${encodeURIComponent(id)}`, { query });
  } catch (error) {
    if (error instanceof EngineError && (error.status === 404 || (error.status === 409 && /already in progress/i.test(error.engineMessage)))) return;
    throw error;
  }
}
