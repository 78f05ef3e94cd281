import { describe, expect, it } from 'vitest';
import { compareGoStrings } from '../../src/parser/dockerignore/go-path.js';
import type { ContextEntry } from '../../src/planner/context-types.js';
import { SortedEntryMap } from '../../src/planner/sorted-entries.js';

const entry = (path: string): ContextEntry => ({ path, type: 'file', mode: 0o644, size: path.length, mtimeMs: 0, ino: 1, dev: 1 });

/** Paths in Go's byte order, with names where UTF-16 order and Go's differ (a surrogate pair against U+FF01). */
const paths = ['a', 'a.txt', 'a/b', 'a/b/c', 'b-1', 'b/\uff01', 'b/\u{1f600}', 'z'].sort(compareGoStrings);

describe('SortedEntryMap', () => {
  it('finds every entry by path and nothing else, before and after it builds its map', () => {
    const map = new SortedEntryMap(paths.map(entry));
    // Enough rounds of lookups to pass from binary search to the map.
    for (let round = 0; round < 20; round++) {
      for (const path of paths) {
        expect(map.get(path)?.path).toBe(path);
        expect(map.has(path)).toBe(true);
      }
      for (const missing of ['', 'a/', 'a/b/c/d', 'b', '0', '\uffff', 'zz']) {
        expect(map.get(missing)).toBeUndefined();
        expect(map.has(missing)).toBe(false);
      }
    }
  });

  it('iterates in path order like the map it stands for', () => {
    const entries = paths.map(entry);
    const map = new SortedEntryMap(entries);
    const plain = new Map(entries.map((item) => [item.path, item]));
    expect(map.size).toBe(plain.size);
    expect([...map]).toEqual([...plain]);
    expect([...map.keys()]).toEqual([...plain.keys()]);
    expect([...map.values()]).toEqual([...plain.values()]);
    expect([...map.entries()]).toEqual([...plain.entries()]);
    expect(new Map(map)).toEqual(plain);
    const visited: string[] = [];
    map.forEach((value, key, owner) => {
      expect(owner).toBe(map);
      expect(value.path).toBe(key);
      visited.push(key);
    });
    expect(visited).toEqual(paths);
    expect(map.sorted).toBe(entries);
  });
});
