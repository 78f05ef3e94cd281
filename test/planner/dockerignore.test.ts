import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  applyIgnore,
  createIgnoreMatcher,
  parseDockerignore,
  parsePatternList,
  type IgnorePattern,
} from '../../src/planner/dockerignore.js';
import type { ContextEntry } from '../../src/planner/context-types.js';
import { contextFromFiles } from '../../src/planner/memory-context.js';
import { PROBE_FILES, PROBE_VARIANTS } from './fixtures/dockerignore-probe.js';

const matcherFor = (...lines: string[]) => createIgnoreMatcher(parseDockerignore(lines.join('\n')));
const shape = (patterns: IgnorePattern[]) =>
  patterns.map(({ pattern, exception, error }) => (error ? { pattern, exception, error } : { pattern, exception }));

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

describe('parseDockerignore', () => {
  it.each([
    ['a UTF-8 BOM on line 1 is dropped', '\ufeff*.log', [{ pattern: '*.log', exception: false }]],
    // Go's TrimSpace does not treat U+FEFF as space, so a BOM on a later line stays part of the pattern.
    ['a BOM on a later line is kept', 'a\n\ufeffb', [{ pattern: 'a', exception: false }, { pattern: '\ufeffb', exception: false }]],
    ['# at the start of a line is a comment', '# note\nx', [{ pattern: 'x', exception: false }]],
    ['an indented # is a pattern', '  #x', [{ pattern: '#x', exception: false }]],
    ['blank lines and CRLF endings', '\r\n  a  \r\n\t\r\nb\r\n', [{ pattern: 'a', exception: false }, { pattern: 'b', exception: false }]],
    ['space after ! is trimmed', '!  keep.txt ', [{ pattern: 'keep.txt', exception: true }]],
    ['paths are cleaned', './a//b/../c/', [{ pattern: 'a/c', exception: false }]],
    ['a leading slash is dropped', '/abs.txt\n!/x', [{ pattern: 'abs.txt', exception: false }, { pattern: 'x', exception: true }]],
    ['`..` is folded', 'sub/../abs.txt', [{ pattern: 'abs.txt', exception: false }]],
    ['a lone slash stays (and matches nothing)', '/', [{ pattern: '/', exception: false }]],
    ['a pattern cleaning to `.` stays `.`', './', [{ pattern: '.', exception: false }]],
    // The reader cleans `a /.` to `a `; the matcher trims it again.
    ['whitespace revealed by cleaning is trimmed', 'a /.', [{ pattern: 'a', exception: false }]],
  ])('%s', (_name, text, expected) => {
    expect(shape(parseDockerignore(text))).toEqual(expected);
  });

  it('keeps the line as written and its line number', () => {
    expect(parseDockerignore('# c\n\n  ./a/  \n')).toEqual([{ text: './a/', line: 3, exception: false, pattern: 'a' }]);
  });

  it.each([
    ['!', 'illegal exclusion pattern: "!"'],
    ['!   ', 'illegal exclusion pattern: "!"'],
    ['!/', 'illegal exclusion pattern: "!"'],
    ['[', 'syntax error in pattern'],
    ['a\\', 'syntax error in pattern'],
    ['[a-]', 'syntax error in pattern'],
  ])('refuses %j as Docker does', (text, error) => {
    expect(parseDockerignore(text)[0]?.error).toBe(error);
  });

  it('refuses a class Go accepts but its regexp engine does not (`[z-a]`)', () => {
    expect(parseDockerignore('[z-a].txt')[0]?.error).toMatch(/invalid character class range/);
  });

  it('parsePatternList cleans before splitting off `!` (COPY --exclude)', () => {
    expect(shape(parsePatternList([' *.md ', '', '!docs/./keep.md', 'x/']))).toEqual([
      { pattern: '*.md', exception: false },
      { pattern: 'docs/keep.md', exception: true },
      { pattern: 'x', exception: false },
    ]);
  });
});

describe('matching', () => {
  it.each([
    // Anchored at the root.
    [['*.log'], 'a.log', true],
    [['*.log'], 'sub/a.log', false],
    [['node_modules'], 'sub/node_modules', false],
    // A match on a parent directory excludes what is below.
    [['build'], 'build/x/y.txt', true],
    [['*'], 'src/lib/util.js', true],
    // `**`: any number of directories, including none.
    [['**'], 'a/b/c', true],
    [['**/x'], 'x', true],
    [['**/x'], 'a/b/x', true],
    [['**/x'], 'ax', false],
    [['a/**/b'], 'a/b', true],
    [['a/**/b'], 'a/x/y/b', true],
    [['sub/**'], 'sub', false],
    [['sub/**'], 'sub/x', true],
    // Docker's fast paths, kept as they are: a leading `**` then plain text compares as a suffix...
    [['**foo'], 'barfoo', true],
    // ...and a `**` that is neither leading, trailing nor before `/` only spans whole directories.
    [['a**b'], 'ab', true],
    [['a**b'], 'ax/b', true],
    [['a**b'], 'axb', false],
    [['?.log'], 'ab.log', false],
    [['a?c'], 'a/c', false],
    [['?.txt'], 'é.txt', true],
    [['[a-k].log'], 'a.log', true],
    [['[a-k].log'], 'keep.log', false],
    [['[^a].txt'], 'b.txt', true],
    [['[^a].txt'], 'a.txt', false],
    // `!` inside a class is not a negation in Docker (Go) patterns.
    [['[!a].txt'], 'a.txt', true],
    [['[!a].txt'], 'b.txt', false],
    [['\\*.txt'], '*.txt', true],
    [['\\*.txt'], 'a.txt', false],
    // The escape reaches Go's regexp engine, where `\d` is a digit class.
    [['\\d.txt'], '1.txt', true],
    [['\\d.txt'], 'd.txt', false],
    // Without wildcards a pattern compares literally, `^` included.
    [['a^b'], 'a^b', true],
    [['a.c'], 'abc', false],
    [['a+b'], 'a+b', true],
    // Patterns that match nothing.
    [['.'], 'x', false],
    [['/'], 'x', false],
    [['../x'], 'x', false],
    // Order: the last matching pattern decides; exceptions re-include.
    [['*.log', '!keep.log'], 'keep.log', false],
    [['*.log', '!keep.log', 'keep.log'], 'keep.log', true],
    [['docs', '!docs/readme.md'], 'docs/readme.md', false],
    [['**', '!src'], 'src/lib/util.js', false],
  ])('%j on %j → %j', (lines, path, expected) => {
    expect(matcherFor(...lines).matches(path)).toBe(expected);
  });

  it('never excludes the root, and cleans the path it is asked about', () => {
    const matcher = matcherFor('**');
    expect(matcher.matches('.')).toBe(false);
    expect(matcher.matches('')).toBe(false);
    expect(matcherFor('a/b').matches('./a//b/')).toBe(true);
  });

  it('gives the same answer incrementally as from scratch', () => {
    const matcher = matcherFor('sub', '!sub/keep', 'sub/keep/x*');
    const sub = matcher.evaluate('sub');
    const keep = matcher.evaluate('sub/keep', sub);
    expect(matcher.evaluate('sub/keep/x1', keep).excluded).toBe(true);
    expect(matcher.evaluate('sub/keep/y', keep).excluded).toBe(false);
    expect(matcher.matches('sub/keep/x1')).toBe(true);
    expect(matcher.matches('sub/keep/y')).toBe(false);
  });

  it('leaves malformed patterns out of matching and lists them', () => {
    const matcher = matcherFor('a.txt', '[', 'b.txt');
    expect(matcher.errors.map((pattern) => pattern.text)).toEqual(['[']);
    expect(matcher.patterns.map((pattern) => pattern.pattern)).toEqual(['a.txt', 'b.txt']);
    expect(matcher.matches('b.txt')).toBe(true);
  });
});

describe('canSkipDirectory', () => {
  it.each([
    [['build'], 'build', true],
    [['build'], 'src', false],
    [['build', '!build/keep.txt'], 'build', false],
    [['build', 'docs', '!build/keep.txt'], 'docs', true],
    [['a', '!a/b/**'], 'a', false],
    [['a', '!a/b/**'], 'a/c', true],
    // An exception with a wildcard could re-include anything: never skip.
    [['*', '!**/keep.log'], 'sub', false],
    [['*', '!src/*.js'], 'docs', false],
  ])('%j, %j → %j', (lines, dir, expected) => {
    expect(matcherFor(...lines).canSkipDirectory(dir)).toBe(expected);
  });

  it('is only ever true when everything below is excluded', () => {
    const segment = fc.constantFrom('a', 'b', 'ab', '*', '?', '**', 'a*');
    const pattern = fc
      .tuple(fc.boolean(), fc.array(segment, { minLength: 1, maxLength: 3 }))
      .map(([exception, parts]) => (exception ? '!' : '') + parts.join('/'));
    const path = fc.array(fc.constantFrom('a', 'b', 'ab', 'c'), { minLength: 1, maxLength: 4 }).map((parts) => parts.join('/'));
    fc.assert(
      fc.property(fc.array(pattern, { minLength: 1, maxLength: 4 }), path, path, (lines, dir, below) => {
        const matcher = matcherFor(...lines);
        if (matcher.canSkipDirectory(dir)) expect(matcher.matches(`${dir}/${below}`)).toBe(true);
      }),
      { numRuns: 2000 },
    );
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
