/**
 * The persistent stat cache of content digests: for one build context, which digest a file had when it had a
 * given size, mtime, inode and device. A warm re-plan then reads no file whose metadata is unchanged.
 *
 * One file per context root, named by a hash of the absolute root, replaced atomically (temp file + rename) so
 * that a concurrent reader sees either the old or the new cache, never half of one. Its format and the records
 * as loaded are in `digest-records.ts`. A process that plans the same context again (an editor, a watch loop, a
 * what-if) reuses the records of the cache file it last read or wrote while that file is unchanged: any version
 * of the file gives the same digests, since every record is checked against the file's current metadata
 * before use.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Stats } from 'node:fs';
import { open, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { makeDirectory } from './make-directory.js';
import { decodeRecords, encodeRecords, LoadedRecords, type DigestRecord, type RecordToStore } from './digest-records.js';

/** Records unused for this many days are dropped, so deleted files do not accumulate. */
const RETAIN_DAYS = 30;

const DAY_MS = 86_400_000;

export function dayNumber(nowMs: number): number {
  return Math.floor(nowMs / DAY_MS);
}

/** The cache file of a context root (absolute) inside a cache directory. */
export function cacheFileOf(cacheDir: string, root: string): string {
  const name = createHash('sha256').update(root).digest('hex').slice(0, 32);
  return join(cacheDir, 'content-digests', `${name}.digests`);
}

/** The file an earlier version kept the same cache in (JSON, format 2); removed when the new one is written. */
function legacyFileOf(file: string): string {
  return file.replace(/\.digests$/, '.json');
}

/** How many cache files' records a process keeps for reuse (one per context it planned lately). */
const REUSED_FILES = 4;

/** The records of cache files this process read or wrote last, by file, with the identity of that file. */
const recentFiles = new Map<string, { readonly identity: string; readonly records: LoadedRecords }>();

/** What tells one version of a cache file from another: it is always replaced by a rename, never rewritten. */
function identityOf(stats: Stats): string {
  return `${stats.dev}:${stats.ino}:${stats.size}:${stats.mtimeMs}:${stats.ctimeMs}`;
}

function remember(file: string, identity: string, records: LoadedRecords): void {
  recentFiles.delete(file);
  recentFiles.set(file, { identity, records });
  for (const oldest of recentFiles.keys()) {
    if (recentFiles.size <= REUSED_FILES) break;
    recentFiles.delete(oldest);
  }
}

/**
 * Reads the records of `root` from `file`. A missing, unreadable, corrupt or foreign file gives an empty
 * cache: the cache only saves work, so it never fails a plan.
 */
export async function loadDigestCache(file: string, root: string): Promise<LoadedRecords> {
  let records: LoadedRecords | null;
  let identity: string;
  try {
    const handle = await open(file, 'r');
    try {
      identity = identityOf(await handle.stat());
      const recent = recentFiles.get(file);
      if (recent && recent.identity === identity && recent.records.root === root) {
        remember(file, identity, recent.records);
        return recent.records;
      }
      records = decodeRecords(await handle.readFile(), root);
    } finally {
      await handle.close();
    }
  } catch {
    return LoadedRecords.EMPTY;
  }
  if (records === null) return LoadedRecords.EMPTY;
  remember(file, identity, records);
  return records;
}

/**
 * Replaces `file` with the loaded records, those of this run replacing them (`current`; it holds each
 * path's newer record), keeping the settled ones used within the retention period, in path order (the order
 * a digest tree asks for them). Resolves to the records a process reading the new file gets (this process
 * remembers them as that file's), or `null` when the new file could not be read back. Rejects when the file
 * cannot be written; the temp file is removed in that case.
 */
export async function saveDigestCache(
  file: string,
  root: string,
  loaded: LoadedRecords,
  current: ReadonlyMap<string, DigestRecord>,
  writtenAtMs: number,
): Promise<LoadedRecords | null> {
  const oldest = dayNumber(writtenAtMs) - RETAIN_DAYS;
  const kept: RecordToStore[] = [];
  const seen = new Set<string>();
  for (let index = 0; index < loaded.count; index++) {
    const path = loaded.pathAt(index);
    seen.add(path);
    const newer = current.get(path);
    if (newer) {
      if (newer.settled && newer.usedOnDay >= oldest) kept.push([path, newer]);
    } else if (loaded.isUsable(index) && loaded.usedOnDayAt(index) >= oldest) {
      kept.push([path, loaded.recordAt(index, loaded.usedOnDayAt(index))]);
    }
  }
  for (const [path, record] of current) {
    if (!seen.has(path) && record.settled && record.usedOnDay >= oldest) kept.push([path, record]);
  }
  // Mostly in order already (the loaded records were), which the sort passes through in one run.
  kept.sort((a, b) => (a[0] < b[0] ? -1 : 1));
  const bytes = Buffer.concat(encodeRecords(root, writtenAtMs, kept));
  await makeDirectory(dirname(file));
  const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await writeFile(temp, bytes);
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  await rm(legacyFileOf(file), { force: true }).catch(() => undefined);
  // What loading the file just written gives. Should another process have replaced it in between, the
  // identity is that of its file, and these records are as good as its: each is checked against the metadata.
  const records = decodeRecords(bytes, root);
  try {
    if (records === null) throw new Error('unreadable');
    remember(file, identityOf(await stat(file)), records);
    return records;
  } catch {
    recentFiles.delete(file);
    return null;
  }
}
