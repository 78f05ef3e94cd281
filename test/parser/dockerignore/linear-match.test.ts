/**
 * The linear matcher: it decides as JavaScript's backtracking engine does on the same translated patterns, and
 * finishes on the patterns that make that engine take exponential time.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileIgnorePattern, type CompiledPattern } from '../../../src/parser/dockerignore/compile.js';
import { createIgnoreMatcher } from '../../../src/parser/dockerignore/match.js';
import { parseDockerignore } from '../../../src/parser/dockerignore/read.js';

const testOf = (compiled: CompiledPattern) => {
  if (compiled.error !== undefined) throw new Error(compiled.error);
  return compiled.test;
};

describe('the linear matcher', () => {
  it('agrees with the backtracking engine on random patterns and paths', () => {
    // Pieces that exercise every construct: stars, `**`, `?`, classes (with the quirk that a `*` inside one is
    // translated too), escapes, Perl classes, assertions, and characters the two engines read differently.
    const piece = fc.constantFrom(
      'a', 'b', '/', '*', '**', '**/', '?', '[ab]', '[^a]', '[a-c]', '[*]', '[?]', '\\*', '\\d', '\\w', '\\b', '\\B',
      '^', '.', '-', '\r', 'é', '😀', '[[:alpha:]]', '\\x61', '\\141', '\\1411', '[\\x61-\\x62]', '\\t', '\\x6',
    );
    const pattern = fc.array(piece, { minLength: 1, maxLength: 7 }).map((pieces) => pieces.join(''));
    const path = fc
      .array(fc.constantFrom('a', 'b', 'c', '/', '.', '-', '1', '\r', 'é', '😀', '*'), { maxLength: 12 })
      .map((chars) => chars.join(''));
    fc.assert(
      fc.property(pattern, fc.array(path, { minLength: 1, maxLength: 8 }), (source, paths) => {
        const backtracking = compileIgnorePattern(source, 'backtracking');
        const linear = compileIgnorePattern(source, 'linear');
        expect(linear.error).toBe(backtracking.error);
        if (backtracking.error !== undefined) return;
        for (const candidate of paths) expect([source, candidate, testOf(linear)(candidate)]).toEqual([source, candidate, testOf(backtracking)(candidate)]);
      }),
      { numRuns: 3000 },
    );
  });

  it('decides the usual patterns as expected', () => {
    const cases: [string, string, boolean][] = [
      ['**/*.pyc', 'a/b/c.pyc', true],
      ['**/*.pyc', 'c.pyc', true],
      ['**/*.pyc', 'a/c.pyx', false],
      ['a/**/b/**/c*', 'a/x/b/y/z/cat', true],
      ['a/**/b/**/c*', 'a/x/y/z/cat', false],
      ['*a*a*a*b', 'xaya/aab', false],
      ['*a*a*a*b', 'aaab', true],
    ];
    expect(cases.map(([pattern, path]) => [pattern, path, testOf(compileIgnorePattern(pattern, 'linear'))(path)])).toEqual(cases);
  });

  // A backtracking engine takes exponential time on these (a context scan with one of them never ended).
  it('finishes on patterns that make a backtracking engine take exponential time', () => {
    const longName = 'a'.repeat(200);
    const deepPath = Array.from({ length: 40 }, () => 'd').join('/');
    const matcher = createIgnoreMatcher(
      parseDockerignore(['*a*a*a*a*a*a*a*a*a*a*a*a*a*b', `${'**/'.repeat(30)}y`, `${'**/'.repeat(14)}x`].join('\n')),
    );
    expect([matcher.matches(longName), matcher.matches(`${deepPath}/f`), matcher.matches(`${deepPath}/y`), matcher.matches(`${longName}b`)]).toEqual([
      false,
      false,
      true,
      true,
    ]);
  });

  it('reads a pattern of thousands of `**/` without running out of stack', () => {
    const test = testOf(compileIgnorePattern(`${'**/'.repeat(20_000)}z`));
    expect([test('a/b/z'), test('a/b/y')]).toEqual([true, false]);
  });
});

describe('patterns too long for JavaScript\'s engine', () => {
  it('are read by the linear matcher (twenty thousand `?` ran the engine out of stack)', () => {
    const test = testOf(compileIgnorePattern('?'.repeat(20_000)));
    expect([test('a'.repeat(20_000)), test('a'.repeat(19_999)), test(`${'a'.repeat(19_999)}/`)]).toEqual([true, false, false]);
    expect(compileIgnorePattern('?'.repeat(20_000), 'backtracking')).toMatchObject({ error: expect.stringContaining('too long') });
  });
});
