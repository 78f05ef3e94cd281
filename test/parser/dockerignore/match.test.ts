import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createIgnoreMatcher } from '../../../src/parser/dockerignore/match.js';
import { parseDockerignore } from '../../../src/parser/dockerignore/read.js';

const matcherFor = (...lines: string[]) => createIgnoreMatcher(parseDockerignore(lines.join('\n')));

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
    // Octal and hex escapes are characters there too; an octal escape reads at most three digits.
    [['file\\x41'], 'fileA', true],
    [['file\\x41'], 'filex41', false],
    [['\\101.txt'], 'A.txt', true],
    [['\\1010.txt'], 'A0.txt', true],
    [['[\\x41-\\x43].txt'], 'B.txt', true],
    [['[\\101-\\103].txt'], 'D.txt', false],
    [['[\\d].txt'], '5.txt', true],
    [['a\\tb'], 'a\tb', true],
    [['a\\tb'], 'atb', false],
    [['a\\_b'], 'a_b', true],
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
    // Found by the property below: `a/*/**` is a pattern after its trailing `/**` goes, not the plain path `a`.
    [['a', '!a/*/**', 'a/a'], 'a/c', false],
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
