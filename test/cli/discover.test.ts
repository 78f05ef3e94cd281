/**
 * Which Dockerfiles `dfkit lint` and `dfkit fmt` find below a folder, and in which order: names that look like
 * Dockerfiles, depth first in name order (subfolders are listed side by side, so the order must not depend on
 * which listing finishes first), skipping `.git`, `node_modules` and what `.gitignore` files exclude.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { discoverDockerfiles } from '../../src/cli/discover.js';

const work = mkdtempSync(join(tmpdir(), 'dfkit-discover-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function tree(name: string, files: Record<string, string>): string {
  const root = join(work, name);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

describe('discoverDockerfiles', () => {
  it('finds files named like Dockerfiles, depth first in name order, shown as the path given', async () => {
    const root = tree('names', {
      'Dockerfile': 'FROM a\n',
      'api.Dockerfile': 'FROM a\n',
      'Containerfile.dev': 'FROM a\n',
      'notes.txt': 'not one\n',
      'b/Dockerfile': 'FROM a\n',
      'b/deep/er/Containerfile': 'FROM a\n',
      'a/web.dockerfile': 'FROM a\n',
      'a/z/Dockerfile.prod': 'FROM a\n',
      'c/nothing.md': 'x\n',
    });
    const { files, unreadable, skipped } = await discoverDockerfiles(['names'], work);
    expect(files.map((file) => file.display)).toEqual([
      'names/a/web.dockerfile',
      'names/a/z/Dockerfile.prod',
      'names/api.Dockerfile',
      'names/b/deep/er/Containerfile',
      'names/b/Dockerfile',
      'names/Containerfile.dev',
      'names/Dockerfile',
    ]);
    expect(files[0]?.path).toBe(join(root, 'a/web.dockerfile'));
    expect([unreadable, skipped]).toEqual([[], []]);
  });

  it('skips .git and node_modules, and what .gitignore files exclude below them', async () => {
    tree('ignored', {
      'Dockerfile': 'FROM a\n',
      '.git/Dockerfile': 'FROM a\n',
      'node_modules/pkg/Dockerfile': 'FROM a\n',
      '.gitignore': 'build/\n*.tmp.Dockerfile\n',
      'build/Dockerfile': 'FROM a\n',
      'x.tmp.Dockerfile': 'FROM a\n',
      'svc/.gitignore': 'Dockerfile.*\n!Dockerfile.keep\n',
      'svc/Dockerfile.dev': 'FROM a\n',
      'svc/Dockerfile.keep': 'FROM a\n',
      'svc/Dockerfile': 'FROM a\n',
      'svc/y.tmp.Dockerfile': 'FROM a\n',
      // A folder named .gitignore is not a list of patterns.
      'other/.gitignore/Dockerfile': 'FROM a\n',
    });
    const { files } = await discoverDockerfiles(['ignored'], work);
    expect(files.map((file) => file.display)).toEqual([
      'ignored/Dockerfile',
      'ignored/other/.gitignore/Dockerfile',
      'ignored/svc/Dockerfile',
      'ignored/svc/Dockerfile.keep',
    ]);
  });

  it('keeps the order of the paths given, and names the ones that do not exist', async () => {
    tree('order', { 'b/Dockerfile': 'FROM a\n', 'a/Dockerfile': 'FROM a\n' });
    const { files, unreadable } = await discoverDockerfiles(['order/b', 'missing', 'order/a/Dockerfile'], work);
    expect(files.map((file) => file.display)).toEqual(['order/b/Dockerfile', 'order/a/Dockerfile']);
    expect(unreadable).toEqual([{ display: 'missing', reason: 'no such file or directory' }]);
  });
});
