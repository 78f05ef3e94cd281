/**
 * The persistent stat cache of content digests: for one build context, which digest a file had when it had a
 * given size, mtime, inode and device. A warm re-plan then reads no file whose metadata is unchanged.
 *
 * One JSON file per context root, named by a hash of the absolute root, replaced atomically (temp file +
 * rename) so that a concurrent reader sees either the old or the new cache, never half of one. JSON because
 * it loads 100k records in about 0.1 s here, as fast as a hand-parsed line format, and stays inspectable.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

const FORMAT = 'dfkit-content-digests/2';

/**
 * How close to "now" a file's mtime may be before the mtime stops vouching for the content. A file written
 * again within the same timestamp tick keeps its mtime (and often its size), so a digest read in that tick
 * could be stale with matching metadata. Two seconds covers the coarsest common granularity (FAT; 1 s on
 * HFS+, ext3 and many network file systems) and the lag of the kernel's coarse clock behind `Date.now()`.
 * The same guard git applies to its index ("racy" entries).
 */
export const RACY_WINDOW_MS = 2000;

/** Records unused for this many days are dropped, so deleted files do not accumulate. */
const RETAIN_DAYS = 30;

const DAY_MS = 86_400_000;

/** The metadata that vouches for a file's content. Mode is left out: permissions cannot change bytes. */
export interface FileStamp {
  readonly size: number;
  readonly mtimeMs: number;
  readonly ino: number;
  readonly dev: number;
  /** Inode change time: an edit that sets mtime back still moves it (git checks it too). */
  readonly ctimeMs?: number;
}

export interface DigestRecord extends FileStamp {
  readonly digest: string;
  /** Day number (days since the epoch) of the last run that used the record. */
  usedOnDay: number;
  /**
   * False when the file was modified too shortly before it was read for its metadata to vouch for the
   * digest later: such records serve the current run only and are not saved.
   */
  readonly settled: boolean;
}

/** [path, size, mtimeMs, ino, dev, usedOnDay, digest, ctimeMs] — arrays keep the file about half the size of objects. */
type StoredRecord = [string, number, number, number, number, number, string, number];

interface StoredCache {
  readonly format: string;
  readonly root: string;
  readonly writtenAtMs: number;
  readonly records: StoredRecord[];
}

export function sameStamp(a: FileStamp, b: FileStamp): boolean {
  return (
    a.size === b.size &&
    a.mtimeMs === b.mtimeMs &&
    a.ino === b.ino &&
    a.dev === b.dev &&
    (a.ctimeMs === undefined || b.ctimeMs === undefined || a.ctimeMs === b.ctimeMs)
  );
}

/**
 * Whether a digest read at `readAtMs` may be kept for a file with this mtime: only when the file had been
 * left alone for longer than the racy window, so that any later write gets a different mtime.
 */
export function isSettled(mtimeMs: number, readAtMs: number): boolean {
  return mtimeMs < readAtMs - RACY_WINDOW_MS;
}

export function dayNumber(nowMs: number): number {
  return Math.floor(nowMs / DAY_MS);
}

/** The cache file of a context root (absolute) inside a cache directory. */
export function cacheFileOf(cacheDir: string, root: string): string {
  const name = createHash('sha256').update(root).digest('hex').slice(0, 32);
  return join(cacheDir, 'content-digests', `${name}.json`);
}

/**
 * Reads the records of `root` from `file`. A missing, unreadable, corrupt or foreign file gives an empty
 * cache: the cache only saves work, so it never fails a plan. Records whose mtime is not older than the
 * cache's write time (minus the racy window) are left out, as git distrusts index entries that are not older
 * than the index.
 */
export async function loadDigestCache(file: string, root: string): Promise<Map<string, DigestRecord>> {
  const records = new Map<string, DigestRecord>();
  let stored: unknown;
  try {
    stored = JSON.parse(await readFile(file, 'utf8'));
  } catch {
    return records;
  }
  if (!isStoredCache(stored) || stored.format !== FORMAT || stored.root !== root) return records;
  for (const record of stored.records) {
    const [path, size, mtimeMs, ino, dev, usedOnDay, digest, ctimeMs] = record;
    if (!isSettled(mtimeMs, stored.writtenAtMs)) continue;
    records.set(path, { size, mtimeMs, ino, dev, ctimeMs, digest, usedOnDay, settled: true });
  }
  return records;
}

/**
 * Replaces `file` with the given records (the settled ones used within the retention period). Rejects when
 * the file cannot be written; the temp file is removed in that case.
 */
export async function saveDigestCache(
  file: string,
  root: string,
  records: Iterable<readonly [string, DigestRecord]>,
  writtenAtMs: number,
): Promise<void> {
  const oldest = dayNumber(writtenAtMs) - RETAIN_DAYS;
  const kept: StoredRecord[] = [];
  for (const [path, r] of records) {
    if (r.settled && r.usedOnDay >= oldest) {
      kept.push([path, r.size, r.mtimeMs, r.ino, r.dev, r.usedOnDay, r.digest, r.ctimeMs ?? r.mtimeMs]);
    }
  }
  const stored: StoredCache = { format: FORMAT, root, writtenAtMs, records: kept };
  await mkdir(dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await writeFile(temp, JSON.stringify(stored));
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

function isStoredCache(value: unknown): value is StoredCache {
  if (typeof value !== 'object' || value === null) return false;
  const cache = value as Partial<Record<keyof StoredCache, unknown>>;
  return (
    typeof cache.format === 'string' &&
    typeof cache.root === 'string' &&
    typeof cache.writtenAtMs === 'number' &&
    Array.isArray(cache.records) &&
    cache.records.every(isStoredRecord)
  );
}

function isStoredRecord(value: unknown): value is StoredRecord {
  return (
    Array.isArray(value) &&
    value.length === 8 &&
    typeof value[0] === 'string' &&
    typeof value[1] === 'number' &&
    typeof value[2] === 'number' &&
    typeof value[3] === 'number' &&
    typeof value[4] === 'number' &&
    typeof value[5] === 'number' &&
    typeof value[6] === 'string' &&
    typeof value[7] === 'number'
  );
}
