import { execFileSync } from 'node:child_process';
import { lstatSync, readdirSync, readlinkSync } from 'node:fs';
import { chmod, chown, lstat, mkdir, mkdtemp, rm, symlink, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { scanContext, type ContextScanError } from '../../src/planner/context.js';
import type { ContextEntry } from '../../src/planner/context-types.js';
import { IgnoreFileError } from '../../src/parser/dockerignore/index.js';
import { PROBE_FILES, PROBE_VARIANTS } from './fixtures/dockerignore-probe.js';
import { scanAsNobody, type ScanOutcome } from './scan-as-nobody.js';

let base: string;
let root: string;

beforeEach(async () => {
  base = await mkdtemp(join(tmpdir(), 'dfkit-context-'));
  root = join(base, 'ctx');
  await mkdir(root);
});

afterEach(async () => {
  // Give back permissions a test took away, or the removal fails.
  await chmod(join(root, 'locked'), 0o755).catch(() => undefined);
  await rm(base, { recursive: true, force: true });
});

async function put(path: string, content = path, mode?: number): Promise<void> {
  const file = join(root, path);
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, content);
  if (mode !== undefined) await chmod(file, mode);
}

const paths = async (options?: Parameters<typeof scanContext>[1]) => [...(await scanContext(root, options)).entries.keys()];
const runningAsRoot = process.getuid?.() === 0;

/**
 * The scan of `root` by a user the permissions apply to: this process, or `nobody` in a child process when the
 * tests run as root (root may list any directory).
 */
async function scanOutcome(options?: Parameters<typeof scanContext>[1]): Promise<ScanOutcome> {
  if (runningAsRoot) {
    await chmod(base, 0o755);
    return scanAsNobody(root, options);
  }
  try {
    return { paths: await paths(options) };
  } catch (error) {
    const failure = error as ContextScanError;
    return { error: { name: failure.name, code: failure.code, path: failure.path, message: failure.message } };
  }
}

describe('finding the ignore file', () => {
  beforeEach(async () => {
    await put('Dockerfile');
    await put('build/app.Dockerfile');
    await put('a.txt');
    await put('b.txt');
    await put('.dockerignore', 'a.txt\n');
  });

  it('uses <context>/.dockerignore by default', async () => {
    const context = await scanContext(root);
    expect(context.ignoreFile).toBe('.dockerignore');
    expect(context.ignorePatterns).toEqual(['a.txt']);
    expect(context.entries.has('a.txt')).toBe(false);
    expect(context.entries.has('b.txt')).toBe(true);
  });

  it('prefers <Dockerfile>.dockerignore next to the Dockerfile', async () => {
    await put('build/app.Dockerfile.dockerignore', '# only this one\nb.txt\n');
    const context = await scanContext(root, { dockerfile: 'build/app.Dockerfile' });
    expect(context.ignoreFile).toBe('build/app.Dockerfile.dockerignore');
    expect(context.ignorePatterns).toEqual(['b.txt']);
    expect(context.entries.has('a.txt')).toBe(true);
    expect(context.entries.has('b.txt')).toBe(false);
  });

  it('falls back to .dockerignore when the Dockerfile has none of its own', async () => {
    const context = await scanContext(root, { dockerfile: join(root, 'build/app.Dockerfile') });
    expect(context.ignoreFile).toBe('.dockerignore');
  });

  it('reports an ignore file beside a Dockerfile outside the context relative to the context', async () => {
    await mkdir(join(base, 'elsewhere'));
    await writeFile(join(base, 'elsewhere', 'Dockerfile'), 'FROM scratch');
    await writeFile(join(base, 'elsewhere', 'Dockerfile.dockerignore'), 'b.txt');
    const context = await scanContext(root, { dockerfile: join(base, 'elsewhere', 'Dockerfile') });
    expect(context.ignoreFile).toBe('../elsewhere/Dockerfile.dockerignore');
    expect(context.entries.has('b.txt')).toBe(false);
  });

  it('applies given text instead of any file, or nothing for null', async () => {
    const given = await scanContext(root, { ignoreFileText: 'b.txt' });
    expect(given.ignoreFile).toBeNull();
    expect([given.entries.has('a.txt'), given.entries.has('b.txt')]).toEqual([true, false]);
    const none = await scanContext(root, { ignoreFileText: null });
    expect(none.ignoreFile).toBeNull();
    expect(none.ignorePatterns).toEqual([]);
    expect(none.entries.has('.dockerignore')).toBe(true);
  });

  it('refuses an ignore file with a pattern Docker refuses', async () => {
    await put('.dockerignore', 'ok\n[\n');
    await expect(scanContext(root)).rejects.toBeInstanceOf(IgnoreFileError);
    await expect(scanContext(root)).rejects.toThrow(/\.dockerignore:2: syntax error in pattern/);
  });
});

describe('what the scan records', () => {
  it('records symlinks without following them', async () => {
    await put('real/inner.txt');
    await symlink('real', join(root, 'link'));
    await symlink('/nowhere/at/all', join(root, 'dangling'));
    const context = await scanContext(root);
    expect(context.entries.get('link')).toMatchObject({ type: 'symlink', linkTarget: 'real' });
    expect(context.entries.get('dangling')).toMatchObject({ type: 'symlink', linkTarget: '/nowhere/at/all' });
    expect(context.entries.has('link/inner.txt')).toBe(false);
    expect(context.entries.has('real/inner.txt')).toBe(true);
  });

  it('records permission bits, size, times and identity from lstat', async () => {
    await put('run.sh', '#!/bin/sh\n', 0o4755);
    await put('private/x', 'x');
    await chmod(join(root, 'private'), 0o700);
    const context = await scanContext(root);
    const stats = await lstat(join(root, 'run.sh'));
    expect(context.entries.get('run.sh')).toEqual({
      path: 'run.sh',
      type: 'file',
      mode: 0o4755,
      size: 10,
      mtimeMs: stats.mtimeMs,
      ctimeMs: stats.ctimeMs,
      ino: stats.ino,
      dev: stats.dev,
    });
    expect(context.entries.get('private')).toMatchObject({ type: 'dir', mode: 0o700, size: 0 });
  });

  it('sorts paths in Go byte order and keeps empty directories', async () => {
    for (const name of ['😀', '\ue000', 'é', 'a/x', 'a.b', 'B']) await put(name);
    await mkdir(join(root, 'empty'));
    expect(await paths()).toEqual(['B', 'a', 'a.b', 'a/x', 'empty', 'é', '\ue000', '😀']);
  });

  it('walks into excluded directories when an exception may re-include something there', async () => {
    await put('src/app.js');
    await put('src/lib/util.js');
    await put('docs/readme.md');
    expect(await paths({ ignoreFileText: '*\n!src/app.js' })).toEqual(['src', 'src/app.js']);
    expect(await paths({ ignoreFileText: '*\n!**/util.js' })).toEqual(['src', 'src/lib', 'src/lib/util.js']);
  });

  it('handles deep and wide trees', async () => {
    let deep = 'd';
    for (let level = 1; level < 200; level++) deep += '/d';
    await put(`${deep}/bottom.txt`);
    await Promise.all(Array.from({ length: 2000 }, (_, index) => put(`wide/f${String(index).padStart(4, '0')}`)));
    const context = await scanContext(root);
    expect(context.entries.has(`${deep}/bottom.txt`)).toBe(true);
    expect([...context.entries.keys()].filter((path) => path.startsWith('wide/'))).toHaveLength(2000);
    expect(context.entries.size).toBe(200 + 1 + 1 + 2000);
  });
  it('gives the same context whether worker threads share the lstat calls or not', async () => {
    await Promise.all(Array.from({ length: 700 }, (_, index) => put(`pkg${index % 7}/f${index}.txt`, 'x'.repeat(index % 13))));
    await put('run.sh', '#!/bin/sh\n', 0o755);
    await symlink('pkg0', join(root, 'link'));
    await put('.dockerignore', 'pkg6\n*/f1*.txt\n!pkg1/f10.txt\n');
    if (runningAsRoot) await chown(join(root, 'run.sh'), 1000, 1001);
    const alone = await scanContext(root, { statWorkers: 0 });
    const shared = await scanContext(root, { statWorkers: 2 });
    expect(alone.entries.size).toBeGreaterThan(500);
    expect([...shared.entries]).toEqual([...alone.entries]);
    if (runningAsRoot) expect(shared.entries.get('run.sh')).toMatchObject({ uid: 1000, gid: 1001 });
  });
});

/** What a scan must find below the root, read here with plain lstat calls (no ignore file). */
function entriesOnDisk(): ContextEntry[] {
  const found: ContextEntry[] = [];
  const visit = (relative: string): void => {
    for (const name of readdirSync(join(root, relative))) {
      const path = relative === '' ? name : `${relative}/${name}`;
      const stats = lstatSync(join(root, path));
      const type = stats.isFile() ? 'file' : stats.isDirectory() ? 'dir' : stats.isSymbolicLink() ? 'symlink' : 'other';
      found.push({
        path,
        type,
        mode: stats.mode & 0o7777,
        size: type === 'dir' ? 0 : stats.size,
        mtimeMs: stats.mtimeMs,
        ino: stats.ino,
        dev: stats.dev,
        ctimeMs: stats.ctimeMs,
        ...(type === 'symlink' && { linkTarget: readlinkSync(join(root, path)) }),
      });
      if (type === 'dir') visit(path);
    }
  };
  visit('');
  return found.sort((a, b) => (a.path < b.path ? -1 : 1));
}

describe('scanning the same root again', () => {
  beforeEach(async () => {
    for (let index = 0; index < 30; index++) await put(`src/m${index % 3}/f${index}.ts`, `file ${index}`);
    await put('README.md', 'readme');
    await symlink('src', join(root, 'link'));
  });

  it('gives back the same context when nothing changed', async () => {
    const first = await scanContext(root);
    expect(await scanContext(root)).toBe(first);
    expect([...first.entries.values()]).toEqual(entriesOnDisk());
  });

  const edits: ReadonlyArray<readonly [string, () => Promise<unknown>]> = [
    ['a file touched', () => utimes(join(root, 'src/m1/f4.ts'), 1_000_000, 1_000_000)],
    ['a file rewritten with the same size', () => writeFile(join(root, 'src/m1/f4.ts'), 'FILE 4')],
    ['a file added', () => put('src/m2/new.ts')],
    ['a file removed', () => rm(join(root, 'src/m1/f1.ts'))],
    ['a directory emptied', () => rm(join(root, 'src/m2'), { recursive: true })],
    ['a file turned into a directory', () => rm(join(root, 'README.md')).then(() => put('README.md/inside'))],
    ['a file made executable', () => chmod(join(root, 'src/m0/f0.ts'), 0o755)],
    ['a symlink pointed elsewhere', () => rm(join(root, 'link')).then(() => symlink('src/m0', join(root, 'link')))],
  ];
  for (const [name, edit] of edits) {
    it(`sees ${name}, and keeps the entries of directories that did not change`, async () => {
      const first = await scanContext(root);
      await new Promise((resolve) => setTimeout(resolve, 5)); // a later ctime for what is edited
      await edit();
      const second = await scanContext(root);
      expect(second).not.toBe(first);
      expect([...second.entries.values()]).toEqual(entriesOnDisk());
      // An entry of a directory listed as before, with its metadata unchanged, is the very same object.
      expect(second.entries.get('src/m0/f6.ts')).toBe(first.entries.get('src/m0/f6.ts'));
    });
  }

  it('applies an edited ignore file even when no other entry changed', async () => {
    await put('.dockerignore', 'src/m1\n');
    const first = await scanContext(root);
    expect(first.entries.has('src/m1/f1.ts')).toBe(false);
    await writeFile(join(root, '.dockerignore'), 'src/m2\n');
    const second = await scanContext(root);
    expect(second.entries.has('src/m1/f1.ts')).toBe(true);
    expect(second.entries.has('src/m2/f2.ts')).toBe(false);
    // The same patterns given as text instead of a file make a context of their own.
    const given = await scanContext(root, { ignoreFileText: 'src/m2' });
    expect(given).not.toBe(second);
    expect(given.ignoreFile).toBeNull();
    expect([...given.entries.keys()]).toEqual([...second.entries.keys()]);
  });
});

describe('the .dockerignore probe on a real directory', () => {
  it.each(PROBE_VARIANTS.map((variant) => [variant.id, variant] as const))('%s', async (_id, variant) => {
    for (const path of PROBE_FILES) await put(path, path === '.dockerignore' ? variant.lines.join('\n') : path);
    const context = await scanContext(root);
    const excluded = PROBE_FILES.filter((path) => context.entries.get(path)?.type !== 'file');
    expect(excluded.sort()).toEqual([...variant.excluded].sort());
  });
});

describe('ignore files that are not regular files', () => {
  it('takes a FIFO .dockerignore for none, falling back from a FIFO <Dockerfile>.dockerignore', async () => {
    await put('app.txt');
    await put('skip.log');
    execFileSync('mkfifo', [join(root, '.dockerignore')]);
    expect((await scanContext(root)).ignoreFile).toBeNull();
    await rm(join(root, '.dockerignore'));
    await put('.dockerignore', '*.log\n');
    execFileSync('mkfifo', [join(root, 'Dockerfile.dockerignore')]);
    const context = await scanContext(root, { dockerfile: 'Dockerfile' });
    expect(context.ignoreFile).toBe('.dockerignore');
    expect(context.entries.has('skip.log')).toBe(false);
  }, 20_000);
});

describe('failures', () => {
  it('rejects a missing root or one that is not a directory', async () => {
    await expect(scanContext(join(root, 'missing'))).rejects.toMatchObject({ code: 'unreadable', path: '' });
    await put('file.txt');
    await expect(scanContext(join(root, 'file.txt'))).rejects.toMatchObject({ code: 'not-a-directory' });
  });

  it('rejects with the path of an unreadable directory', async () => {
    await put('locked/secret.txt');
    await chmod(join(root, 'locked'), 0o000);
    expect(await scanOutcome()).toEqual({
      error: { name: 'ContextScanError', code: 'unreadable', path: 'locked', message: expect.stringContaining('locked') },
    });
  });

  it('tolerates an unreadable directory that is excluded anyway', async () => {
    await put('locked/secret.txt');
    await put('kept.txt');
    await chmod(join(root, 'locked'), 0o000);
    // The exception keeps the walker from skipping `locked` without reading it.
    expect(await scanOutcome({ ignoreFileText: 'locked\n!*/keep*' })).toEqual({ paths: ['kept.txt'] });
  });
});
