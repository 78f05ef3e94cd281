import { existsSync } from 'node:fs';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeDirectory } from '../../src/planner/make-directory.js';

let base: string;

beforeEach(async () => {
  base = await mkdtemp(join(tmpdir(), 'dfkit-mkdir-'));
});

afterEach(async () => {
  await rm(base, { recursive: true, force: true });
});

describe('makeDirectory', () => {
  it('makes every missing level, with the mode given, and leaves an existing directory alone', async () => {
    const deep = join(base, 'a', 'b', 'c');
    await makeDirectory(deep, 0o750);
    for (const level of [join(base, 'a'), join(base, 'a', 'b'), deep]) {
      const info = await stat(level);
      expect(info.isDirectory()).toBe(true);
      expect(info.mode & 0o777 & ~process.umask()).toBe(0o750 & ~process.umask());
    }
    await makeDirectory(deep);
    await makeDirectory(base);
    expect((await stat(deep)).isDirectory()).toBe(true);
  });

  it('fails as mkdir -p does when a file is in the way, at the path or above it', async () => {
    await writeFile(join(base, 'file'), 'x');
    await expect(makeDirectory(join(base, 'file'))).rejects.toMatchObject({ code: 'EEXIST' });
    await expect(makeDirectory(join(base, 'file', 'below', 'deeper'))).rejects.toMatchObject({ code: 'ENOTDIR' });
  });

  it('makes a relative path from the working directory', async () => {
    const cwd = process.cwd();
    process.chdir(base);
    try {
      await makeDirectory(join('x', 'y'));
    } finally {
      process.chdir(cwd);
    }
    expect((await stat(join(base, 'x', 'y'))).isDirectory()).toBe(true);
  });

  // Node's recursive mkdir never settles for such a path: the test would time out instead of failing.
  it.runIf(existsSync('/proc/self'))('fails, and does not hang, for a path where no directory can be made (under /proc)', async () => {
    await expect(makeDirectory('/proc/dfkit-nowhere/cache')).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
