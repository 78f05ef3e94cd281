/**
 * Images and registries through the Docker Engine API: tag, push, pull, and the manifest digest a registry
 * serves for a reference. Push and pull answer with a stream of JSON lines (`status`, `progressDetail`, `aux`,
 * `error`); an `error` line is how a failure that happens after the stream started is reported, so the HTTP
 * status alone says little. Credentials go in `X-Registry-Auth`, which is always sent: the 20.10 engine refuses
 * a push without it.
 *
 * @example
 * const engine = new EngineClient();
 * await tagImage(engine, 'app:dev', '127.0.0.1:5000/team/app:1.0');
 * const { digest } = await pushImage(engine, '127.0.0.1:5000/team/app:1.0');
 * await pullImage(engine, '127.0.0.1:5000/team/app:1.0');
 * const served = await resolveDigest(engine, '127.0.0.1:5000/team/app:1.0'); // === digest
 */
import type http from 'node:http';
import { StringDecoder } from 'node:string_decoder';
import type { Environment } from './engine-host.js';
import { EngineError, type EngineClient, engineMessageOf } from './engine-client.js';
import { encodeRegistryAuth, registryAuthFor, registryHostOf, DOCKER_HUB, type RegistryAuth } from './registry-auth.js';

/** An image reference split into its parts: `name` keeps the registry host (`127.0.0.1:5000/team/app`). */
export interface ImageReference {
  readonly name: string;
  readonly tag: string | null;
  readonly digest: string | null;
}

export type RegistryErrorCode = 'invalid-reference' | 'push-failed' | 'pull-failed' | 'no-digest' | 'resolve-failed';

/** A push or pull the engine reported as failed in its progress stream, or a reference that cannot be used. */
export class RegistryError extends Error {
  constructor(
    readonly code: RegistryErrorCode,
    message: string,
    readonly reference: string,
  ) {
    super(message);
    this.name = 'RegistryError';
  }
}

/** One line of push or pull progress, as the engine sends it. */
export interface RegistryProgress {
  readonly status?: string;
  /** The layer (or tag) the line is about. */
  readonly id?: string;
  readonly progressDetail?: { readonly current?: number; readonly total?: number };
  readonly aux?: { readonly Tag?: string; readonly Digest?: string; readonly Size?: number };
  readonly error?: string;
  readonly errorDetail?: { readonly code?: number; readonly message?: string };
}

export interface RegistryCallOptions {
  readonly signal?: AbortSignal;
  /**
   * Credentials to send; `null` sends none. When absent they are looked up in the Docker config file for the
   * reference's registry (see {@link registryAuthFor}), as the docker CLI does.
   */
  readonly auth?: RegistryAuth | null;
  /** Where the config file is looked up when `auth` is absent; default `process.env`. */
  readonly env?: Environment;
  /** Called for every progress line, in stream order. */
  readonly onProgress?: (progress: RegistryProgress) => void;
  /**
   * `false` lets a podman service push to a registry over plain HTTP (its `tlsVerify` parameter). The Docker
   * engine decides that from its own settings (loopback registries are plain HTTP by default) and ignores it.
   */
  readonly tlsVerify?: boolean;
}

const DIGEST = /sha256:[0-9a-f]{64}/;
const ERROR_BODY_LIMIT = 64 * 1024;

/**
 * Splits `reference` into name, tag and digest. The tag is what follows the last `:` after the last `/`, so a
 * registry port (`host:5000/app`) is not taken for one.
 */
export function parseImageReference(reference: string): ImageReference {
  const at = reference.indexOf('@');
  const digest = at >= 0 ? reference.slice(at + 1) : null;
  const rest = at >= 0 ? reference.slice(0, at) : reference;
  const colon = rest.lastIndexOf(':');
  const hasTag = colon > rest.lastIndexOf('/');
  return { name: hasTag ? rest.slice(0, colon) : rest, tag: hasTag ? rest.slice(colon + 1) : null, digest };
}

/** The name as the engine lists it in `RepoTags`/`RepoDigests`: Docker Hub names without `docker.io/` and `library/`. */
function familiarName(name: string): string {
  if (registryHostOf(name) !== DOCKER_HUB) return name;
  const slash = name.indexOf('/');
  // A Hub name either starts with one of Hub's host names or has no host at all.
  const path = slash >= 0 && /[.:]/.test(name.slice(0, slash)) ? name.slice(slash + 1) : name;
  return path.startsWith('library/') ? path.slice('library/'.length) : path;
}

function taggedReference(reference: string, operation: string): { name: string; tag: string } {
  const parsed = parseImageReference(reference);
  if (parsed.name === '' || parsed.tag === '') throw new RegistryError('invalid-reference', `cannot ${operation} "${reference}": empty name or tag`, reference);
  if (parsed.digest !== null) throw new RegistryError('invalid-reference', `cannot ${operation} "${reference}": give a tag, not a digest`, reference);
  // A reference without a tag means `latest`, as for `docker push`/`docker pull` of a single image.
  return { name: parsed.name, tag: parsed.tag ?? 'latest' };
}

export async function authHeader(reference: string, options: RegistryCallOptions): Promise<string> {
  const auth = options.auth !== undefined ? options.auth : await registryAuthFor(reference, options.env ?? process.env);
  return encodeRegistryAuth(auth);
}

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('This operation was aborted', 'AbortError');
}

/** The first `error` of a progress line, if it is one. */
/** Whether a registry host (`host[:port]`) is on a loopback address, which Docker talks plain HTTP to by default. */
export function isLoopbackRegistry(host: string): boolean {
  const name = host.startsWith('[') ? host.slice(1, host.indexOf(']')) : host.replace(/:\d+$/, '');
  return name === 'localhost' || name === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(name);
}

export function errorOf(line: RegistryProgress): string | null {
  if (typeof line.error === 'string' && line.error !== '') return line.error;
  const detail = line.errorDetail?.message;
  return typeof detail === 'string' && detail !== '' ? detail : line.errorDetail ? 'unknown error' : null;
}

/**
 * Sends a bodiless request with headers and hands every JSON line of a 200 answer to `onLine`; resolves when
 * the stream ends. Other statuses reject with an {@link EngineError}; an abort destroys the connection (which
 * makes the engine stop the push or pull) and rejects with the signal's reason.
 */
export async function streamJsonLines(
  client: EngineClient,
  method: string,
  path: string,
  headers: http.OutgoingHttpHeaders,
  signal: AbortSignal | undefined,
  onLine: (line: RegistryProgress) => void,
): Promise<void> {
  signal?.throwIfAborted();
  const req = await client.openRequest(method, path, headers, signal);
  const bare = path.split('?')[0] ?? path;
  return new Promise<void>((resolve, reject) => {
    let settled = false;
    const finish = (outcome: () => void): void => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      outcome();
    };
    const fail = (error: unknown): void =>
      finish(() => {
        req.destroy();
        reject(error);
      });
    const onAbort = (): void => fail(abortReason(signal as AbortSignal));
    if (signal?.aborted) {
      onAbort();
      return;
    }
    signal?.addEventListener('abort', onAbort, { once: true });
    req.on('error', (error) => fail(new EngineError(null, error.message, method, bare)));
    req.on('response', (res) => {
      const status = res.statusCode ?? 0;
      const text = new StringDecoder('utf8');
      if (status < 200 || status >= 300) {
        let body = '';
        res.on('data', (chunk: Buffer) => {
          if (body.length < ERROR_BODY_LIMIT) body += text.write(chunk);
        });
        res.on('end', () => fail(new EngineError(status, engineMessageOf(body + text.end(), status), method, bare)));
        res.on('error', (error) => fail(new EngineError(null, error.message, method, bare)));
        return;
      }
      let pending = '';
      // The caller's onLine may throw (e.g. on an error line): that ends the request and rejects with it.
      const handle = (raw: string): void => {
        const trimmed = raw.trim();
        if (trimmed === '') return;
        let line: RegistryProgress;
        try {
          line = JSON.parse(trimmed) as RegistryProgress;
        } catch {
          line = { status: trimmed };
        }
        onLine(line);
      };
      res.on('data', (chunk: Buffer) => {
        if (settled) return;
        try {
          const lines = (pending + text.write(chunk)).split('\n');
          pending = lines.pop() ?? '';
          for (const line of lines) handle(line);
        } catch (error) {
          fail(error);
        }
      });
      res.on('end', () => {
        if (settled) return;
        try {
          handle(pending + text.end());
        } catch (error) {
          fail(error);
          return;
        }
        finish(resolve);
      });
      res.on('error', (error) => fail(new EngineError(null, error.message, method, bare)));
      res.on('close', () => {
        if (!res.complete) fail(new EngineError(null, 'the engine closed the stream early', method, bare));
      });
    });
    req.end();
  });
}

/** `POST /images/{source}/tag`: gives the image `source` names the extra name `target` (tag `latest` if none). */
export async function tagImage(client: EngineClient, source: string, target: string, options: { readonly signal?: AbortSignal } = {}): Promise<void> {
  const { name, tag } = taggedReference(target, 'tag as');
  await client.request<unknown>('POST', `/images/${encodeURIComponent(source)}/tag`, {
    query: new URLSearchParams({ repo: name, tag }),
    ...(options.signal && { signal: options.signal }),
  });
}

/**
 * `POST /images/{name}/push?tag=`: pushes one tag (`latest` when the reference has none). Resolves with the
 * manifest digest the registry stored; rejects with a {@link RegistryError} (`push-failed`) when the engine
 * reports an error, or `no-digest` when the stream ended without naming one.
 */
export async function pushImage(client: EngineClient, reference: string, options: RegistryCallOptions = {}): Promise<{ readonly digest: string }> {
  const { name, tag } = taggedReference(reference, 'push');
  const headers = { 'X-Registry-Auth': await authHeader(reference, options) };
  let digest: string | null = null;
  const query = new URLSearchParams({ tag });
  if (options.tlsVerify === false) query.set('tlsVerify', 'false');
  await streamJsonLines(client, 'POST', `/images/${encodeURIComponent(name)}/push?${query.toString()}`, headers, options.signal, (line) => {
    options.onProgress?.(line);
    const error = errorOf(line);
    if (error !== null) throw new RegistryError('push-failed', `push of ${name}:${tag} failed: ${error}`, reference);
    // The aux line is authoritative; the `<tag>: digest: sha256:… size: N` status says the same for older engines.
    const aux = line.aux?.Digest;
    if (typeof aux === 'string' && DIGEST.test(aux)) digest = aux;
    else if (digest === null && typeof line.status === 'string' && /\bdigest: sha256:/.test(line.status)) digest = DIGEST.exec(line.status)?.[0] ?? null;
  });
  if (digest === null) throw new RegistryError('no-digest', `push of ${name}:${tag} ended without a digest`, reference);
  return { digest };
}

/**
 * `POST /images/create?fromImage=&tag=`: pulls one tag (`latest` when the reference has none) or one digest.
 * Resolves with the local image ID and the manifest digest the engine reported (`null` if it named none).
 */
export async function pullImage(
  client: EngineClient,
  reference: string,
  options: RegistryCallOptions = {},
): Promise<{ readonly id: string; readonly digest: string | null }> {
  const parsed = parseImageReference(reference);
  if (parsed.name === '' || parsed.tag === '' || parsed.digest === '') {
    throw new RegistryError('invalid-reference', `cannot pull "${reference}": empty name, tag or digest`, reference);
  }
  const tagOrDigest = parsed.digest ?? parsed.tag ?? 'latest';
  const headers = { 'X-Registry-Auth': await authHeader(reference, options) };
  const query = new URLSearchParams({ fromImage: parsed.name, tag: tagOrDigest });
  let digest: string | null = parsed.digest;
  await streamJsonLines(client, 'POST', `/images/create?${query.toString()}`, headers, options.signal, (line) => {
    options.onProgress?.(line);
    const error = errorOf(line);
    if (error !== null) throw new RegistryError('pull-failed', `pull of ${reference} failed: ${error}`, reference);
    if (typeof line.status === 'string' && line.status.startsWith('Digest: ')) digest = DIGEST.exec(line.status)?.[0] ?? digest;
  });
  const local = parsed.digest !== null ? `${parsed.name}@${parsed.digest}` : `${parsed.name}:${tagOrDigest}`;
  const image = await client.inspectImage(local, options.signal ? { signal: options.signal } : {});
  return { id: image.Id, digest };
}

/** `GET /distribution/{name}/json` (a subset). */
export interface DistributionInspect {
  readonly Descriptor: { readonly mediaType: string; readonly digest: string; readonly size: number };
  readonly Platforms?: ReadonlyArray<{ readonly architecture: string; readonly os: string; readonly variant?: string }>;
}

/**
 * The manifest digest the registry serves for `reference` (`GET /distribution/{name}/json`, which asks the
 * registry, not the local store), or `null` when the registry has no such manifest or repository. Other
 * failures (registry unreachable, refused credentials) reject with the {@link EngineError}.
 */
export async function resolveDigest(client: EngineClient, reference: string, options: RegistryCallOptions = {}): Promise<string | null> {
  const headers = { 'X-Registry-Auth': await authHeader(reference, options) };
  const req = await client.openRequest('GET', `/distribution/${encodeURIComponent(reference)}/json`, headers, options.signal);
  const path = '/distribution/{name}/json';
  const { status, body } = await new Promise<{ status: number; body: string }>((resolve, reject) => {
    const onAbort = (): void => {
      req.destroy();
      reject(abortReason(options.signal as AbortSignal));
    };
    if (options.signal?.aborted) return onAbort();
    options.signal?.addEventListener('abort', onAbort, { once: true });
    const done = (): void => options.signal?.removeEventListener('abort', onAbort);
    req.on('error', (error) => {
      done();
      reject(new EngineError(null, error.message, 'GET', path));
    });
    req.on('response', (res) => {
      const text = new StringDecoder('utf8');
      let body = '';
      res.on('data', (chunk: Buffer) => {
        if (body.length < ERROR_BODY_LIMIT) body += text.write(chunk);
      });
      res.on('end', () => {
        done();
        resolve({ status: res.statusCode ?? 0, body: body + text.end() });
      });
      res.on('error', (error) => {
        done();
        reject(new EngineError(null, error.message, 'GET', path));
      });
    });
    req.end();
  });
  if (status >= 200 && status < 300) return (JSON.parse(body) as DistributionInspect).Descriptor.digest;
  const message = engineMessageOf(body, status);
  // A missing tag or repository comes back as 404, or (engines of the 20.10 line) as a 500 or 401 with the
  // registry's error code in the text; neither means the registry is broken.
  if (status === 404 || /manifest unknown|name unknown|not found/i.test(message)) return null;
  throw new EngineError(status, message, 'GET', path);
}

/**
 * The manifest digest the local store records for `reference` from a pull or push (its `RepoDigests` entry for the
 * same repository), or `null` when it has none (built here and never pushed) or the image is absent.
 */
export async function localRepoDigest(client: EngineClient, reference: string, options: { readonly signal?: AbortSignal } = {}): Promise<string | null> {
  let repoDigests: readonly string[];
  try {
    const image = await client.inspectImage(reference, options.signal ? { signal: options.signal } : {});
    repoDigests = Array.isArray(image['RepoDigests']) ? (image['RepoDigests'] as string[]) : [];
  } catch (error) {
    if (error instanceof EngineError && error.notFound) return null;
    throw error;
  }
  const name = familiarName(parseImageReference(reference).name);
  for (const entry of repoDigests) {
    const parsed = parseImageReference(entry);
    if (familiarName(parsed.name) === name && parsed.digest !== null) return parsed.digest;
  }
  return null;
}
