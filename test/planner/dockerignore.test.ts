import { describe, expect, it } from 'vitest';
import { createIgnoreMatcher, parseDockerignore } from '../../src/parser/dockerignore/index.js';
import type { ContextEntry } from '../../src/planner/context-types.js';
import { applyIgnore } from '../../src/planner/dockerignore.js';
import { contextFromFiles } from '../../src/planner/memory-context.js';
import { PROBE_FILES, PROBE_VARIANTS } from './fixtures/dockerignore-probe.js';

const matcherFor = (...lines: string[]) => createIgnoreMatcher(parseDockerignore(lines.join('\n')));

describe('the .dockerignore probe measured on a real engine (p01–p27)', () => {
  const files = Object.fromEntries(PROBE_FILES.map((path) => [path, `content of ${path}`]));

  it.each(PROBE_VARIANTS.map((variant) => [variant.id, variant] as const))('%s', (_id, variant) => {
    const context = contextFromFiles(files, variant.lines.join('\n'));
    const excluded = PROBE_FILES.filter((path) => context.entries.get(path)?.type !== 'file');
    expect(excluded.sort()).toEqual([...variant.excluded].sort());
  });

  it('p15 keeps the directory matched only through its contents (`sub/**`)', () => {
    const context = contextFromFiles(files, 'sub/**');
    expect(context.entries.get('sub')?.type).toBe('dir');
    expect(context.entries.has('sub/deep')).toBe(false);
  });

  it('p17 brings back the excluded parent of a re-included file, and only that', () => {
    const context = contextFromFiles(files, '*\n!src/app.js');
    expect([...context.entries.keys()]).toEqual(['src', 'src/app.js']);
  });
});

describe('applyIgnore', () => {
  const entry = (path: string, type: ContextEntry['type'] = 'file'): ContextEntry => ({
    path,
    type,
    mode: type === 'dir' ? 0o755 : 0o644,
    size: 0,
    mtimeMs: 0,
    ino: 0,
    dev: 0,
  });

  it('sorts, excludes, and brings back excluded directories above kept entries', () => {
    const entries = [entry('z.txt'), entry('a', 'dir'), entry('a/b', 'dir'), entry('a/b/keep'), entry('a/b/drop'), entry('a-x')];
    const kept = applyIgnore(entries, matcherFor('a', 'a-x', '!a/b/keep'));
    expect(kept.map((e) => e.path)).toEqual(['a', 'a/b', 'a/b/keep', 'z.txt']);
  });

  it('keeps everything, in Go order, without patterns', () => {
    const kept = applyIgnore([entry('b'), entry('a/x'), entry('a.b'), entry('a', 'dir')], matcherFor());
    expect(kept.map((e) => e.path)).toEqual(['a', 'a.b', 'a/x', 'b']);
  });
});
