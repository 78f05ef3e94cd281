/**
 * Asking a registry directly (Distribution API v2) for the manifest digest a reference has, for engines whose
 * API cannot (podman has no `/distribution` endpoint). Credentials come from the Docker config; both of the
 * registry's answers to a missing credential are handled: a Basic challenge, and a Bearer challenge whose
 * token service is asked first. Loopback registries are spoken to over plain HTTP, as Docker does by default.
 */
import { registryAuthForHost, registryHostOf, DOCKER_HUB, type RegistryAuth } from './registry-auth.js';
import { isLoopbackRegistry, parseImageReference, RegistryError } from './registry.js';
import type { Environment } from './engine-host.js';

/** Every manifest kind a tag can point at; the registry answers with the one it holds. */
const MANIFEST_TYPES = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json',
].join(', ');

const DIGEST = /^sha256:[0-9a-f]{64}$/;
const TIMEOUT_MS = 30_000;

/**
 * The digest of the manifest `reference` names in its registry, or `null` when the registry has no such tag or
 * repository. A reference pinned by digest answers with that digest without asking. Rejects with a
 * {@link RegistryError} when the registry cannot be reached or refuses the credentials.
 */
export async function registryManifestDigest(reference: string, env: Environment = process.env): Promise<string | null> {
  const parsed = parseImageReference(reference);
  if (parsed.digest) return parsed.digest;
  const host = registryHostOf(parsed.name);
  const hub = host === DOCKER_HUB;
  let repository = parsed.name.startsWith(`${host}/`) ? parsed.name.slice(host.length + 1) : parsed.name.replace(/^(?:docker\.io|index\.docker\.io|registry-1\.docker\.io)\//, '');
  if (hub && !repository.includes('/')) repository = `library/${repository}`;
  const origin = `${isLoopbackRegistry(host) ? 'http' : 'https'}://${hub ? 'registry-1.docker.io' : host}`;
  const url = `${origin}/v2/${repository}/manifests/${parsed.tag ?? 'latest'}`;
  const fail = (why: string): RegistryError => new RegistryError('resolve-failed', `cannot resolve ${reference}: ${why}`, reference);

  const head = (authorization?: string): Promise<Response> =>
    fetch(url, { method: 'HEAD', headers: { Accept: MANIFEST_TYPES, ...(authorization && { Authorization: authorization }) }, signal: AbortSignal.timeout(TIMEOUT_MS) }).catch(
      (error: unknown) => {
        throw fail(`${url}: ${error instanceof Error && error.cause instanceof Error ? error.cause.message : String(error)}`);
      },
    );

  let response = await head();
  if (response.status === 401) {
    const challenge = response.headers.get('www-authenticate') ?? '';
    const auth = await registryAuthForHost(host, env);
    const authorization = await authorizationFor(challenge, auth, fail);
    response = await head(authorization);
  }
  if (response.status === 404) return null;
  if (response.status === 401 || response.status === 403) throw fail(`the registry refused the credentials (HTTP ${response.status})`);
  if (!response.ok) throw fail(`the registry answered HTTP ${response.status}`);
  const digest = response.headers.get('docker-content-digest');
  if (!digest || !DIGEST.test(digest)) throw fail('the registry named no digest');
  return digest;
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
