/**
 * The context tar writer: archives the system's tar lists and extracts unchanged, a plain ustar first header
 * (BuildKit's archive sniffing), PAX only where needed, the same bytes for the same input, and streaming.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { lstat, mkdir, mkdtemp, readFile, readlink, rm, symlink, writeFile, chmod } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ContextTarError, createContextTar, openFromDirectory, type ContextTarOptions, type TarEntry } from '../../src/runtime/context-tar.js';
import { listDirectory } from './engine-harness.js';

async function collect(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks);
}

interface Header {
  name: string;
  mode: number;
  uid: number;
  gid: number;
  size: number;
  mtime: number;
  typeflag: string;
  linkname: string;
  magic: string;
  uname: string;
  gname: string;
  prefix: string;
  checksumOk: boolean;
  pax?: Record<string, string>;
}

/** Every header of an archive, in order (PAX headers included as their own entries). */
function headers(archive: Buffer): Header[] {
  const out: Header[] = [];
  const text = (block: Buffer, from: number, width: number): string => block.subarray(from, from + width).toString('utf8').replace(/\0.*$/s, '');
  const octal = (block: Buffer, from: number, width: number): number => Number.parseInt(text(block, from, width).trim() || '0', 8);
  for (let pos = 0; pos + 512 <= archive.length; ) {
    const block = archive.subarray(pos, pos + 512);
    if (block.every((b) => b === 0)) break;
    let sum = 0;
    for (let i = 0; i < 512; i++) sum += i >= 148 && i < 156 ? 0x20 : (block[i] ?? 0);
    const header: Header = {
      name: text(block, 0, 100),
      mode: octal(block, 100, 8),
      uid: octal(block, 108, 8),
      gid: octal(block, 116, 8),
      size: octal(block, 124, 12),
      mtime: octal(block, 136, 12),
      typeflag: text(block, 156, 1),
      linkname: text(block, 157, 100),
      magic: block.subarray(257, 265).toString('latin1'),
      uname: text(block, 265, 32),
      gname: text(block, 297, 32),
      prefix: text(block, 345, 155),
      checksumOk: octal(block, 148, 8) === sum,
    };
    if (header.typeflag === 'x') {
      const body = archive.subarray(pos + 512, pos + 512 + header.size).toString('utf8');
      header.pax = Object.fromEntries([...body.matchAll(/\d+ ([^=]+)=([^\n]*)\n/g)].map((m) => [m[1] ?? '', m[2] ?? '']));
    }
    out.push(header);
    pos += 512 + Math.ceil(header.size / 512) * 512;
  }
  return out;
}

const LONG_DIR = `a/${'b'.repeat(60)}`;
const SPLITTABLE = `${LONG_DIR}/${'c'.repeat(90)}.txt`; // > 100 bytes, fits name + prefix
const UNSPLITTABLE = `${'n'.repeat(150)}.txt`; // one component over 100 bytes: PAX
const LONG_TARGET = `../${'t'.repeat(120)}`;

describe('createContextTar', () => {
  let dir = '';
  let entries: TarEntry[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'dfkit-tar-'));
    await mkdir(join(dir, 'src'), { recursive: true });
    await mkdir(join(dir, 'bin'));
    await mkdir(join(dir, LONG_DIR), { recursive: true });
    await writeFile(join(dir, 'src', 'app.js'), 'console.log("app");\n');
    await writeFile(join(dir, 'bin', 'run.sh'), '#!/bin/sh\necho run\n');
    await chmod(join(dir, 'bin', 'run.sh'), 0o755);
    await chmod(join(dir, 'src'), 0o750);
    await writeFile(join(dir, 'empty'), '');
    await writeFile(join(dir, SPLITTABLE), 'split\n');
    await writeFile(join(dir, UNSPLITTABLE), 'pax\n');
    await writeFile(join(dir, 'grüße.txt'), 'utf-8 name\n');
    await symlink('src/app.js', join(dir, 'link'));
    await symlink(LONG_TARGET, join(dir, 'far-link'));
    entries = await listDirectory(dir);
  });

  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const options = (extra: Partial<ContextTarOptions> = {}): ContextTarOptions => ({
    entries,
    openFile: openFromDirectory(dir),
    extraFiles: [{ path: 'Dockerfile', content: 'FROM scratch\nCOPY . /\n' }],
    ...extra,
  });

  it('lists in the system tar with modes, root ownership, mtime 0 and link targets', async () => {
    const archive = await collect(createContextTar(options()));
    const listing = execFileSync('tar', ['--numeric-owner', '--utc', '-tvf', '-'], { input: archive, encoding: 'utf8' });
    const lines = listing.trim().split('\n').map((line) => line.replace(/\s+/g, ' '));
    expect(lines).toContain('-rw-r--r-- 0/0 22 1970-01-01 00:00 Dockerfile');
    expect(lines).toContain('drwxr-x--- 0/0 0 1970-01-01 00:00 src/');
    expect(lines).toContain('-rwxr-xr-x 0/0 19 1970-01-01 00:00 bin/run.sh');
    expect(lines).toContain('lrwxrwxrwx 0/0 0 1970-01-01 00:00 link -> src/app.js');
    expect(lines).toContain(`lrwxrwxrwx 0/0 0 1970-01-01 00:00 far-link -> ${LONG_TARGET}`);
    expect(lines).toContain(`-rw-r--r-- 0/0 6 1970-01-01 00:00 ${SPLITTABLE}`);
    expect(lines).toContain(`-rw-r--r-- 0/0 4 1970-01-01 00:00 ${UNSPLITTABLE}`);
    expect(lines).toContain('-rw-r--r-- 0/0 11 1970-01-01 00:00 grüße.txt');
    expect(lines).toHaveLength(entries.length + 1);
  });

  it('extracts to the same tree (round trip)', async () => {
    const out = await mkdtemp(join(tmpdir(), 'dfkit-untar-'));
    try {
      execFileSync('tar', ['-xf', '-', '-C', out], { input: await collect(createContextTar(options())) });
      expect(await listDirectory(out)).toEqual([{ path: 'Dockerfile', type: 'file', mode: 0o644, size: 22 }, ...entries].sort((a, b) => (a.path < b.path ? -1 : 1)));
      for (const entry of entries) {
        if (entry.type === 'file') expect(await readFile(join(out, entry.path))).toEqual(await readFile(join(dir, entry.path)));
        if (entry.type === 'symlink') expect(await readlink(join(out, entry.path))).toBe(entry.linkTarget);
      }
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  });

  it('starts with a plain ustar header and uses PAX only for what does not fit', async () => {
    const all = headers(await collect(createContextTar(options())));
    expect(all[0]).toMatchObject({ name: 'Dockerfile', typeflag: '0', magic: 'ustar\u000000', checksumOk: true });
    expect(all.every((h) => h.checksumOk && h.uid === 0 && h.gid === 0 && h.uname === '' && h.gname === '' && h.mtime === 0)).toBe(true);
    const paxFor = all.flatMap((h, i) => (h.pax ? [{ pax: h.pax, next: all[i + 1] }] : []));
    expect(paxFor.map((p) => p.pax)).toEqual([
      { linkpath: LONG_TARGET },
      { path: 'grüße.txt' },
      { path: UNSPLITTABLE },
    ]);
    const split = all.find((h) => h.name.startsWith('ccc'));
    expect(split).toMatchObject({ prefix: LONG_DIR, name: `${'c'.repeat(90)}.txt`, typeflag: '0' });
    expect(all.some((h) => h.typeflag !== 'x' && (h.name.startsWith('./') || h.prefix.startsWith('./')))).toBe(false);
    expect(all.filter((h) => h.typeflag === '5').map((h) => h.name)).toEqual(['a/', `${LONG_DIR}/`, 'bin/', 'src/']);
  });

  it('writes the same bytes for the same input, and the given mtime', async () => {
    const digest = async (o: ContextTarOptions): Promise<string> => createHash('sha256').update(await collect(createContextTar(o))).digest('hex');
    expect(await digest(options())).toBe(await digest(options()));
    expect(await digest(options({ mtime: 1_700_000_000 }))).not.toBe(await digest(options()));
    const stamped = headers(await collect(createContextTar(options({ mtime: 1_700_000_000 }))));
    expect(stamped.every((h) => h.mtime === 1_700_000_000)).toBe(true);
  });

  it('refuses to start the archive with an entry that needs PAX', async () => {
    const stream = createContextTar({ entries: [{ path: UNSPLITTABLE, type: 'file', mode: 0o644, size: 4 }], openFile: openFromDirectory(dir) });
    await expect(collect(stream)).rejects.toMatchObject({ name: 'ContextTarError', code: 'first-entry-needs-pax' });
  });

  it('lets an in-memory file replace the entry of the same path', async () => {
    const withDockerfile = [{ path: 'Dockerfile', type: 'file' as const, mode: 0o600, size: 3 }, ...entries];
    const all = headers(await collect(createContextTar(options({ entries: withDockerfile }))));
    expect(all.filter((h) => h.name === 'Dockerfile')).toEqual([expect.objectContaining({ mode: 0o644, size: 22 })]);
  });

  it.each([
    ['a parent segment', { path: '../x', type: 'file', mode: 0o644, size: 0 }, 'invalid-path'],
    ['an absolute path', { path: '/etc/passwd', type: 'file', mode: 0o644, size: 0 }, 'invalid-path'],
    ['a ./ prefix', { path: './x', type: 'file', mode: 0o644, size: 0 }, 'invalid-path'],
    ['an empty segment', { path: 'a//b', type: 'dir', mode: 0o755 }, 'invalid-path'],
    ['a file without size', { path: 'x', type: 'file', mode: 0o644 }, 'invalid-entry'],
    ['a symlink without target', { path: 'x', type: 'symlink', mode: 0o777 }, 'invalid-entry'],
  ] as const)('fails the stream on %s', async (_what, entry, code) => {
    const stream = createContextTar({ entries: [entry], openFile: () => Readable.from([]), extraFiles: [{ path: 'Dockerfile', content: '' }] });
    const error = await collect(stream).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ContextTarError);
    expect(error).toMatchObject({ code });
  });

  it.each([
    ['grew', 5, ['123456']],
    ['shrank', 5, ['123']],
  ])('fails the stream when a file %s while read', async (_what, size, chunks) => {
    const stream = createContextTar({
      entries: [{ path: 'f', type: 'file', mode: 0o644, size }],
      openFile: () => Readable.from(chunks.map((c) => Buffer.from(c))),
    });
    await expect(collect(stream)).rejects.toMatchObject({ code: 'size-mismatch', path: 'f' });
  });

  it('reads files only as fast as the archive is consumed', async () => {
    const chunkSize = 64 * 1024;
    const chunkCount = 512; // a 32 MiB file
    let produced = 0;
    async function* bigFile(): AsyncGenerator<Uint8Array> {
      for (let i = 0; i < chunkCount; i++) {
        produced++;
        yield new Uint8Array(chunkSize);
      }
    }
    const stream = createContextTar({
      entries: [{ path: 'big', type: 'file', mode: 0o644, size: chunkSize * chunkCount }],
      openFile: () => bigFile(),
    });
    let received = 0;
    for await (const chunk of stream) {
      received += (chunk as Uint8Array).length;
      if (received > 1024 * 1024) break;
    }
    expect(produced).toBeLessThan(chunkCount / 4);
    // Breaking out destroyed the stream; the file source was closed, not drained.
    await new Promise((resolve) => setImmediate(resolve));
    expect(produced).toBeLessThan(chunkCount / 4);
  });

  it('takes entries from an async iterable', async () => {
    async function* one(): AsyncGenerator<TarEntry> {
      yield { path: 'src', type: 'dir', mode: 0o755 };
    }
    const all = headers(await collect(createContextTar({ entries: one(), openFile: openFromDirectory(dir) })));
    expect(all.map((h) => [h.name, h.typeflag])).toEqual([['src/', '5']]);
  });

  it('keeps a mode without file-type bits', async () => {
    const { mode } = await lstat(join(dir, 'bin', 'run.sh'));
    const all = headers(await collect(createContextTar({ entries: [{ path: 'run.sh', type: 'file', mode, size: 0 }], openFile: () => Readable.from([]) })));
    expect(all[0]?.mode).toBe(0o755);
  });
});
