import { describe, expect, it } from 'vitest';
import { BAD_PATTERN, cleanPath, compareGoStrings, goOrderBy, hasWildcards, matchPath } from '../../../src/parser/dockerignore/go-path.js';

describe('cleanPath (Go path.Clean)', () => {
  it.each([
    ['', '.'],
    ['.', '.'],
    ['./', '.'],
    ['a//b', 'a/b'],
    ['./a/./b/', 'a/b'],
    ['a/../b', 'b'],
    ['a/../..', '..'],
    ['../../x', '../../x'],
    ['/../x', '/x'],
    ['/', '/'],
    ['//a//', '/a'],
    ['a/b/../../..', '..'],
  ])('%j → %j', (input, expected) => {
    expect(cleanPath(input)).toBe(expected);
  });
});

describe('matchPath (Go filepath.Match)', () => {
  it.each([
    ['*.js', 'app.js', true],
    ['*.js', 'src/app.js', false],
    ['*/*.js', 'src/app.js', true],
    ['src/*', 'src/a/b', false],
    ['a?c', 'abc', true],
    ['a?c', 'a/c', false],
    ['?', 'é', true],
    ['[a-c]x', 'bx', true],
    ['[^a-c]x', 'bx', false],
    ['[^a-c]x', 'dx', true],
    // Go has no `!` negation: `[!a]` is the class of `!` and `a`.
    ['[!a]', '!', true],
    ['[!a]', 'a', true],
    ['[!a]', 'b', false],
    ['\\*', '*', true],
    ['\\*', 'x', false],
    ['[\\]]', ']', true],
    ['*', '', true],
    ['a*b*c', 'axxbyyc', true],
    ['a*b*c', 'axxbyy', false],
    ['**', 'a/b', false],
  ])('%j on %j → %j', (pattern, name, matched) => {
    expect(matchPath(pattern, name)).toEqual({ matched });
  });

  it.each(['[', '[]', 'a\\', '[a-]', '[-a]', '[z', 'ok/*/[', '*['])('%j is malformed even when the name fails first', (pattern) => {
    expect(matchPath(pattern, '.')).toEqual({ matched: false, error: BAD_PATTERN });
  });

  it('reports no error for well-formed patterns that do not match', () => {
    expect(matchPath('[z-a]', '.')).toEqual({ matched: false });
    expect(matchPath('x[ab]', '.')).toEqual({ matched: false });
  });
});

describe('hasWildcards', () => {
  it.each([
    ['a/b', false],
    ['*.js', true],
    ['a?', true],
    ['[ab]', true],
    ['a\\*', false],
    ['a\\\\*', true],
  ])('%j → %j', (text, expected) => {
    expect(hasWildcards(text)).toBe(expected);
  });
});

describe('compareGoStrings', () => {
  it('orders by UTF-8 bytes, putting astral characters after the rest of the BMP', () => {
    const names = ['😀', '\ue000', 'é', 'a/x', 'a.b', 'a', 'B'];
    expect([...names].sort(compareGoStrings)).toEqual(['B', 'a', 'a.b', 'a/x', 'é', '\ue000', '😀']);
    // JavaScript's own order differs exactly there.
    expect([...names].sort()).not.toEqual([...names].sort(compareGoStrings));
  });
});

describe('goOrderBy', () => {
  const byKey = (names: string[]) => names.map((name) => ({ name }));
  const keyOf = (item: { name: string }): string => item.name;

  it('sorts as compareGoStrings does, with and without units where the native order differs', () => {
    for (const names of [
      ['b/c', 'a', 'a.b', 'a/x', 'B', 'a-b', 'a/x/y'],
      ['😀', '\ue000', 'é', 'a/x', 'a.b', 'a', 'B'],
    ]) {
      const items = byKey(names);
      const order = goOrderBy(items, keyOf);
      expect([...items].sort(order).map(keyOf)).toEqual([...names].sort(compareGoStrings));
      expect(order(items[0]!, items[0]!)).toBe(0);
    }
  });
});
