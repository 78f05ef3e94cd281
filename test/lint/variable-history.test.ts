/** A view of a variable history is the map as it stood when the view was taken, whatever is set later. */
import { describe, expect, it } from 'vitest';
import { VariableHistory } from '../../src/lint/variable-history.js';

describe('VariableHistory', () => {
  it('answers each view as a copy of the map taken at that point would', () => {
    const live = new Map<string, string | undefined>([['HOME', '/root']]);
    const history = new VariableHistory<string | undefined>(live);
    const copies: Array<Map<string, string | undefined>> = [new Map(live)];
    const views = [history.now()];
    const steps: Array<[string, string | undefined]> = [
      ['A', '1'],
      ['B', undefined],
      ['A', '2'],
      ['HOME', '/app'],
      ['C', '3'],
      ['B', 'set'],
    ];
    for (const [name, value] of steps) {
      live.set(name, value);
      history.set(name, value);
      copies.push(new Map(live));
      views.push(history.now());
    }
    views.forEach((view, index) => {
      const copy = copies[index]!;
      // Listing: the same entries in the same order (names in the order first set), and the same size.
      expect([...view]).toEqual([...copy]);
      expect([...view.keys()]).toEqual([...copy.keys()]);
      expect([...view.values()]).toEqual([...copy.values()]);
      expect(view.size).toBe(copy.size);
      // Lookups, including a name set later and one set to no value.
      for (const name of ['HOME', 'A', 'B', 'C', 'D']) {
        expect(view.has(name), `${name} at ${index}`).toBe(copy.has(name));
        expect(view.get(name), `${name} at ${index}`).toBe(copy.get(name));
      }
      const seen: string[] = [];
      view.forEach((value, key, map) => {
        expect(map).toBe(view);
        seen.push(`${key}=${value}`);
      });
      expect(seen).toEqual([...copy].map(([key, value]) => `${key}=${value}`));
    });
  });
});
