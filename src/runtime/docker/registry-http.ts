/**
 * Asking a registry directly (Distribution API v2) for the manifest digest a reference has, for engines whose
 * API cannot (podman has no `/distribution` endpoint), and for an image's configuration, for a linter that has
 * no engine holding the image. Credentials come from the Docker config; both of the
 * registry's answers to a missing credential are handled: a Basic challenge, and a Bearer challenge whose
 * token service is asked first. Loopback registries are spoken to over plain HTTP, as Docker does by default.
 */
import { registryAuthForHost, registryHostOf, DOCKER_HUB, type RegistryAuth } from './registry-auth.js';
import { isLoopbackRegistry, parseImageReference, RegistryError } from './registry.js';
import type { Environment } from './engine-host.js';
import { formatPlatform, platformFromParts, type Platform } from '../../parser/index.js';

/** Every manifest kind a tag can point at; the registry answers with the one it holds. */
const MANIFEST_TYPES = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json',
].join(', ');

const DIGEST = /^sha256:[0-9a-f]{64}$/;
const TIMEOUT_MS = 30_000;

/** One repository of a registry, asked with the credentials its first challenge wants (then reused). */
class RepositoryClient {
  readonly host: string;
  readonly base: string;
  #authorization: string | undefined;

  constructor(
    readonly reference: string,
    repositoryName: string,
    private readonly env: Environment,
  ) {
    const host = registryHostOf(repositoryName);
    const hub = host === DOCKER_HUB;
    let repository = repositoryName.startsWith(`${host}/`)
      ? repositoryName.slice(host.length + 1)
      : repositoryName.replace(/^(?:docker\.io|index\.docker\.io|registry-1\.docker\.io)\//, '');
    if (hub && !repository.includes('/')) repository = `library/${repository}`;
    this.host = host;
    this.base = `${isLoopbackRegistry(host) ? 'http' : 'https'}://${hub ? 'registry-1.docker.io' : host}/v2/${repository}`;
  }

  fail(why: string): RegistryError {
    return new RegistryError('resolve-failed', `cannot resolve ${this.reference}: ${why}`, this.reference);
  }

  /** `method` on `path` under the repository (`/manifests/1.0`), answering the registry's challenge once. */
  async request(method: 'GET' | 'HEAD', path: string, accept: string): Promise<Response> {
    const url = `${this.base}${path}`;
    const send = (): Promise<Response> =>
      fetch(url, {
        method,
        headers: { Accept: accept, ...(this.#authorization && { Authorization: this.#authorization }) },
        signal: AbortSignal.timeout(TIMEOUT_MS),
      }).catch((error: unknown) => {
        throw this.fail(`${url}: ${error instanceof Error && error.cause instanceof Error ? error.cause.message : String(error)}`);
      });
    let response = await send();
    if (response.status === 401) {
      await response.body?.cancel();
      const challenge = response.headers.get('www-authenticate') ?? '';
      const auth = await registryAuthForHost(this.host, this.env);
      this.#authorization = await authorizationFor(challenge, auth, (why) => this.fail(why));
      response = await send();
    }
    if (response.status === 401 || response.status === 403) throw this.fail(`the registry refused the credentials (HTTP ${response.status})`);
    return response;
  }

  /**
   * The digest `tag` names, asked with a HEAD (registries do not count those against pull limits): `undefined`
   * when the registry has no such tag or repository, `null` when it names no digest.
   */
  async tagDigest(tag: string): Promise<string | null | undefined> {
    const response = await this.request('HEAD', `/manifests/${tag}`, MANIFEST_TYPES);
    if (response.status === 404) return undefined;
    if (!response.ok) throw this.fail(`the registry answered HTTP ${response.status}`);
    const digest = response.headers.get('docker-content-digest');
    return digest && DIGEST.test(digest) ? digest : null;
  }

  /** The JSON body of a GET, `null` for a 404; at most `MAX_JSON_BYTES`. */
  async json(path: string, accept: string): Promise<{ readonly body: unknown; readonly type: string } | null> {
    const response = await this.request('GET', path, accept);
    if (response.status === 404) {
      await response.body?.cancel();
      return null;
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw this.fail(`the registry answered HTTP ${response.status}`);
    }
    const length = Number(response.headers.get('content-length') ?? '0');
    if (length > MAX_JSON_BYTES) {
      await response.body?.cancel();
      throw this.fail(`${path} is larger than a manifest or image configuration can be`);
    }
    const text = await boundedText(response, MAX_JSON_BYTES);
    if (text === null) throw this.fail(`${path} is larger than a manifest or image configuration can be`);
    try {
      return { body: JSON.parse(text) as unknown, type: (response.headers.get('content-type') ?? '').split(';')[0]!.trim() };
    } catch {
      throw this.fail(`${path} is not JSON`);
    }
  }
}

/** Manifests and image configurations are small; anything larger is not one. */
const MAX_JSON_BYTES = 4 * 1024 * 1024;

/** The body as text, read no further than `limit` bytes (`null` past it): a body without a length may be endless. */
async function boundedText(response: Response, limit: number): Promise<string | null> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * The digest of the manifest `reference` names in its registry, or `null` when the registry has no such tag or
 * repository. A reference pinned by digest answers with that digest without asking. Rejects with a
 * {@link RegistryError} when the registry cannot be reached or refuses the credentials.
 */
export async function registryManifestDigest(reference: string, env: Environment = process.env): Promise<string | null> {
  const parsed = parseImageReference(reference);
  if (parsed.digest) return parsed.digest;
  const repository = new RepositoryClient(reference, parsed.name, env);
  const digest = await repository.tagDigest(parsed.tag ?? 'latest');
  if (digest === undefined) return null;
  if (digest === null) throw repository.fail('the registry named no digest');
  return digest;
}

/** What a registry says about an image for one platform. */
export type RegistryImage =
  /**
   * The image's configuration (its `os`, `architecture`, `variant` and `config.Env`, `config.OnBuild`…), and
   * when the tag names an index, the platforms it has (`null` for a tag that names one image).
   */
  | { readonly kind: 'image'; readonly config: RegistryImageConfig; readonly platforms: readonly string[] | null }
  /** The registry has no such repository, tag or manifest. */
  | { readonly kind: 'absent' }
  /** The tag names an index without an image for the platform asked for; `platforms` are those it has. */
  | { readonly kind: 'no-platform'; readonly platforms: readonly string[] };

/** The parts of an image configuration that are read here. */
export interface RegistryImageConfig {
  readonly os?: string;
  readonly architecture?: string;
  readonly variant?: string;
  readonly config?: { readonly Env?: readonly string[] | null; readonly OnBuild?: readonly string[] | null } | null;
}

interface ManifestEntry {
  readonly digest?: unknown;
  readonly platform?: { readonly os?: unknown; readonly architecture?: unknown; readonly variant?: unknown };
}

/**
 * The configuration of the image `reference` names, for `platform` when the tag names an index (a multi-platform
 * image), as a builder resolving the base image reads it: the index entry of the same OS and architecture (the
 * same variant preferred), its manifest, then its configuration blob. Rejects with a {@link RegistryError}
 * when the registry cannot be reached, refuses the credentials or answers with something else.
 */
export async function registryImageConfig(
  reference: string,
  platform: Platform,
  env: Environment = process.env,
  cache: RegistryImageCache | null = null,
): Promise<RegistryImage> {
  const parsed = parseImageReference(reference);
  const repository = new RepositoryClient(reference, parsed.name, env);
  // With a cache, the tag's digest is asked first, with a HEAD: registries do not count those against pull limits
  // (Docker Hub counts manifest GETs), and what a digest names never changes.
  let digest = parsed.digest;
  if (cache && !digest) {
    const named = await repository.tagDigest(parsed.tag ?? 'latest');
    if (named === undefined) return { kind: 'absent' };
    digest = named;
  }
  const key = digest ? `${digest}|${formatPlatform(platform)}` : null;
  const known = cache && key ? cache.read(key) : null;
  if (known) return known;
  const found = await imageConfigFrom(repository, digest ?? parsed.tag ?? 'latest', platform);
  if (cache && key && found.kind !== 'absent') cache.write(key, found);
  return found;
}

/**
 * Where registry answers are kept between runs, by manifest digest and platform (what a digest names never
 * changes). Reads and writes never throw: a cache that cannot be read is a cache that misses.
 */
export interface RegistryImageCache {
  read(key: string): RegistryImage | null;
  write(key: string, image: RegistryImage): void;
}

async function imageConfigFrom(repository: RepositoryClient, tagOrDigest: string, platform: Platform): Promise<RegistryImage> {
  let manifest = await repository.json(`/manifests/${tagOrDigest}`, MANIFEST_TYPES);
  if (manifest === null) return { kind: 'absent' };
  const index = manifest.body as { manifests?: unknown; config?: { digest?: unknown } };
  let platforms: string[] | null = null;
  if (Array.isArray(index.manifests)) {
    const entries = (index.manifests as ManifestEntry[]).filter((entry) => typeof entry.digest === 'string' && DIGEST.test(entry.digest));
    const platformOf = (entry: ManifestEntry) => platformFromParts(entry.platform?.os, entry.platform?.architecture, entry.platform?.variant);
    const matching = entries.filter((entry) => {
      const own = platformOf(entry);
      return own !== null && own.os === platform.os && own.architecture === platform.architecture;
    });
    const chosen = matching.find((entry) => platformOf(entry)?.variant === platform.variant) ?? matching[0];
    platforms = [
      ...new Set(
        entries.flatMap((entry) => {
          const own = platformOf(entry);
          // Attestation manifests stand in indexes as the platform unknown/unknown.
          return own && own.os !== 'unknown' ? [formatPlatform(own)] : [];
        }),
      ),
    ];
    if (!chosen) return { kind: 'no-platform', platforms };
    manifest = await repository.json(`/manifests/${chosen.digest as string}`, MANIFEST_TYPES);
    if (manifest === null) return { kind: 'absent' };
  }
  const configDigest = (manifest.body as { config?: { digest?: unknown } }).config?.digest;
  if (typeof configDigest !== 'string' || !DIGEST.test(configDigest)) throw repository.fail('its manifest names no configuration');
  const config = await repository.json(`/blobs/${configDigest}`, 'application/json, */*');
  if (config === null) return { kind: 'absent' };
  if (typeof config.body !== 'object' || config.body === null) throw repository.fail('its configuration is not an object');
  // Only what is read of the configuration is kept (its history and layer list can be long).
  const { os, architecture, variant, config: settings } = config.body as RegistryImageConfig;
  const kept: RegistryImageConfig = {
    ...(typeof os === 'string' && { os }),
    ...(typeof architecture === 'string' && { architecture }),
    ...(typeof variant === 'string' && { variant }),
    config: { Env: stringsOf(settings?.Env), OnBuild: stringsOf(settings?.OnBuild) },
  };
  return { kind: 'image', config: kept, platforms };
}

function stringsOf(value: unknown): string[] | null {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : null;
}

/** The Authorization header a 401's challenge asks for, from the configured credentials (if any). */
async function authorizationFor(challenge: string, auth: RegistryAuth | null, fail: (why: string) => RegistryError): Promise<string> {
  const basic = auth && 'username' in auth ? `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}` : undefined;
  if (/^basic\b/i.test(challenge)) {
    if (!basic) throw fail('the registry wants credentials and the Docker config has none for it');
    return basic;
  }
  if (!/^bearer\b/i.test(challenge)) throw fail(`the registry wants an authentication scheme dfkit does not speak (${challenge || 'none named'})`);
  const params = new Map<string, string>();
  // A key starts where a word does: tried from inside a long word as well, a match would cost the square of its length.
  for (const match of challenge.matchAll(/(?<!\w)(\w+)="([^"]*)"/g)) params.set((match[1] as string).toLowerCase(), match[2] as string);
  const realm = params.get('realm');
  if (!realm) throw fail('the registry named no token service');
  const tokenUrl = new URL(realm);
  for (const key of ['service', 'scope']) {
    const value = params.get(key);
    if (value) tokenUrl.searchParams.set(key, value);
  }
  const headers: Record<string, string> = basic ? { Authorization: basic } : {};
  // An identity token is a refresh token: the token service takes it in a form post instead.
  const answer =
    auth && 'identitytoken' in auth
      ? await fetch(realm, {
          method: 'POST',
          headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: auth.identitytoken, service: params.get('service') ?? '', scope: params.get('scope') ?? '', client_id: 'dfkit' }),
          signal: AbortSignal.timeout(TIMEOUT_MS),
        })
      : await fetch(tokenUrl, { headers, signal: AbortSignal.timeout(TIMEOUT_MS) });
  if (!answer.ok) throw fail(`the token service answered HTTP ${answer.status}`);
  const body = (await answer.json()) as { token?: unknown; access_token?: unknown };
  const token = typeof body.token === 'string' ? body.token : typeof body.access_token === 'string' ? body.access_token : null;
  if (!token) throw fail('the token service gave no token');
  return `Bearer ${token}`;
}
