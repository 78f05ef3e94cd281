import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { contextFromFiles } from '../../src/planner/memory-context.js';
import { memoryHasher } from '../../src/planner/memory-hasher.js';
import { plan } from '../../src/planner/plan.js';

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

describe('plan: files', () => {
  const context = contextFromFiles({ 'b.txt': 'b', 'a.txt': 'a', 'src/z.js': 'z', 'src/a-b.js': 'ab', 'src/a/c.js': 'c' });
  const planOf = (text: string) => plan(text, { context, hasher: memoryHasher(context) });

  it('lists each copied file once, by path in code-unit order, whatever order the steps copy them in', async () => {
    const result = await planOf('FROM scratch\nCOPY src/z.js b.txt /x/\nCOPY . /all\nCOPY a.txt /a\n');
    expect(Object.keys(result.files)).toEqual(['a.txt', 'b.txt', 'src/a-b.js', 'src/a/c.js', 'src/z.js']);
    expect(result.files['src/a-b.js']).toBe(sha256('ab'));
  });

  it('takes one copied tree as it is', async () => {
    const result = await planOf('FROM scratch\nCOPY src /src\n');
    expect(result.files).toEqual({ 'src/a-b.js': sha256('ab'), 'src/a/c.js': sha256('c'), 'src/z.js': sha256('z') });
    expect(Object.keys(result.files)).toEqual(['src/a-b.js', 'src/a/c.js', 'src/z.js']);
  });

  it('builds the record when it is first read, as a plain property in its place', async () => {
    const result = await planOf('FROM scratch\nCOPY . /all\n');
    const keys = ['schema', 'builder', 'target', 'platform', 'network', 'buildArgs', 'dockerfile', 'context', 'stages', 'files', 'diagnostics'];
    expect(Object.keys(result)).toEqual(keys);
    expect(typeof Object.getOwnPropertyDescriptor(result, 'files')!.get).toBe('function');
    const files = result.files;
    expect(Object.getOwnPropertyDescriptor(result, 'files')).toEqual({ value: files, enumerable: true, writable: false, configurable: false });
    expect(result.files).toBe(files);
    expect(Object.keys(result)).toEqual(keys);
    expect(files['src/a/c.js']).toBe(sha256('c'));
  });

  it('shows the record to spreads and JSON before it is read', async () => {
    const text = 'FROM scratch\nCOPY src /src\n';
    const expected = { 'src/a-b.js': sha256('ab'), 'src/a/c.js': sha256('c'), 'src/z.js': sha256('z') };
    expect({ ...(await planOf(text)) }.files).toEqual(expected);
    const json = JSON.parse(JSON.stringify(await planOf(text))) as Record<string, unknown>;
    expect(json['files']).toEqual(expected);
    expect(Object.keys(json).indexOf('files')).toBe(Object.keys(json).indexOf('stages') + 1);
  });

  it('has no files when nothing is copied from the context', async () => {
    expect((await planOf('FROM scratch\nRUN true\n')).files).toEqual({});
  });
});
