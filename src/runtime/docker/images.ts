/**
 * Listing the images dfkit built, through the Engine API's image list (the podman service answers the same
 * call). Each image comes with the containers created from it, so that a caller deciding what to remove can
 * tell which images something still depends on without asking the engine again per image.
 */
import { DFKIT_IMAGE_VALUE, DFKIT_LABEL, type ImageRef } from '../adapter.js';
import type { EngineClient } from './engine-client.js';

// How the engine shows an untagged image: Docker as a placeholder entry, podman as no entry at all.
const NO_TAG = '<none>:<none>';

/**
 * Images carrying dfkit's label, narrowed to those also carrying all of `labels`. Intermediate images (the
 * classic builder's and buildah's per-step images) are not listed: the engine hides them from the default list.
 *
 * @example
 * const old = (await listManagedImages(new EngineClient())).filter((image) => image.created < Date.now() - 86_400_000);
 */
export async function listManagedImages(
  client: EngineClient,
  labels: Readonly<Record<string, string>> = {},
  options: { signal?: AbortSignal } = {},
): Promise<ImageRef[]> {
  const call = options.signal ? { signal: options.signal } : {};
  // The engine filters by dfkit's label only; the other labels are checked here, because podman 4.3's image list
  // answers nothing at all when given two label filters (its container list handles them).
  const [listed, containers] = await Promise.all([
    client.listImages({ label: [`${DFKIT_LABEL}=${DFKIT_IMAGE_VALUE}`] }, call),
    client.listContainers(undefined, { all: true, ...call }),
  ]);
  const wanted = Object.entries(labels);
  const images = listed.filter((image) => wanted.every(([key, value]) => image.Labels?.[key] === value));
  const users = new Map<string, string[]>();
  for (const container of containers) {
    if (container.ImageID === undefined) continue;
    const list = users.get(container.ImageID) ?? [];
    list.push(container.Id);
    users.set(container.ImageID, list);
  }
  return images.map((image) => ({
    id: image.Id,
    tags: (image.RepoTags ?? []).filter((tag) => tag !== NO_TAG),
    // The engine counts in seconds.
    created: image.Created * 1000,
    labels: image.Labels ?? {},
    containers: users.get(image.Id) ?? [],
  }));
}
