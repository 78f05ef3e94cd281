/**
 * Finding and removing what dfkit left behind on an engine: containers and images carrying its label
 * ({@link DFKIT_LABEL}). Containers come first, so that the images they held can go in the same pass.
 *
 * Only labelled things are ever looked at, and nothing is forced onto something else: an image that any
 * container still uses (dfkit's or not) is kept, and so is one the engine refuses to remove (e.g. another image
 * is built on it). dfkit writes no temporary files or directories — builds stream the context from the context
 * directory into the request — so there is nothing on disk to collect; its digest cache (`DFKIT_CACHE_DIR`) is a
 * cache, not a leftover, and is not touched.
 */
import { DFKIT_LABEL, type ContainerRef, type ImageRef, type RuntimeAdapter } from './adapter.js';

export interface GarbageCollectionOptions {
  /** Report what would be removed, and remove nothing. */
  readonly dryRun?: boolean;
  /** Also remove running (or paused) containers; they are killed first. */
  readonly force?: boolean;
  /** Also remove tagged images created at least this long ago (milliseconds). Dangling images always go. */
  readonly olderThanMs?: number;
  /** Only consider things that also carry all of these labels. */
  readonly labels?: Readonly<Record<string, string>>;
  /** The current time in milliseconds since the epoch (default `Date.now()`), for `olderThanMs`. */
  readonly now?: number;
}

/**
 * Why something counts as left behind: a container that has `stopped` (or was never started), one that is still
 * `running`, an image that is `dangling` (untagged, nothing built on it) or `expired` (older than the limit).
 */
export type GarbageReason = 'stopped' | 'running' | 'dangling' | 'expired';

/** What became of it: `kept` when it stays on purpose (see `detail`), `failed` when the engine refused or erred. */
export type GarbageAction = 'removed' | 'would-remove' | 'kept' | 'failed';

export interface GarbageItem {
  readonly kind: 'container' | 'image';
  readonly id: string;
  /** The container's name, or the image's first tag (none for a dangling image). */
  readonly name: string;
  readonly reason: GarbageReason;
  readonly action: GarbageAction;
  /** Why it was kept, or the engine's message when removing it failed. */
  readonly detail?: string;
}

export interface GarbageReport {
  readonly dryRun: boolean;
  /** Containers first, then images from newest to oldest (the order they are removed in). */
  readonly items: readonly GarbageItem[];
}

// States in which a container has a live process; `removing` is the engine's business already.
const LIVE_STATES = new Set(['running', 'paused', 'restarting']);

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * The HTTP status of an adapter's error, when it has one. Read by shape rather than by class, so that adapters
 * other than the Engine API ones can report "not found" (404) and "conflict" (409) the same way.
 */
function statusOf(error: unknown): number | null {
  if (typeof error !== 'object' || error === null || !('status' in error)) return null;
  const status = (error as { status: unknown }).status;
  return typeof status === 'number' ? status : null;
}

/** Runs `remove`; a 404 means it is gone already (removed), a 409 that the engine keeps it on purpose. */
async function attempt(remove: () => Promise<void>): Promise<{ action: GarbageAction; detail?: string }> {
  try {
    await remove();
    return { action: 'removed' };
  } catch (error) {
    const status = statusOf(error);
    if (status === 404) return { action: 'removed' };
    if (status === 409) return { action: 'kept', detail: messageOf(error) };
    return { action: 'failed', detail: messageOf(error) };
  }
}

async function collectContainers(adapter: RuntimeAdapter, containers: readonly ContainerRef[], options: GarbageCollectionOptions): Promise<GarbageItem[]> {
  const items: GarbageItem[] = [];
  for (const container of containers) {
    if (container.state === 'removing') continue;
    const live = LIVE_STATES.has(container.state);
    const base = { kind: 'container' as const, id: container.id, name: container.name, reason: live ? ('running' as const) : ('stopped' as const) };
    if (live && !options.force) {
      items.push({ ...base, action: 'kept', detail: `${container.state}; --force removes it` });
    } else if (options.dryRun) {
      items.push({ ...base, action: 'would-remove' });
    } else {
      items.push({ ...base, ...(await attempt(() => adapter.remove(container.id, { force: live }))) });
    }
  }
  return items;
}

/** Removes an image by its tags (the last one removes the image), or by ID when it has none. */
async function removeImage(adapter: RuntimeAdapter, image: ImageRef): Promise<void> {
  // By ID, an image with several tags needs `force`, and force would also take it from under containers; each
  // tag removed in turn never does.
  if (image.tags.length === 0) await adapter.removeImage(image.id);
  for (const tag of image.tags) await adapter.removeImage(tag);
}

async function collectImages(
  adapter: RuntimeAdapter,
  images: readonly ImageRef[],
  removedContainers: ReadonlySet<string>,
  options: GarbageCollectionOptions,
): Promise<GarbageItem[]> {
  const cutoff = options.olderThanMs === undefined ? null : (options.now ?? Date.now()) - options.olderThanMs;
  const items: GarbageItem[] = [];
  // Newest first: an image built on another one goes before it.
  for (const image of [...images].sort((a, b) => b.created - a.created)) {
    const reason: GarbageReason | null = image.tags.length === 0 ? 'dangling' : cutoff !== null && image.created <= cutoff ? 'expired' : null;
    if (reason === null) continue;
    const base = { kind: 'image' as const, id: image.id, name: image.tags[0] ?? '', reason };
    const users = image.containers.filter((id) => !removedContainers.has(id));
    if (users.length > 0) {
      const named = users.map((id) => id.slice(0, 12)).join(', ');
      items.push({ ...base, action: 'kept', detail: `used by container${users.length === 1 ? '' : 's'} ${named}` });
    } else if (options.dryRun) {
      items.push({ ...base, action: 'would-remove' });
    } else {
      items.push({ ...base, ...(await attempt(() => removeImage(adapter, image))) });
    }
  }
  return items;
}

/**
 * Finds the containers and images dfkit left on the engine behind `adapter` and removes them (or, with
 * `dryRun`, only says what it would remove). Stopped containers and dangling images always count; running
 * containers only with `force`; tagged images only when older than `olderThanMs`. Removal failures are
 * reported per item, not thrown; the promise rejects only when the engine cannot be asked at all.
 *
 * @example
 * const report = await collectGarbage(createAdapter('docker'), { olderThanMs: 24 * 3_600_000, dryRun: true });
 * for (const item of report.items) console.log(item.action, item.kind, item.name || item.id);
 */
export async function collectGarbage(adapter: RuntimeAdapter, options: GarbageCollectionOptions = {}): Promise<GarbageReport> {
  // The adapters add dfkit's own label to every query; a caller passing it again must not narrow anything.
  const { [DFKIT_LABEL]: _own, ...labels } = options.labels ?? {};
  const [containers, images] = await Promise.all([adapter.listContainers(labels), adapter.listImages(labels)]);
  const containerItems = await collectContainers(adapter, containers, options);
  const gone = new Set(containerItems.filter((item) => item.action === 'removed' || item.action === 'would-remove').map((item) => item.id));
  const imageItems = await collectImages(adapter, images, gone, options);
  return { dryRun: options.dryRun === true, items: [...containerItems, ...imageItems] };
}
