import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ContextScanError, scanContext } from '../../src/planner/index.js';
import { printableName } from '../../src/planner/undecodable-names.js';

const work = mkdtempSync(join(tmpdir(), 'dfkit-names-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A context with `src/a`, plus whatever `add` makes in `src` by raw byte names. */
function context(name: string, add: (src: Buffer) => void, ignore?: string): string {
  const root = join(work, name);
  mkdirSync(join(root, 'src'), { recursive: true });
  writeFileSync(join(root, 'src', 'a'), 'a');
  if (ignore !== undefined) writeFileSync(join(root, '.dockerignore'), ignore);
  add(Buffer.from(join(root, 'src')));
  return root;
}

const latin1 = (directory: Buffer, name: string): Buffer => Buffer.concat([directory, Buffer.from('/'), Buffer.from(name, 'latin1')]);

describe('file names that are not UTF-8', () => {
  it('refuse the context, naming the file with its bytes, instead of leaving it out', async () => {
    const root = context('file', (src) => writeFileSync(latin1(src, 'café.txt'), 'x'));
    const scan = scanContext(root);
    await expect(scan).rejects.toBeInstanceOf(ContextScanError);
    await expect(scan).rejects.toMatchObject({
      code: 'undecodable-name',
      path: 'src/caf\uFFFD.txt',
      message: 'the name of src/caf\\xE9.txt in the build context is not valid UTF-8, which dfkit cannot read: rename it, or exclude it in .dockerignore',
    });
  });

  it('refuse a directory with such a name too', async () => {
    const root = context('directory', (src) => {
      mkdirSync(latin1(src, 'données'));
      writeFileSync(Buffer.concat([latin1(src, 'données'), Buffer.from('/inside')]), 'x');
    });
    await expect(scanContext(root)).rejects.toMatchObject({ code: 'undecodable-name', path: 'src/donn\uFFFDes' });
  });

  it('are fine when .dockerignore excludes them, by themselves or by a directory above', async () => {
    for (const [name, ignore] of [['excluded-file', 'src/caf*'], ['excluded-folder', 'src\n!src/a']] as const) {
      const root = context(name, (src) => writeFileSync(latin1(src, 'café.txt'), 'x'), ignore);
      const scanned = await scanContext(root);
      expect([...scanned.entries.keys()]).toContain('src/a');
      expect([...scanned.entries.keys()].some((path) => path.includes('caf'))).toBe(false);
    }
  });

  it('are told apart from names that really hold U+FFFD, which are read as usual', async () => {
    const root = context('replacement', (src) => writeFileSync(Buffer.concat([src, Buffer.from('/odd\uFFFDname')]), 'x'));
    const scanned = await scanContext(root);
    expect(scanned.entries.get('src/odd\uFFFDname')).toMatchObject({ type: 'file', size: 1 });
  });

  it('are shown with their undecodable and control bytes as \\xNN', () => {
    expect(printableName(Buffer.from([0x63, 0x61, 0x66, 0xe9]))).toBe('caf\\xE9');
    expect(printableName(Buffer.from('naïve\u2603', 'utf8'))).toBe('naïve\u2603');
    expect(printableName(Buffer.from([0x61, 0x0a, 0xf0, 0x9f, 0x98, 0x80, 0xf0, 0x9f, 0x98]))).toBe('a\\x0A😀\\xF0\\x9F\\x98');
  });
});
