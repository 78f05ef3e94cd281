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

  it('has no files when nothing is copied from the context', async () => {
    expect((await planOf('FROM scratch\nRUN true\n')).files).toEqual({});
  });
});
