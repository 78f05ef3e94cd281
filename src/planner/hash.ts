/**
 * Content digests of context files, read from disk: the planner's I/O edge for COPY/ADD sources. Digests
 * are remembered across runs in a stat cache (see `stat-cache.ts`), so a warm re-plan reads only files whose
 * size, mtime, inode or device changed.
 *
 * How files are read follows what was measured on 20k files (300 MB, page cache warm, 2 cores): an
 * asynchronous read costs a thread-pool round trip per open, fstat, read and close, which made small files
 * 2–7× slower to hash than plain synchronous reads (depending on the API and the number in flight). So files under 64 KiB are read synchronously, in slices
 * of a few milliseconds between which the event loop runs; larger files are streamed asynchronously in
 * 1 MiB chunks, a bounded number at a time, so their reads overlap with hashing.
 */
import { createHash } from 'node:crypto';
import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';
import { open } from 'node:fs/promises';
import { homedir } from 'node:os';
import { resolve, sep } from 'node:path';
import { userCacheDir } from './cache-dir.js';
import type { ContentHasher, ContextEntry } from './context-types.js';
import type { RecordHash } from './source-digest.js';
import { isSettled, LoadedRecords, sameStamp, type DigestRecord } from './digest-records.js';
import { cacheFileOf, dayNumber, loadDigestCache, saveDigestCache } from './stat-cache.js';

export interface ContentHasherOptions {
  /**
   * Directory for the persistent stat cache, or `false` for none. Default: `DFKIT_CACHE_DIR`, else the
   * user cache directory (`~/.cache/dfkit` and its macOS and Windows counterparts).
   */
  readonly cacheDir?: string | false | undefined;
  /** How many large files are streamed at once (default 4, the size of Node's I/O thread pool). */
  readonly concurrency?: number | undefined;
  /** Environment that locates the default cache directory (default `process.env`). */
  readonly env?: Readonly<Record<string, string | undefined>> | undefined;
}

export interface ContentHasherStats {
  /** Files read and hashed. */
  hashed: number;
  /** Digests answered without reading: stat-cache hits and requests joined to one already running. */
  cached: number;
  bytesHashed: number;
}

export interface CachingContentHasher extends ContentHasher {
  /** A stat-cache hit, once the cache is read (see {@link CachingContentHasher.preload}); else `undefined`. */
  knownDigest(entry: ContextEntry): string | undefined;
  /**
   * The key of the loaded cache file's answers (one per file and day), which this hasher's answers share
   * while every file it read had been left alone long enough to be trusted later (see `RACY_WINDOW_MS`);
   * `undefined` before the cache is read, while a file is being read, and after a file was read too soon after
   * it was modified. A cache file this hasher writes gets its key when every record of the run was kept.
   */
  answersKey(): object | undefined;
  /**
   * Reads the stat cache now, so that reading it can overlap other work (such as the scan); without this the
   * first `contentDigest` reads it. Never rejects.
   */
  preload(): Promise<void>;
  /** Writes the stat cache (atomically) if anything changed; never rejects, as the cache only saves work. */
  flush(): Promise<void>;
  readonly stats: Readonly<ContentHasherStats>;
}

/** Files below this size are read with one synchronous read. */
const SMALL_FILE_BYTES = 64 * 1024;
const CHUNK_BYTES = 1024 * 1024;
/** Longest stretch of synchronous reads before the event loop gets a turn. */
const SLICE_MS = 8;
// Node's thread pool has four threads unless UV_THREADPOOL_SIZE says otherwise; more reads in flight than
// that only queue. With files in the page cache the bound hardly matters: 400 files of 64 KiB–4 MiB hashed
// at 0.8–0.9 GB/s with any bound from 1 to 16, limited by hashing on the main thread. It matters on a cold
// disk, where reads should overlap.
const DEFAULT_CONCURRENCY = 4;
// Hash what the builder would see: if a file was replaced by a symlink since the scan, fail rather than
// hash the link's target.
const READ_FLAGS = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0);

interface Job {
  readonly entry: ContextEntry;
  readonly file: string;
  readonly resolve: (digest: string) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * A `ContentHasher` for the directory `root`: sha256 (hex) of each file's bytes, with a persistent stat
 * cache, concurrent requests for one path joined, and call `flush()` when done to save the cache.
 *
 * A file rewritten with the same size and its old mtime restored (e.g. by a tool that preserves
 * timestamps) keeps its cached digest, as in git; files modified within the racy window of being read are
 * never trusted from the cache.
 *
 * @example
 * ```ts
 * const hasher = createContentHasher('/src/app');
 * const digest = await hasher.contentDigest(context.entries.get('package.json')!);
 * await hasher.flush();
 * ```
 */
export function createContentHasher(root: string, options: ContentHasherOptions = {}): CachingContentHasher {
  const absoluteRoot = resolve(root);
  let cacheFile: string | null = null;
  if (options.cacheDir !== false) {
    const cacheDir =
      typeof options.cacheDir === 'string'
        ? resolve(options.cacheDir)
        : userCacheDir({ env: options.env ?? process.env, platform: process.platform, home: homedir() });
    cacheFile = cacheFileOf(cacheDir, absoluteRoot);
  }
  const concurrency = Math.max(1, Math.floor(options.concurrency ?? DEFAULT_CONCURRENCY));
  return new FileContentHasher(absoluteRoot, cacheFile, concurrency);
}

/** A `RecordHash` backed by node:crypto, for `digestSelection`'s `createHash` option. */
export function createNodeRecordHash(): RecordHash {
  const hash = createHash('sha256');
  return {
    update(text: string): void {
      hash.update(text);
    },
    digestHex: () => hash.digest('hex'),
  };
}

class FileContentHasher implements CachingContentHasher {
  readonly stats: ContentHasherStats = { hashed: 0, cached: 0, bytesHashed: 0 };
  /** The cache file's records (shared, never changed here); `null` until read. */
  private loaded: LoadedRecords | null = null;
  /** Records this run made (files read) or touched (used on a new day); they replace loaded ones. */
  private readonly current = new Map<string, DigestRecord>();
  private loading: Promise<LoadedRecords> | null = null;
  private dirty = false;
  /** Whether a file was read too soon after it was modified for its digest to be trusted by a later run. */
  private unsettled = false;
  private readonly today = dayNumber(Date.now());
  private readonly inflight = new Map<string, Promise<string>>();
  private readonly smallJobs: Job[] = [];
  private smallHead = 0;
  private smallScheduled = false;
  private readonly largeJobs: Job[] = [];
  private largeHead = 0;
  private largeActive = 0;
  private readonly smallBuffer = Buffer.allocUnsafe(SMALL_FILE_BYTES);
  private readonly chunkBuffers: Buffer[] = [];
  /** The root with a trailing separator; concatenation is measurably cheaper than `path.join` per file. */
  private readonly prefix: string;

  constructor(
    private readonly root: string,
    private readonly cacheFile: string | null,
    private readonly concurrency: number,
  ) {
    this.prefix = root.endsWith(sep) ? root : root + sep;
  }

  contentDigest(entry: ContextEntry): Promise<string> {
    if (entry.type !== 'file') {
      return Promise.reject(new TypeError(`contentDigest: ${entry.path} is a ${entry.type}, not a file`));
    }
    // Not an async function: a warm run is 100k cache hits, and skipping the extra await per call is a
    // measurable part of it.
    if (this.loaded === null) return this.load().then(() => this.lookup(entry));
    return this.lookup(entry);
  }

  knownDigest(entry: ContextEntry): string | undefined {
    if (entry.type !== 'file' || this.loaded === null) return undefined;
    // A warm run makes no records of its own (unless a day has passed), so the first lookup is skipped.
    const record = this.current.size === 0 ? undefined : this.current.get(entry.path);
    if (record) {
      if (!sameStamp(record, entry)) return undefined;
      this.stats.cached++;
      return record.digest;
    }
    const loaded = this.loaded;
    const index = loaded.indexOf(entry.path);
    if (index < 0 || !loaded.stampMatches(index, entry)) return undefined;
    this.stats.cached++;
    if (loaded.usedOnDayAt(index) !== this.today) {
      this.current.set(entry.path, loaded.recordAt(index, this.today));
      this.dirty = true;
    }
    return loaded.digestAt(index);
  }

  answersKey(): object | undefined {
    // A settled read answers as the loaded records would once it is saved, and as any other hasher trusting
    // the same metadata would; an unsettled one may not repeat.
    if (this.loaded === null || this.unsettled || this.inflight.size > 0) return undefined;
    return answersKeyOf(this.loaded, this.today);
  }

  async preload(): Promise<void> {
    await this.load();
  }

  private lookup(entry: ContextEntry): Promise<string> {
    const known = this.knownDigest(entry);
    if (known !== undefined) return Promise.resolve(known);
    const running = this.inflight.get(entry.path);
    if (running) {
      this.stats.cached++;
      return running;
    }
    const digest = new Promise<string>((resolve, reject) => {
      const job: Job = { entry, file: this.prefix + entry.path, resolve, reject };
      if (entry.size < SMALL_FILE_BYTES) this.queueSmall(job);
      else this.queueLarge(job);
    });
    this.inflight.set(entry.path, digest);
    const done = (): void => {
      this.inflight.delete(entry.path);
    };
    digest.then(done, done);
    return digest;
  }

  async flush(): Promise<void> {
    await Promise.allSettled([...this.inflight.values()]);
    if (this.cacheFile === null || this.loaded === null || !this.dirty) return;
    this.dirty = false;
    try {
      const saved = await saveDigestCache(this.cacheFile, this.root, this.loaded, this.current, Date.now());
      // The new file holds every record of this run, so it answers as this run did: the same key.
      if (saved !== null && !this.unsettled) shareAnswersKey(saved, this.loaded, this.today);
    } catch {
      // A read-only or full cache directory must not fail a plan; the next run hashes again.
      this.dirty = true;
    }
  }

  private load(): Promise<LoadedRecords> {
    this.loading ??= (async () => {
      this.loaded =
        this.cacheFile === null ? LoadedRecords.none(this.root) : await loadDigestCache(this.cacheFile, this.root);
      return this.loaded;
    })();
    return this.loading;
  }

  private queueSmall(job: Job): void {
    this.smallJobs.push(job);
    if (this.smallScheduled) return;
    this.smallScheduled = true;
    setImmediate(this.drainSmall);
  }

  private readonly drainSmall = (): void => {
    const deadline = performance.now() + SLICE_MS;
    while (this.smallHead < this.smallJobs.length) {
      const job = this.smallJobs[this.smallHead++]!;
      try {
        this.hashSmall(job);
      } catch (error) {
        job.reject(error);
      }
      if (performance.now() >= deadline) break;
    }
    if (this.smallHead < this.smallJobs.length) {
      setImmediate(this.drainSmall);
      return;
    }
    this.smallJobs.length = 0;
    this.smallHead = 0;
    this.smallScheduled = false;
  };

  private hashSmall(job: Job): void {
    const readAtMs = Date.now();
    const fd = openSync(job.file, READ_FLAGS);
    try {
      const stat = fstatSync(fd);
      assertRegularFile(stat, job.entry);
      const hash = createHash('sha256');
      let bytes = 0;
      // Read to the end rather than to the scanned size: a file that grew since the scan is hashed whole.
      // A short read of a regular file means the end was reached, which saves a second read per small file.
      for (;;) {
        const read = readSync(fd, this.smallBuffer, 0, this.smallBuffer.length, null);
        hash.update(this.smallBuffer.subarray(0, read));
        bytes += read;
        if (read < this.smallBuffer.length) break;
      }
      this.settle(job, stat, hash.digest('hex'), bytes, readAtMs);
    } finally {
      closeSync(fd);
    }
  }

  private queueLarge(job: Job): void {
    this.largeJobs.push(job);
    this.pumpLarge();
  }

  private pumpLarge(): void {
    while (this.largeActive < this.concurrency && this.largeHead < this.largeJobs.length) {
      const job = this.largeJobs[this.largeHead++]!;
      this.largeActive++;
      void this.hashLarge(job).finally(() => {
        this.largeActive--;
        this.pumpLarge();
      });
    }
    if (this.largeHead === this.largeJobs.length) {
      this.largeJobs.length = 0;
      this.largeHead = 0;
    }
  }

  private async hashLarge(job: Job): Promise<void> {
    const readAtMs = Date.now();
    try {
      const handle = await open(job.file, READ_FLAGS);
      try {
        const stat = await handle.stat();
        assertRegularFile(stat, job.entry);
        const buffer = this.chunkBuffers.pop() ?? Buffer.allocUnsafe(CHUNK_BYTES);
        const hash = createHash('sha256');
        let bytes = 0;
        try {
          for (;;) {
            const { bytesRead } = await handle.read(buffer, 0, buffer.length, null);
            if (bytesRead === 0) break;
            hash.update(buffer.subarray(0, bytesRead));
            bytes += bytesRead;
          }
        } finally {
          this.chunkBuffers.push(buffer);
        }
        this.settle(job, stat, hash.digest('hex'), bytes, readAtMs);
      } finally {
        await handle.close();
      }
    } catch (error) {
      job.reject(error);
    }
  }

  /**
   * Records the digest under the metadata of the file as opened (not as scanned): if the file changed in
   * between, the record describes what was read, and the scanned metadata will not match it next time.
   */
  private settle(job: Job, stat: Stats, digest: string, bytes: number, readAtMs: number): void {
    const settled = isSettled(stat.mtimeMs, readAtMs);
    if (!settled) this.unsettled = true;
    this.stats.hashed++;
    this.stats.bytesHashed += bytes;
    this.current.set(job.entry.path, {
      size: stat.size,
      mtimeMs: stat.mtimeMs,
      ino: stat.ino,
      dev: stat.dev,
      ctimeMs: stat.ctimeMs,
      digest,
      usedOnDay: this.today,
      settled,
    });
    this.dirty = true;
    job.resolve(digest);
  }
}

/**
 * One key per loaded cache file and day: hashers sharing a cache file's records answer alike, and a new day
 * gives a new key, since the first lookup of a day marks the record as used again (which keeps it in the cache).
 */
const answersKeys = new WeakMap<LoadedRecords, { readonly day: number; readonly key: object }>();

function answersKeyOf(records: LoadedRecords, day: number): object {
  const known = answersKeys.get(records);
  if (known?.day === day) return known.key;
  const key = {};
  answersKeys.set(records, { day, key });
  return key;
}

/** Gives the records of a cache file just written the key of the records its run started from. */
function shareAnswersKey(written: LoadedRecords, startedFrom: LoadedRecords, day: number): void {
  answersKeys.set(written, { day, key: answersKeyOf(startedFrom, day) });
}

function assertRegularFile(stat: Stats, entry: ContextEntry): void {
  if (!stat.isFile()) {
    throw Object.assign(new Error(`${entry.path} is no longer a regular file`), { code: 'ENOTFILE', path: entry.path });
  }
}
