/** A view of a variable history is the map as it stood when the view was taken, whatever is set later. */
import { describe, expect, it } from 'vitest';
import { VariableHistory } from '../../src/lint/variable-history.js';

describe('VariableHistory', () => {
  it('answers each view as a copy of the map taken at that point would', () => {
    const live = new Map<string, string | undefined>([['HOME', '/root']]);
    const history = new VariableHistory<string | undefined>(new Map(live));
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

  it('reads through a base, a chain of histories each over the one before, as copies would', () => {
    const live = new Map<string, string>([['PATH', '/bin']]);
    let base: ReadonlyMap<string, string> = new Map(live);
    const views: Array<[ReadonlyMap<string, string>, Map<string, string>]> = [];
    for (let stage = 0; stage < 6; stage++) {
      const history = new VariableHistory<string>(base);
      for (const [name, value] of [[`S${stage}`, `${stage}`], ['PATH', `/stage${stage}`], [`S${stage % 3}`, 'again']] as const) {
        history.set(name, value);
        live.set(name, value);
        views.push([history.now(), new Map(live)]);
      }
      base = history.now();
    }
    for (const [view, copy] of views) {
      expect([...view]).toEqual([...copy]);
      expect([...view.keys()]).toEqual([...copy.keys()]);
      expect(view.size).toBe(copy.size);
      for (const name of ['PATH', 'S0', 'S2', 'S5', 'NONE']) {
        expect(view.get(name)).toBe(copy.get(name));
        expect(view.has(name)).toBe(copy.has(name));
      }
    }
  });

  it('answers through a chain of twenty thousand bases without running out of stack', () => {
    let base: ReadonlyMap<string, string> = new Map([['ROOT', 'r']]);
    for (let stage = 0; stage < 20_000; stage++) {
      const history = new VariableHistory<string>(base);
      history.set(`V${stage}`, String(stage));
      base = history.now();
    }
    expect(base.get('ROOT')).toBe('r');
    expect(base.has('MISSING')).toBe(false);
    expect(base.size).toBe(20_001);
    expect([...base.keys()].slice(0, 3)).toEqual(['ROOT', 'V0', 'V1']);
    expect([...base].length).toBe(20_001);
  });
});
