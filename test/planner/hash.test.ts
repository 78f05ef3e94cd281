import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { lstat, mkdir, mkdtemp, readdir, readFile, rename, rm, stat, symlink, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { userCacheDir } from '../../src/planner/cache-dir.js';
import type { ContextEntry } from '../../src/planner/context-types.js';
import { createContentHasher } from '../../src/planner/hash.js';
import { decodeRecords } from '../../src/planner/digest-records.js';
import { cacheFileOf } from '../../src/planner/stat-cache.js';

let root: string;
let cacheDir: string;

beforeEach(async () => {
  const base = await mkdtemp(join(tmpdir(), 'dfkit-hash-'));
  root = join(base, 'context');
  cacheDir = join(base, 'cache');
  await mkdir(root);
});

afterEach(async () => {
  await rm(dirname(root), { recursive: true, force: true });
});

const sha256 = (content: string | Buffer): string => createHash('sha256').update(content).digest('hex');

/** An hour ago, in whole seconds: old enough for the stat cache to trust. */
const settledTime = (): number => Math.floor(Date.now() / 1000) - 3600;

async function put(path: string, content: string | Buffer, mtimeSeconds?: number): Promise<void> {
  const file = join(root, path);
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, content);
  if (mtimeSeconds !== undefined) await utimes(file, mtimeSeconds, mtimeSeconds);
}

/** The entry a context scan would report for `path`. */
async function entryOf(path: string): Promise<ContextEntry> {
  const info = await lstat(join(root, path));
  return {
    path,
    type: info.isFile() ? 'file' : info.isDirectory() ? 'dir' : info.isSymbolicLink() ? 'symlink' : 'other',
    mode: info.mode & 0o7777,
    size: info.isFile() ? info.size : 0,
    mtimeMs: info.mtimeMs,
    ctimeMs: info.ctimeMs,
    ino: info.ino,
    dev: info.dev,
  };
}

/** The [path, digest] pairs the cache file holds, in file order (read from the file, not this process's memory). */
async function savedRecords(): Promise<Array<[string, string]>> {
  const records = decodeRecords(await readFile(cacheFileOf(cacheDir, root)), root);
  if (records === null) throw new Error('the cache file is not a cache of this root');
  return Array.from({ length: records.count }, (_, index) => [records.pathAt(index), records.digestAt(index)]);
}

async function digestWithNewHasher(path: string) {
  const hasher = createContentHasher(root, { cacheDir });
  const digest = await hasher.contentDigest(await entryOf(path));
  await hasher.flush();
  return { digest, stats: { ...hasher.stats } };
}

describe('createContentHasher: digests', () => {
  it('is the sha256 of the bytes, for empty, small and block-boundary files', async () => {
    const hasher = createContentHasher(root, { cacheDir: false });
    const contents: Record<string, Buffer> = {
      'empty.txt': Buffer.alloc(0),
      'hello.txt': Buffer.from('hello\n'),
      'unicode.txt': Buffer.from('héllo wörld ✓\n'),
      'exactly-64k.bin': Buffer.alloc(64 * 1024, 7),
      'just-under-64k.bin': Buffer.alloc(64 * 1024 - 1, 8),
    };
    for (const [path, content] of Object.entries(contents)) await put(path, content);
    for (const [path, content] of Object.entries(contents)) {
      expect(await hasher.contentDigest(await entryOf(path))).toBe(sha256(content));
    }
    expect(hasher.stats.hashed).toBe(5);
    expect(hasher.stats.bytesHashed).toBe(Object.values(contents).reduce((sum, c) => sum + c.length, 0));
  });

  it('streams a file of several MB (not a multiple of the chunk size) to the right digest', async () => {
    const content = Buffer.alloc(5 * 1024 * 1024 + 12345);
    for (let i = 0; i < content.length; i++) content[i] = (i * 31 + (i >> 13)) & 0xff;
    await put('big.bin', content);
    const hasher = createContentHasher(root, { cacheDir: false });
    expect(await hasher.contentDigest(await entryOf('big.bin'))).toBe(sha256(content));
    expect(hasher.stats.bytesHashed).toBe(content.length);
  });

  it('hashes many small and large files requested at once, with a small concurrency bound', async () => {
    const contents = new Map<string, Buffer>();
    for (let i = 0; i < 60; i++) {
      const size = i % 10 === 0 ? 300_000 + i : 100 + i * 37;
      contents.set(`d${i % 4}/f${i}.bin`, Buffer.alloc(size, i));
    }
    for (const [path, content] of contents) await put(path, content);
    const hasher = createContentHasher(root, { cacheDir: false, concurrency: 2 });
    const entries = await Promise.all([...contents.keys()].map(entryOf));
    const digests = await Promise.all(entries.map((entry) => hasher.contentDigest(entry)));
    expect(digests).toEqual([...contents.values()].map(sha256));
    expect(hasher.stats.hashed).toBe(60);
  });

  it('reads a file once when the same path is requested concurrently', async () => {
    await put('a.txt', 'same');
    const hasher = createContentHasher(root, { cacheDir: false });
    const entry = await entryOf('a.txt');
    const [first, second] = await Promise.all([hasher.contentDigest(entry), hasher.contentDigest(entry)]);
    expect(first).toBe(sha256('same'));
    expect(second).toBe(first);
    expect(hasher.stats).toEqual({ hashed: 1, cached: 1, bytesHashed: 4 });
  });

  it('rejects entries that are not files, files that vanished, and files replaced by a symlink', async () => {
    await put('dir/a.txt', 'a');
    await put('gone.txt', 'x');
    await put('swapped.txt', 'x');
    const hasher = createContentHasher(root, { cacheDir: false });
    await expect(hasher.contentDigest(await entryOf('dir'))).rejects.toThrow(TypeError);
    const gone = await entryOf('gone.txt');
    await rm(join(root, 'gone.txt'));
    await expect(hasher.contentDigest(gone)).rejects.toMatchObject({ code: 'ENOENT' });
    const swapped = await entryOf('swapped.txt');
    await rm(join(root, 'swapped.txt'));
    await symlink('dir/a.txt', join(root, 'swapped.txt'));
    await expect(hasher.contentDigest(swapped)).rejects.toThrow();
  });
});

describe('createContentHasher: stat cache', () => {
  it('answers from the cache in a second hasher with the same cache directory', async () => {
    await put('a.txt', 'cached content', settledTime());
    const first = await digestWithNewHasher('a.txt');
    expect(first.stats).toMatchObject({ hashed: 1, cached: 0 });
    const second = await digestWithNewHasher('a.txt');
    expect(second.digest).toBe(sha256('cached content'));
    expect(second.stats).toMatchObject({ hashed: 0, cached: 1, bytesHashed: 0 });
  });

  it('does not rewrite the cache file when a run only had hits', async () => {
    await put('a.txt', 'x', settledTime());
    await digestWithNewHasher('a.txt');
    const file = cacheFileOf(cacheDir, root);
    const before = await stat(file);
    await digestWithNewHasher('a.txt');
    expect((await stat(file)).ino).toBe(before.ino);
  });

  it('re-reads a file whose size changed (old mtime restored)', async () => {
    const old = settledTime();
    await put('a.txt', 'short', old);
    await digestWithNewHasher('a.txt');
    await put('a.txt', 'longer content', old);
    const again = await digestWithNewHasher('a.txt');
    expect(again.stats.hashed).toBe(1);
    expect(again.digest).toBe(sha256('longer content'));
  });

  it('re-reads a file whose mtime changed, even with the same bytes', async () => {
    const old = settledTime();
    await put('a.txt', 'same bytes', old);
    await digestWithNewHasher('a.txt');
    await utimes(join(root, 'a.txt'), old - 60, old - 60);
    const again = await digestWithNewHasher('a.txt');
    expect(again.stats.hashed).toBe(1);
    expect(again.digest).toBe(sha256('same bytes'));
  });

  it('re-reads a file replaced by another inode with the same size and mtime', async () => {
    const old = settledTime();
    await put('a.txt', 'AAAA', old);
    const before = await entryOf('a.txt');
    await digestWithNewHasher('a.txt');
    // Editors that save via a temp file and rename produce exactly this.
    await put('a.txt.tmp', 'BBBB', old);
    await rename(join(root, 'a.txt.tmp'), join(root, 'a.txt'));
    const after = await entryOf('a.txt');
    expect([after.size, after.mtimeMs]).toEqual([before.size, before.mtimeMs]);
    expect(after.ino).not.toBe(before.ino);
    const again = await digestWithNewHasher('a.txt');
    expect(again.stats.hashed).toBe(1);
    expect(again.digest).toBe(sha256('BBBB'));
  });

  it('never trusts a digest read while the file was recently modified (racy), so a same-size edit is seen', async () => {
    // The file's mtime is within the racy window of the read: a second write in the same timestamp tick
    // would keep size and mtime, so the record is not saved and the next run reads the file again.
    const recent = Math.floor(Date.now() / 1000);
    await put('a.txt', 'AAAA', recent);
    const first = await digestWithNewHasher('a.txt');
    expect(first.digest).toBe(sha256('AAAA'));
    await put('a.txt', 'BBBB', recent);
    const second = await digestWithNewHasher('a.txt');
    expect(second.stats).toMatchObject({ hashed: 1, cached: 0 });
    expect(second.digest).toBe(sha256('BBBB'));
  });

  it('re-reads a same-size edit that restores an old mtime: the inode change time moved', async () => {
    // BuildKit's own context sync misses exactly this case (Docker 20.10 gave a stale cache hit); ctime cannot
    // be set back, so the stat cache sees it.
    const old = settledTime();
    await put('a.txt', 'AAAA', old);
    await digestWithNewHasher('a.txt');
    await new Promise((resolve) => setTimeout(resolve, 20));
    await put('a.txt', 'BBBB', old);
    const second = await digestWithNewHasher('a.txt');
    expect(second.stats).toMatchObject({ hashed: 1, cached: 0 });
    expect(second.digest).toBe(sha256('BBBB'));
  });

  it('ignores a corrupt cache file and replaces it', async () => {
    await put('a.txt', 'x', settledTime());
    const file = cacheFileOf(cacheDir, root);
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, '{"format": "dfkit-content-digests/1", "records": [[');
    const run = await digestWithNewHasher('a.txt');
    expect(run.digest).toBe(sha256('x'));
    expect(await savedRecords()).toEqual([['a.txt', sha256('x')]]);
  });

  it('writes nothing with cacheDir false, even when DFKIT_CACHE_DIR is set', async () => {
    await put('a.txt', 'x', settledTime());
    for (let run = 0; run < 2; run++) {
      const hasher = createContentHasher(root, { cacheDir: false, env: { DFKIT_CACHE_DIR: cacheDir } });
      await hasher.contentDigest(await entryOf('a.txt'));
      await hasher.flush();
      expect(hasher.stats.hashed).toBe(1);
    }
    await expect(readdir(cacheDir)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it.runIf(existsSync('/proc/self'))('hashes, and saves nothing, when the cache directory cannot be made (under /proc)', async () => {
    await put('a.txt', 'x', settledTime());
    const hasher = createContentHasher(root, { cacheDir: '/proc/dfkit-nowhere/cache' });
    expect(await hasher.contentDigest(await entryOf('a.txt'))).toContain(sha256('x'));
    await hasher.flush();
    expect(hasher.stats.hashed).toBe(1);
  });

  it('stores the cache under DFKIT_CACHE_DIR from the process environment by default', async () => {
    await put('a.txt', 'x', settledTime());
    const saved = process.env.DFKIT_CACHE_DIR;
    process.env.DFKIT_CACHE_DIR = cacheDir;
    try {
      for (let run = 0; run < 2; run++) {
        const hasher = createContentHasher(root);
        await hasher.contentDigest(await entryOf('a.txt'));
        await hasher.flush();
        expect(hasher.stats.hashed).toBe(run === 0 ? 1 : 0);
      }
      expect(await readdir(join(cacheDir, 'content-digests'))).toHaveLength(1);
    } finally {
      if (saved === undefined) delete process.env.DFKIT_CACHE_DIR;
      else process.env.DFKIT_CACHE_DIR = saved;
    }
  });

  it('answers known digests synchronously once the cache is read, and only for unchanged files', async () => {
    const old = settledTime();
    await put('a.txt', 'known', old);
    await digestWithNewHasher('a.txt');
    const hasher = createContentHasher(root, { cacheDir });
    const entry = await entryOf('a.txt');
    expect(hasher.knownDigest(entry)).toBeUndefined();
    await hasher.preload();
    expect(hasher.knownDigest(entry)).toBe(sha256('known'));
    expect(hasher.knownDigest({ ...entry, mtimeMs: entry.mtimeMs + 1000 })).toBeUndefined();
    expect(hasher.knownDigest(await entryOf('.'))).toBeUndefined();
    expect(hasher.stats).toEqual({ hashed: 0, cached: 1, bytesHashed: 0 });
  });

  it('reuses the records of a cache file it read or wrote only while that file is unchanged', async () => {
    await put('a.txt', 'x', settledTime());
    expect((await digestWithNewHasher('a.txt')).stats).toMatchObject({ hashed: 1 });
    expect((await digestWithNewHasher('a.txt')).stats).toMatchObject({ hashed: 0, cached: 1 });
    // Another process replaces the file: what this one remembers of it no longer counts.
    const file = cacheFileOf(cacheDir, root);
    await writeFile(`${file}.new`, '{"format": "dfkit-content-digests/2", "records": []}');
    await rename(`${file}.new`, file);
    expect((await digestWithNewHasher('a.txt')).stats).toMatchObject({ hashed: 1, cached: 0 });
    await rm(file);
    expect((await digestWithNewHasher('a.txt')).stats).toMatchObject({ hashed: 1, cached: 0 });
    expect((await digestWithNewHasher('a.txt')).stats).toMatchObject({ hashed: 0, cached: 1 });
  });

  it('keeps records of other files, and replaces the record of a file read again, when it saves', async () => {
    const old = settledTime();
    await put('a.txt', 'a', old);
    await put('b.txt', 'b', old);
    await digestWithNewHasher('a.txt');
    await digestWithNewHasher('b.txt');
    await put('a.txt', 'A', old - 60);
    expect((await digestWithNewHasher('a.txt')).digest).toBe(sha256('A'));
    expect(await savedRecords()).toEqual([
      ['a.txt', sha256('A')],
      ['b.txt', sha256('b')],
    ]);
    expect((await digestWithNewHasher('b.txt')).stats).toMatchObject({ hashed: 0, cached: 1 });
  });

  it('gives an answers key while its answers can repeat, and passes it on to the cache file it writes', async () => {
    const old = settledTime();
    await put('a.txt', 'a', old);
    await put('b.txt', 'b', old);
    await digestWithNewHasher('a.txt');
    const first = createContentHasher(root, { cacheDir });
    expect(first.answersKey()).toBeUndefined(); // the cache is not read yet
    await first.preload();
    const key = first.answersKey();
    expect(key).toBeDefined();
    expect(first.knownDigest(await entryOf('a.txt'))).toBe(sha256('a'));
    expect(first.answersKey()).toBe(key);
    // Another hasher of the same cache file answers alike.
    const second = createContentHasher(root, { cacheDir });
    await second.preload();
    expect(second.answersKey()).toBe(key);
    // A file left alone long enough is read and trusted: the answers still repeat, and the cache file written
    // with its record answers as this run did.
    const reading = second.contentDigest(await entryOf('b.txt'));
    expect(second.answersKey()).toBeUndefined(); // while the read is under way
    expect(await reading).toBe(sha256('b'));
    expect(second.answersKey()).toBe(key);
    await second.flush();
    const third = createContentHasher(root, { cacheDir });
    await third.preload();
    expect(third.answersKey()).toBe(key);
    expect(third.knownDigest(await entryOf('b.txt'))).toBe(sha256('b'));
  });

  it('gives no answers key after reading a file modified just now, nor to the cache file it then writes', async () => {
    await put('a.txt', 'a', settledTime());
    await digestWithNewHasher('a.txt');
    const hasher = createContentHasher(root, { cacheDir });
    await hasher.preload();
    const key = hasher.answersKey();
    expect(key).toBeDefined();
    await put('fresh.txt', 'just written'); // its mtime is now: a second write in this tick could keep it
    expect(await hasher.contentDigest(await entryOf('fresh.txt'))).toBe(sha256('just written'));
    expect(hasher.answersKey()).toBeUndefined();
    await hasher.contentDigest(await entryOf('a.txt'));
    await hasher.flush();
    const next = createContentHasher(root, { cacheDir });
    await next.preload();
    expect(next.answersKey()).toBeDefined();
    expect(next.answersKey()).not.toBe(key);
  });

  it('is written in path order whatever order the files were read in, and replaces the JSON file of format 2', async () => {
    const names = ['m.txt', 'b/z.txt', 'a.txt', 'b/a.txt', 'z.txt'];
    for (const name of names) await put(name, name, settledTime());
    const legacy = cacheFileOf(cacheDir, root).replace(/\.digests$/, '.json');
    await mkdir(dirname(legacy), { recursive: true });
    await writeFile(legacy, '{"format":"dfkit-content-digests/2","records":[]}');
    const hasher = createContentHasher(root, { cacheDir });
    for (const name of names) await hasher.contentDigest(await entryOf(name));
    await hasher.flush();
    expect(await readdir(dirname(legacy))).toEqual([basename(cacheFileOf(cacheDir, root))]);
    expect(await savedRecords()).toEqual([...names].sort().map((name) => [name, sha256(name)]));
  });

  it('keeps separate caches for separate context roots', async () => {
    expect(cacheFileOf(cacheDir, '/a/context')).not.toBe(cacheFileOf(cacheDir, '/b/context'));
  });
});

describe('userCacheDir', () => {
  it.each([
    [{ env: {}, platform: 'linux', home: '/home/ann' }, '/home/ann/.cache/dfkit'],
    [{ env: { XDG_CACHE_HOME: '/var/cache/ann' }, platform: 'linux', home: '/home/ann' }, '/var/cache/ann/dfkit'],
    // A relative XDG value is invalid by the spec and ignored.
    [{ env: { XDG_CACHE_HOME: 'rel/cache' }, platform: 'freebsd', home: '/home/ann' }, '/home/ann/.cache/dfkit'],
    [{ env: { XDG_CACHE_HOME: '/x' }, platform: 'darwin', home: '/Users/ann' }, '/Users/ann/Library/Caches/dfkit'],
    [{ env: { LOCALAPPDATA: 'C:\\Users\\ann\\AppData\\Local' }, platform: 'win32', home: 'C:\\Users\\ann' }, 'C:\\Users\\ann\\AppData\\Local\\dfkit\\Cache'],
    [{ env: {}, platform: 'win32', home: 'C:\\Users\\ann' }, 'C:\\Users\\ann\\AppData\\Local\\dfkit\\Cache'],
    [{ env: { DFKIT_CACHE_DIR: '/tmp/dfkit-cache', XDG_CACHE_HOME: '/x' }, platform: 'linux', home: '/home/ann' }, '/tmp/dfkit-cache'],
    [{ env: { DFKIT_CACHE_DIR: '' }, platform: 'linux', home: '/home/ann' }, '/home/ann/.cache/dfkit'],
  ] as const)('%o → %s', (environment, expected) => {
    expect(userCacheDir(environment)).toBe(expected);
  });
});
