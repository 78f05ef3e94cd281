/**
 * Registry calls that podman's Docker-compatible endpoints do not cover: a pull that can reach a plain-HTTP
 * registry (the compatible pull has no `tlsVerify` switch, podman's own endpoint has). Podman, unlike the Docker
 * engine, talks HTTPS to loopback registries unless told otherwise; the adapter tells it so for loopback
 * registries only, which is Docker's default.
 */
import type { EngineClient } from '../docker/engine-client.js';
import { authHeader, errorOf, isLoopbackRegistry, parseImageReference, RegistryError, streamJsonLines, type RegistryCallOptions, type RegistryProgress } from '../docker/registry.js';
import { registryHostOf } from '../docker/registry-auth.js';

/** podman's pull progress: output lines, then the pulled image's ID. */
interface LibpodPullLine extends RegistryProgress {
  readonly stream?: string;
  readonly images?: readonly string[];
}

/** Whether podman should skip TLS for the registry `reference` lives in (loopback registries, as Docker does). */
export function plainHttpRegistry(reference: string): boolean {
  return isLoopbackRegistry(registryHostOf(reference));
}

/**
 * `POST /libpod/images/pull`: pulls `reference` (tag, or `latest`, or digest). Resolves with the local image ID;
 * rejects with a {@link RegistryError} (`pull-failed`) when podman reports an error.
 */
export async function pullWithPodman(client: EngineClient, reference: string, options: RegistryCallOptions = {}): Promise<{ readonly id: string }> {
  const parsed = parseImageReference(reference);
  if (parsed.name === '' || parsed.tag === '' || parsed.digest === '') {
    throw new RegistryError('invalid-reference', `cannot pull "${reference}": empty name, tag or digest`, reference);
  }
  const full = parsed.digest !== null ? `${parsed.name}@${parsed.digest}` : `${parsed.name}:${parsed.tag ?? 'latest'}`;
  const query = new URLSearchParams({ reference: full, quiet: 'true' });
  if (options.tlsVerify === false) query.set('tlsVerify', 'false');
  const headers = { 'X-Registry-Auth': await authHeader(reference, options) };
  let id: string | null = null;
  await streamJsonLines(client, 'POST', `/libpod/images/pull?${query.toString()}`, headers, options.signal, (line: LibpodPullLine) => {
    options.onProgress?.(line);
    const error = errorOf(line);
    if (error !== null) throw new RegistryError('pull-failed', `pull of ${reference} failed: ${error}`, reference);
    if (typeof line.id === 'string' && line.images) id = line.id;
  });
  if (id === null) throw new RegistryError('pull-failed', `pull of ${reference} ended without an image`, reference);
  return { id };
}
