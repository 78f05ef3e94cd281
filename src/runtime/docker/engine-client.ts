/**
 * A thin, typed client for the Docker Engine API over `node:http` (unix socket or TCP, with TLS over
 * `node:https`). It covers what the runtime adapter needs — builds, images, listing containers — and nothing
 * more. Responses from the engine keep the engine's own field names, so its API reference applies as is.
 *
 * Failures of simple calls reject with an {@link EngineError} carrying the HTTP status and the engine's message;
 * a build that fails is not an exception but a {@link BuildResult} with `error` set.
 */
import http from 'node:http';
import https from 'node:https';
import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { BuildProgressDecoder, type BuildEvent, type BuildResult } from './build-progress.js';
import { resolveEndpoint, type EngineEndpoint, type Environment } from './engine-host.js';
import { encodeRegistryConfig, type RegistryAuth } from './registry-auth.js';

/** The newest API version this client speaks; an older engine's own version is used instead. */
export const MAX_API_VERSION = '1.41';
// The docker CLI assumes this when an engine does not announce a version.
const FALLBACK_API_VERSION = '1.24';
const ERROR_BODY_LIMIT = 64 * 1024;

/** A non-success answer from the engine, or no answer at all (`status` null: connection refused, reset, …). */
/** How long a ping may take: an engine answers at once, so a longer wait means something else is listening. */
export const PING_TIMEOUT_MS = 10_000;

export class EngineError extends Error {
  constructor(
    /** The HTTP status, or `null` when no response arrived. */
    readonly status: number | null,
    /** The engine's message (`{"message": …}` of the body) or the transport error's message. */
    readonly engineMessage: string,
    readonly method: string,
    readonly path: string,
  ) {
    super(status === null ? `${method} ${path}: ${engineMessage}` : `${method} ${path}: ${status} ${engineMessage}`);
    this.name = 'EngineError';
  }

  /** True for 404s (`No such image`, `No such container`). */
  get notFound(): boolean {
    return this.status === 404;
  }
}

export interface EngineClientOptions {
  /** `unix:///path` or `tcp://host:port`; default `DOCKER_HOST`, then `unix:///var/run/docker.sock`. */
  readonly host?: string;
  /** Where `DOCKER_HOST`, `DOCKER_TLS_VERIFY` and `DOCKER_CERT_PATH` are read; default `process.env`. */
  readonly env?: Environment;
  /** Skip negotiation and use this API version (e.g. `'1.41'`). Default: `DOCKER_API_VERSION`, else negotiated. */
  readonly apiVersion?: string;
}

export interface CallOptions {
  readonly signal?: AbortSignal;
}

export interface PingInfo {
  /** The API version the engine announces (`Api-Version`). */
  readonly apiVersion: string;
  readonly osType?: string;
  /** `'2'` when the engine builds with BuildKit by default, `'1'` for the classic builder. */
  readonly builderVersion?: string;
  readonly experimental: boolean;
}

/** `GET /version` (a subset; other fields are present but untyped). */
export interface EngineVersion {
  readonly Version: string;
  readonly ApiVersion: string;
  readonly MinAPIVersion?: string;
  readonly Os: string;
  readonly Arch: string;
  readonly KernelVersion?: string;
  readonly Components?: ReadonlyArray<{ readonly Name: string; readonly Version: string }>;
  readonly [field: string]: unknown;
}

/** `GET /images/{name}/json` (a subset). */
export interface ImageInspect {
  readonly Id: string;
  readonly RepoTags: readonly string[] | null;
  readonly Parent?: string;
  readonly Created: string;
  readonly Size: number;
  readonly Config: {
    readonly Labels?: Readonly<Record<string, string>> | null;
    readonly Env?: readonly string[] | null;
    readonly Cmd?: readonly string[] | null;
    readonly Entrypoint?: readonly string[] | null;
    readonly WorkingDir?: string;
    readonly User?: string;
    readonly Shell?: readonly string[] | null;
    readonly OnBuild?: readonly string[] | null;
    readonly [field: string]: unknown;
  } | null;
  readonly RootFS?: { readonly Type: string; readonly Layers?: readonly string[] };
  /** The platform the image is for. */
  readonly Os?: string;
  readonly Architecture?: string;
  readonly Variant?: string;
  readonly [field: string]: unknown;
}

/** `GET /images/{ref}/history` entries (a subset). */
export interface ImageHistoryItem {
  /** The instruction that made the entry, e.g. `/bin/sh -c #(nop)  ONBUILD RUN make`. */
  readonly CreatedBy?: string;
  readonly [field: string]: unknown;
}

/** `GET /images/json` entries (a subset). */
export interface ImageSummary {
  readonly Id: string;
  readonly ParentId: string;
  readonly RepoTags: readonly string[] | null;
  readonly Labels: Readonly<Record<string, string>> | null;
  readonly Created: number;
  readonly Size: number;
  readonly [field: string]: unknown;
}

/** `GET /containers/json` entries (a subset). */
export interface ContainerSummary {
  readonly Id: string;
  readonly Names: readonly string[];
  readonly Image: string;
  /** The ID of the image it was created from (`Image` is the reference as given). */
  readonly ImageID?: string;
  readonly State: string;
  readonly Labels: Readonly<Record<string, string>> | null;
  readonly [field: string]: unknown;
}

/** One line of `DELETE /images/{name}`. */
export interface ImageDeleteItem {
  readonly Untagged?: string;
  readonly Deleted?: string;
}

/** Engine API filters: `{ label: ['a=b'], dangling: ['true'] }`. */
export type Filters = Readonly<Record<string, readonly string[]>>;

export type Builder = 'classic' | 'buildkit';

export interface BuildParams {
  readonly tags?: readonly string[];
  /** Path of the Dockerfile inside the tar; default `Dockerfile`. */
  readonly dockerfile?: string;
  readonly target?: string;
  readonly buildArgs?: Readonly<Record<string, string>>;
  readonly labels?: Readonly<Record<string, string>>;
  /**
   * Required: BuildKit fails every RUN with "network bridge not found" on an engine without the default bridge
   * when the mode is left to the engine, and BuildKit keys RUN steps on it.
   */
  readonly networkMode: 'none' | 'host' | 'default';
  readonly noCache?: boolean;
  readonly builder: Builder;
  /** BuildKit only: an ID for {@link EngineClient.cancelBuild}. One is generated when absent. */
  readonly buildId?: string;
  /** e.g. `linux/amd64`. */
  readonly platform?: string;
  /**
   * BuildKit only: the ID of an open build session (secrets, and the context when `contextFromSession`).
   */
  readonly session?: string;
  /** BuildKit only: the engine syncs the context and the Dockerfile from the session; the request has no body. */
  readonly contextFromSession?: boolean;
  /**
   * Credentials for the registries base images are pulled from, by server address (`X-Registry-Config`, which
   * the classic builder reads; BuildKit asks the session instead).
   */
  readonly registryConfig?: Readonly<Record<string, RegistryAuth>>;
  /** podman only: `false` pulls base images over plain HTTP (its `tlsVerify` parameter; Docker ignores it). */
  readonly tlsVerify?: boolean;
  /** BuildKit only: export the result as files through the session (`local` or `tar`) instead of an image. */
  readonly outputs?: ReadonlyArray<{ readonly type: 'local' | 'tar' }>;
}

export interface BuildOptions extends CallOptions {
  /** Called for every decoded event, in stream order. An exception thrown here aborts the build and rejects. */
  readonly onEvent?: (event: BuildEvent) => void;
}

interface RawResponse {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
}

interface RequestSpec {
  readonly method: string;
  readonly path: string;
  readonly query?: URLSearchParams;
  readonly json?: unknown;
  readonly signal?: AbortSignal;
}

function parseVersion(v: string): [number, number] {
  const [major = 0, minor = 0] = v.split('.').map((part) => Number.parseInt(part, 10) || 0);
  return [major, minor];
}

function olderVersion(a: string, b: string): string {
  const [am, an] = parseVersion(a);
  const [bm, bn] = parseVersion(b);
  return am < bm || (am === bm && an < bn) ? a : b;
}

/** The engine's `{"message": …}`, else the body itself (trimmed), else the status text. */
export function engineMessageOf(body: string, status: number): string {
  try {
    const parsed: unknown = JSON.parse(body);
    if (typeof parsed === 'object' && parsed !== null && typeof (parsed as { message?: unknown }).message === 'string') {
      return (parsed as { message: string }).message;
    }
  } catch {
    // not JSON: fall through to the raw text
  }
  return body.trim() || http.STATUS_CODES[status] || `HTTP ${status}`;
}

function filtersQuery(filters: Filters | undefined, extra: Record<string, string> = {}): URLSearchParams {
  const query = new URLSearchParams(extra);
  if (filters && Object.keys(filters).length > 0) query.set('filters', JSON.stringify(filters));
  return query;
}

function buildQuery(params: BuildParams, buildId: string): URLSearchParams {
  const q = new URLSearchParams();
  for (const tag of params.tags ?? []) q.append('t', tag);
  if (params.dockerfile) q.set('dockerfile', params.dockerfile);
  if (params.target) q.set('target', params.target);
  if (params.buildArgs) q.set('buildargs', JSON.stringify(params.buildArgs));
  if (params.labels) q.set('labels', JSON.stringify(params.labels));
  q.set('networkmode', params.networkMode);
  if (params.noCache) q.set('nocache', '1');
  if (params.platform) q.set('platform', params.platform);
  if (params.tlsVerify === false) q.set('tlsVerify', 'false');
  if (params.builder === 'buildkit') {
    q.set('version', '2');
    q.set('buildid', buildId);
    if (params.session) q.set('session', params.session);
    if (params.contextFromSession) q.set('remote', 'client-session');
    if (params.outputs && params.outputs.length > 0) q.set('outputs', JSON.stringify(params.outputs.map((output) => ({ Type: output.type, Attrs: {} }))));
  } else {
    q.set('version', '1');
    // Remove intermediate containers after failed steps too, so a failed build leaves nothing behind.
    q.set('rm', '1');
    q.set('forcerm', '1');
  }
  return q;
}

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('This operation was aborted', 'AbortError');
}

/** `promise`, or a rejection with the signal's reason if that comes first. */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(abortReason(signal));
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(abortReason(signal));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

/**
 * @example
 * const engine = new EngineClient();
 * const { apiVersion } = await engine.ping();
 * const result = await engine.build(createContextTar({ entries, openFile }), {
 *   tags: ['app:dev'], networkMode: 'none', builder: 'buildkit',
 * }, { onEvent: (e) => e.type === 'output' && process.stdout.write(e.text) });
 * if (result.error) console.error(result.error.message);
 */
export class EngineClient {
  private readonly endpoint: EngineEndpoint;
  private readonly agent: http.Agent;
  private readonly fixedVersion: string | undefined;
  private negotiated: Promise<string> | null = null;

  constructor(options: EngineClientOptions = {}) {
    const env = options.env ?? process.env;
    this.endpoint = resolveEndpoint(options.host, env);
    this.fixedVersion = options.apiVersion ?? (env['DOCKER_API_VERSION'] || undefined);
    const tls = this.endpoint.kind === 'tcp' ? this.endpoint.tls : null;
    // No keep-alive: an idle connection the engine closes would fail the next request at random.
    this.agent = tls
      ? new https.Agent({ keepAlive: false, ca: tls.ca, cert: tls.cert, key: tls.key, rejectUnauthorized: tls.verify })
      : new http.Agent({ keepAlive: false });
  }

  /**
   * `GET /_ping`, unversioned. Resolves only when the engine answers 200. Anything else at the address (a web
   * server, a listener that never answers within {@link PING_TIMEOUT_MS}) rejects with an {@link EngineError}
   * without a status, as an unreachable engine does: there is no engine to talk to.
   */
  async ping(options: CallOptions = {}): Promise<PingInfo> {
    const timeout = AbortSignal.timeout(PING_TIMEOUT_MS);
    const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
    let res: RawResponse;
    try {
      res = await this.send({ method: 'GET', path: '/_ping', signal }, false);
    } catch (error) {
      if (options.signal?.aborted) throw error;
      if (timeout.aborted) {
        throw new EngineError(null, `no answer to /_ping within ${PING_TIMEOUT_MS / 1000} s: not a Docker engine`, 'GET', '/_ping');
      }
      if (error instanceof EngineError && error.status !== null) {
        throw new EngineError(null, `answered /_ping with status ${error.status}: not a Docker engine`, 'GET', '/_ping');
      }
      throw error;
    }
    const header = (name: string): string | undefined => {
      const value = res.headers[name];
      return Array.isArray(value) ? value[0] : value;
    };
    const osType = header('ostype');
    const builderVersion = header('builder-version');
    return {
      apiVersion: header('api-version') ?? FALLBACK_API_VERSION,
      ...(osType && { osType }),
      ...(builderVersion && { builderVersion }),
      experimental: header('docker-experimental') === 'true',
    };
  }

  /** The API version requests use: the engine's, capped at {@link MAX_API_VERSION}. Negotiated once. */
  apiVersion(options: CallOptions = {}): Promise<string> {
    if (this.fixedVersion) return Promise.resolve(this.fixedVersion);
    if (!this.negotiated) {
      // Shared by concurrent callers, so no single caller's signal may abort it; each caller only stops waiting.
      this.negotiated = this.ping().then(
        (info) => olderVersion(info.apiVersion, MAX_API_VERSION),
        (error: unknown) => {
          this.negotiated = null; // let a later call retry
          throw error;
        },
      );
    }
    return options.signal ? untilAborted(this.negotiated, options.signal) : this.negotiated;
  }

  /** `GET /version`. */
  async version(options: CallOptions = {}): Promise<EngineVersion> {
    return this.json<EngineVersion>({ method: 'GET', path: '/version', ...options });
  }

  /** `GET /images/{ref}/json`; rejects with a 404 {@link EngineError} ("No such image: …") when absent. */
  inspectImage(ref: string, options: CallOptions = {}): Promise<ImageInspect> {
    return this.json<ImageInspect>({ method: 'GET', path: `/images/${encodeURIComponent(ref)}/json`, ...options });
  }

  /** `GET /images/{ref}/history`: the image's layers and metadata changes, newest first. */
  imageHistory(ref: string, options: CallOptions = {}): Promise<ImageHistoryItem[]> {
    return this.json<ImageHistoryItem[]>({ method: 'GET', path: `/images/${encodeURIComponent(ref)}/history`, ...options });
  }

  /** `DELETE /images/{ref}`. Without `force`, an image used by a container or by several tags is refused (409). */
  removeImage(ref: string, options: CallOptions & { readonly force?: boolean; readonly noPrune?: boolean } = {}): Promise<ImageDeleteItem[]> {
    const query = new URLSearchParams();
    if (options.force) query.set('force', '1');
    if (options.noPrune) query.set('noprune', '1');
    return this.json<ImageDeleteItem[]>({
      method: 'DELETE',
      path: `/images/${encodeURIComponent(ref)}`,
      query,
      ...(options.signal && { signal: options.signal }),
    });
  }

  /** `GET /images/json`, e.g. `listImages({ label: ['dfkit.test=1'] })`. */
  listImages(filters?: Filters, options: CallOptions & { readonly all?: boolean } = {}): Promise<ImageSummary[]> {
    const query = filtersQuery(filters, options.all ? { all: '1' } : {});
    return this.json<ImageSummary[]>({ method: 'GET', path: '/images/json', query, ...(options.signal && { signal: options.signal }) });
  }

  /** `GET /containers/json`; `all` includes stopped containers. */
  listContainers(filters?: Filters, options: CallOptions & { readonly all?: boolean } = {}): Promise<ContainerSummary[]> {
    const query = filtersQuery(filters, options.all ? { all: '1' } : {});
    return this.json<ContainerSummary[]>({ method: 'GET', path: '/containers/json', query, ...(options.signal && { signal: options.signal }) });
  }

  /** `POST /build/cancel?id=…`: stops a running BuildKit build (the classic builder ignores it). */
  async cancelBuild(buildId: string, options: CallOptions = {}): Promise<void> {
    await this.json<unknown>({ method: 'POST', path: '/build/cancel', query: new URLSearchParams({ id: buildId }), ...options });
  }

  /**
   * `POST /build` with `tar` as the body, streamed (never buffered; the stream is consumed, and destroyed when
   * the build ends early). Resolves with the decoded result whether the build succeeded or failed
   * (`result.error`); rejects only when the engine cannot be reached or the connection breaks
   * ({@link EngineError} with `status: null`), when `tar` fails, or when `signal` aborts (with the signal's
   * reason). Aborting closes the connection, which makes the engine stop the build; for BuildKit the build is
   * also cancelled by ID.
   */
  async build(tar: Readable | null, params: BuildParams, options: BuildOptions = {}): Promise<BuildResult> {
    const { signal, onEvent } = options;
    signal?.throwIfAborted();
    const version = await this.apiVersion(signal ? { signal } : {});
    signal?.throwIfAborted();
    const buildId = params.buildId ?? randomUUID();
    const path = `/v${version}/build?${buildQuery(params, buildId).toString()}`;

    return new Promise<BuildResult>((resolve, reject) => {
      let settled = false;
      const finish = (outcome: () => void): void => {
        if (settled) return;
        settled = true;
        signal?.removeEventListener('abort', onAbort);
        tar?.unpipe(req);
        outcome();
      };
      // The tar is this request's alone: once the build cannot use it any more it is destroyed, which closes
      // whatever file it was reading.
      const fail = (error: unknown): void =>
        finish(() => {
          req.destroy();
          tar?.destroy();
          reject(error);
        });
      const onAbort = (): void => {
        if (params.builder === 'buildkit') this.cancelBuild(buildId).catch(() => undefined);
        fail(abortReason(signal as AbortSignal));
      };

      const headers: http.OutgoingHttpHeaders = { 'Content-Type': 'application/x-tar' };
      if (params.registryConfig && Object.keys(params.registryConfig).length > 0) headers['X-Registry-Config'] = encodeRegistryConfig(params.registryConfig);
      const req = this.open('POST', path, headers);
      signal?.addEventListener('abort', onAbort, { once: true });
      req.on('error', (error) => fail(new EngineError(null, error.message, 'POST', '/build')));
      if (tar) {
        tar.on('error', (error) => fail(error));
        tar.pipe(req);
      } else {
        req.end();
      }

      req.on('response', (res) => {
        if (res.statusCode !== 200) {
          // Refused before building (no Dockerfile, bad parameter): the body is a single JSON message.
          const status = res.statusCode ?? 0;
          readBody(res).then(
            (body) =>
              finish(() => {
                req.destroy();
                tar?.destroy();
                resolve({ imageId: null, steps: [], error: { message: engineMessageOf(body, status), status } });
              }),
            (error: unknown) => fail(new EngineError(null, String(error), 'POST', '/build')),
          );
          return;
        }
        const decoder = new BuildProgressDecoder();
        const lines = new LineSplitter();
        // onEvent is the caller's code: if it throws, the build is abandoned and the promise rejects with it.
        const emit = (events: BuildEvent[]): void => {
          for (const event of events) onEvent?.(event);
        };
        res.on('data', (chunk: Buffer) => {
          if (settled) return;
          try {
            for (const line of lines.write(chunk)) emit(decoder.push(line));
          } catch (error) {
            fail(error);
          }
        });
        res.on('end', () => {
          if (settled) return;
          try {
            emit(decoder.push(lines.end()));
            emit(decoder.end());
          } catch (error) {
            fail(error);
            return;
          }
          finish(() => resolve(decoder.result()));
        });
        res.on('error', (error) => fail(new EngineError(null, error.message, 'POST', '/build')));
        res.on('close', () => {
          if (!res.complete) fail(new EngineError(null, 'the engine closed the build stream early', 'POST', '/build'));
        });
      });
    });
  }

  /**
   * Any JSON endpoint of the versioned API (`/containers/create`, `/images/{name}/tag`…): the answer parsed, or
   * an {@link EngineError} with the engine's message. Adapters build their operations on this.
   */
  request<T>(
    method: string,
    path: string,
    options: CallOptions & { readonly query?: URLSearchParams; readonly json?: unknown } = {},
  ): Promise<T> {
    return this.json<T>({
      method,
      path,
      ...(options.query ? { query: options.query } : {}),
      ...(options.json !== undefined ? { json: options.json } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
  }

  /**
   * An un-sent request to the versioned API, for streaming endpoints (attach with `Upgrade: tcp`, push, pull,
   * logs): the caller writes the body, ends it and reads the response or the upgraded socket.
   */
  async openRequest(method: string, path: string, headers: http.OutgoingHttpHeaders = {}, signal?: AbortSignal): Promise<http.ClientRequest> {
    const prefix = `/v${await this.apiVersion(signal ? { signal } : {})}`;
    return this.open(method, `${prefix}${path}`, headers);
  }

  private open(method: string, path: string, headers: http.OutgoingHttpHeaders): http.ClientRequest {
    const common = { method, path, agent: this.agent };
    if (this.endpoint.kind === 'unix') {
      // A socket has no host name; the engine ignores Host, but HTTP/1.1 requires one.
      return http.request({ ...common, headers: { Host: 'docker', ...headers }, socketPath: this.endpoint.socketPath });
    }
    const target = { ...common, headers, host: this.endpoint.host, port: this.endpoint.port };
    return this.endpoint.tls ? https.request(target) : http.request(target);
  }

  /** Sends a request and reads the whole (small) response; versioned unless `versioned` is false. */
  private async send(spec: RequestSpec, versioned = true): Promise<RawResponse> {
    const prefix = versioned ? `/v${await this.apiVersion(spec.signal ? { signal: spec.signal } : {})}` : '';
    const query = spec.query && spec.query.size > 0 ? `?${spec.query.toString()}` : '';
    const body = spec.json === undefined ? undefined : JSON.stringify(spec.json);
    return new Promise<RawResponse>((resolve, reject) => {
      spec.signal?.throwIfAborted();
      const req = this.open(spec.method, `${prefix}${spec.path}${query}`, body === undefined ? {} : { 'Content-Type': 'application/json' });
      const onAbort = (): void => {
        req.destroy();
        reject(abortReason(spec.signal as AbortSignal));
      };
      spec.signal?.addEventListener('abort', onAbort, { once: true });
      const done = (): void => spec.signal?.removeEventListener('abort', onAbort);
      req.on('error', (error) => {
        done();
        reject(new EngineError(null, error.message, spec.method, spec.path));
      });
      req.on('response', (res) => {
        readBody(res).then(
          (text) => {
            done();
            const status = res.statusCode ?? 0;
            if (status >= 200 && status < 300) resolve({ status, headers: res.headers, body: text });
            else reject(new EngineError(status, engineMessageOf(text, status), spec.method, spec.path));
          },
          (error: unknown) => {
            done();
            reject(new EngineError(null, String(error), spec.method, spec.path));
          },
        );
      });
      req.end(body);
    });
  }

  private async json<T>(spec: RequestSpec): Promise<T> {
    const res = await this.send(spec);
    // Endpoints such as /build/cancel answer with an empty body.
    return (res.body.trim() === '' ? null : JSON.parse(res.body)) as T;
  }
}

/** Splits a byte stream into text lines; a UTF-8 character split across chunks stays whole. */
class LineSplitter {
  private readonly text = new StringDecoder('utf8');
  private pending = '';

  /** The lines completed by `chunk`, without their `\n`. */
  write(chunk: Buffer): string[] {
    const lines = (this.pending + this.text.write(chunk)).split('\n');
    this.pending = lines.pop() ?? '';
    return lines;
  }

  /** Whatever followed the last newline. */
  end(): string {
    const rest = this.pending + this.text.end();
    this.pending = '';
    return rest;
  }
}

/** Reads a response body as text; error bodies are capped, success bodies of list calls are not. */
function readBody(res: http.IncomingMessage): Promise<string> {
  const limit = (res.statusCode ?? 0) >= 300 ? ERROR_BODY_LIMIT : Number.POSITIVE_INFINITY;
  return new Promise((resolve, reject) => {
    const decoder = new StringDecoder('utf8');
    let text = '';
    res.on('data', (chunk: Buffer) => {
      if (text.length < limit) text += decoder.write(chunk);
    });
    res.on('end', () => resolve(text + decoder.end()));
    res.on('error', reject);
    res.on('close', () => {
      if (!res.complete) reject(new Error('the engine closed the connection before the response ended'));
    });
  });
}
