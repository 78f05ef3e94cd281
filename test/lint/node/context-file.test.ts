import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildContextIn } from '../../../src/lint/node/context-file.js';

const root = mkdtempSync(join(tmpdir(), 'dfkit-context-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('buildContextIn', () => {
  const context = join(root, 'ctx');
  mkdirSync(join(context, 'requirements'), { recursive: true });
  writeFileSync(join(context, 'requirements', 'base.txt'), 'django==5.0\n');
  writeFileSync(join(context, 'big.txt'), 'x'.repeat(1024 * 1024 + 1));
  writeFileSync(join(root, 'outside.txt'), 'secret\n');
  const files = buildContextIn(context);

  it('answers for files by context path', () => {
    expect(files.has('requirements/base.txt')).toBe(true);
    expect(files.read('requirements/base.txt')).toBe('django==5.0\n');
    expect(files.has('requirements/missing.txt')).toBe(false);
    expect(files.read('requirements/missing.txt')).toBeUndefined();
  });

  it('names no folder, nothing outside the context and no absolute path', () => {
    expect(files.has('requirements')).toBe(false);
    expect(files.has('../outside.txt')).toBe(false);
    expect(files.read('requirements/../../outside.txt')).toBeUndefined();
    expect(files.has(join(root, 'outside.txt'))).toBe(false);
    expect(files.has('')).toBe(false);
  });

  it('holds a large file without reading it', () => {
    expect(files.has('big.txt')).toBe(true);
    expect(files.read('big.txt')).toBeUndefined();
  });
});
