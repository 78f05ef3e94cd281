/**
 * The persistent stat cache of content digests: for one build context, which digest a file had when it had a
 * given size, mtime, inode and device. A warm re-plan then reads no file whose metadata is unchanged.
 *
 * One JSON file per context root, named by a hash of the absolute root, replaced atomically (temp file +
 * rename) so that a concurrent reader sees either the old or the new cache, never half of one. JSON because
 * it loads 100k records in about 0.1 s here, as fast as a hand-parsed line format, and stays inspectable.
 *
 * Records are kept as loaded, one array each, rather than turned into objects (which took about as long as
 * parsing, at 100k records). A process that plans the same context again (an editor, a watch loop, a what-if) reuses
 * the records of the cache file it last read or wrote while that file is unchanged: any version of the file
 * gives the same digests, since every record is checked against the file's current metadata before use.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Stats } from 'node:fs';
import { mkdir, open, rename, rm, stat, writeFile } from 'node:fs/promises';
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
  readonly usedOnDay: number;
  /**
   * False when the file was modified too shortly before it was read for its metadata to vouch for the
   * digest later: such records serve the current run only and are not saved.
   */
  readonly settled: boolean;
}

/** [path, size, mtimeMs, ino, dev, usedOnDay, digest, ctimeMs] — arrays keep the file about half the size of objects. */
export type StoredRecord = readonly [string, number, number, number, number, number, string, number];

/** A cache file's records by path. Read-only: several hashers in one process may share them. */
export type LoadedRecords = ReadonlyMap<string, StoredRecord>;

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

/** {@link sameStamp} of a loaded record (which always has a ctime) and a file's metadata. */
export function storedStampMatches(record: StoredRecord, stamp: FileStamp): boolean {
  return (
    record[1] === stamp.size &&
    record[2] === stamp.mtimeMs &&
    record[3] === stamp.ino &&
    record[4] === stamp.dev &&
    (stamp.ctimeMs === undefined || record[7] === stamp.ctimeMs)
  );
}

/** A loaded record as an in-memory one, marked used on `usedOnDay`. */
export function digestRecordOf(record: StoredRecord, usedOnDay: number): DigestRecord {
  const [, size, mtimeMs, ino, dev, , digest, ctimeMs] = record;
  return { size, mtimeMs, ino, dev, ctimeMs, digest, usedOnDay, settled: true };
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

const NO_RECORDS: LoadedRecords = new Map();

/** How many cache files' records a process keeps for reuse (one per context it planned lately). */
const REUSED_FILES = 4;

/** The records of cache files this process read or wrote last, by file, with the identity of that file. */
const recentFiles = new Map<string, { readonly identity: string; readonly root: string; readonly records: LoadedRecords }>();

/** What tells one version of a cache file from another: it is always replaced by a rename, never rewritten. */
function identityOf(stats: Stats): string {
  return `${stats.dev}:${stats.ino}:${stats.size}:${stats.mtimeMs}:${stats.ctimeMs}`;
}

function remember(file: string, identity: string, root: string, records: LoadedRecords): void {
  recentFiles.delete(file);
  recentFiles.set(file, { identity, root, records });
  for (const oldest of recentFiles.keys()) {
    if (recentFiles.size <= REUSED_FILES) break;
    recentFiles.delete(oldest);
  }
}

/**
 * Reads the records of `root` from `file`. A missing, unreadable, corrupt or foreign file gives an empty
 * cache: the cache only saves work, so it never fails a plan. Records whose mtime is not older than the
 * cache's write time (minus the racy window) are left out, as git distrusts index entries that are not older
 * than the index.
 */
export async function loadDigestCache(file: string, root: string): Promise<LoadedRecords> {
  let identity: string;
  let stored: unknown;
  try {
    const handle = await open(file, 'r');
    try {
      identity = identityOf(await handle.stat());
      const recent = recentFiles.get(file);
      if (recent && recent.identity === identity && recent.root === root) {
        remember(file, identity, root, recent.records);
        return recent.records;
      }
      stored = JSON.parse(await handle.readFile('utf8'));
    } finally {
      await handle.close();
    }
  } catch {
    return NO_RECORDS;
  }
  if (!isStoredCacheHeader(stored) || stored.format !== FORMAT || stored.root !== root) return NO_RECORDS;
  // Each record is checked in the pass that builds the map rather than in a pass of its own first: at 100k
  // records, every pass over the parsed arrays shows in a warm re-plan.
  const records = new Map<string, StoredRecord>();
  for (const record of stored.records) {
    if (!isStoredRecord(record)) return NO_RECORDS;
    if (isSettled(record[2], stored.writtenAtMs)) records.set(record[0], record);
  }
  remember(file, identity, root, records);
  return records;
}

/**
 * Replaces `file` with the loaded records, those of this run replacing them (`current`; it holds each
 * path's newer record), keeping the settled ones used within the retention period. Resolves to the records
 * a process reading the new file gets (this process remembers them as that file's), or `null` when the new
 * file could not be looked at after it was written. Rejects when the file cannot be written; the temp file
 * is removed in that case.
 */
export async function saveDigestCache(
  file: string,
  root: string,
  loaded: LoadedRecords,
  current: ReadonlyMap<string, DigestRecord>,
  writtenAtMs: number,
): Promise<LoadedRecords | null> {
  const oldest = dayNumber(writtenAtMs) - RETAIN_DAYS;
  const kept: StoredRecord[] = [];
  const keep = (path: string, r: DigestRecord): void => {
    if (r.settled && r.usedOnDay >= oldest) {
      kept.push([path, r.size, r.mtimeMs, r.ino, r.dev, r.usedOnDay, r.digest, r.ctimeMs ?? r.mtimeMs]);
    }
  };
  // Paths in the order the records were first made, as one map holding both would give.
  for (const [path, record] of loaded) {
    const newer = current.get(path);
    if (newer) keep(path, newer);
    else if (record[5] >= oldest) kept.push(record);
  }
  for (const [path, record] of current) if (!loaded.has(path)) keep(path, record);
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
  // What loading the file just written would give. Should another process have replaced it in between, the
  // identity is that of its file, and these records are as good as its: each is checked against the metadata.
  const records = new Map<string, StoredRecord>();
  for (const record of kept) if (isSettled(record[2], writtenAtMs)) records.set(record[0], record);
  try {
    remember(file, identityOf(await stat(file)), root, records);
    return records;
  } catch {
    recentFiles.delete(file);
    return null;
  }
}

/** The cache's fields, with `records` an array whose items are yet to be checked. */
function isStoredCacheHeader(value: unknown): value is Omit<StoredCache, 'records'> & { readonly records: unknown[] } {
  if (typeof value !== 'object' || value === null) return false;
  const cache = value as Partial<Record<keyof StoredCache, unknown>>;
  return (
    typeof cache.format === 'string' &&
    typeof cache.root === 'string' &&
    typeof cache.writtenAtMs === 'number' &&
    Array.isArray(cache.records)
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
