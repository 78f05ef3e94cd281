/**
 * "Did you mean …?" among thousands of names without comparing the word with each: every name is filed under
 * the strings left after deleting up to two of its characters, and a word's own deletions find every name
 * within two edits of it (two strings within distance 2 share such a string; within distance 1, one made with
 * at most one deletion from each). Answers what `suggest` answers when handed the names in scope in their order,
 * at a cost that depends on the word and its neighbours, not on how many names there are.
 */
import { levenshtein } from '../parser/suggest.js';

const MAX_DISTANCE = 2;

/** Below this many names a scan is as quick as the index (and needs no index made). */
const INDEXED_NAMES = 256;
/** Longer names make the index large: every name is filed under each string two deletions make of it. */
const LONGEST_INDEXED_NAME = 32;

/** An index of `names` when there are enough to be worth one and none too long for it; else `null` (scan them). */
export function indexFor(names: ReadonlySet<string>): NameIndex | null {
  if (names.size < INDEXED_NAMES) return null;
  for (const name of names) if (name.length > LONGEST_INDEXED_NAME) return null;
  return new NameIndex(names);
}

export class NameIndex {
  /** Names under themselves and under each string one deletion makes of them. */
  private readonly near = new Map<string, string[]>();
  /** Names under each string two deletions make of them. */
  private readonly far = new Map<string, string[]>();
  /** The most code points a name has: a longer word is more than two edits from every name. */
  private longest = 0;

  /** `names`: every name a lookup may have in scope (more do no harm). */
  constructor(names: Iterable<string>) {
    for (const name of new Set(names)) {
      const points = Array.from(name);
      this.longest = Math.max(this.longest, points.length);
      const [once, twice] = deletions(points);
      for (const key of once) file(this.near, key, name);
      for (const key of twice) if (!once.has(key)) file(this.far, key, name);
    }
  }

  /**
   * The name `suggest(word, scope)` returns, where `scope` lists the names in scope in order and `rankOf(name)`
   * is the position of a name's first place in it (`null` when out of scope): the closest in-scope name within
   * two edits, the earliest of equally close ones, and none when `word` itself is in scope.
   */
  closest(word: string, rankOf: (name: string) => number | null): string | null {
    const points = Array.from(word);
    // Not read past the longest name's length: a word's deletions grow with the square of its length.
    if (points.length > this.longest + MAX_DISTANCE) return null;
    const [once, twice] = deletions(points);
    const seen = new Set<string>();
    let best: string | null = null;
    let bestDistance = MAX_DISTANCE + 1;
    let bestRank = Infinity;
    const consider = (names: readonly string[] | undefined, within: number): boolean => {
      for (const name of names ?? []) {
        if (seen.has(name)) continue;
        seen.add(name);
        const rank = rankOf(name);
        if (rank === null) continue;
        if (name === word) return true;
        const distance = levenshtein(word, name);
        if (distance > within) continue;
        if (distance < bestDistance || (distance === bestDistance && rank < bestRank)) {
          best = name;
          bestDistance = distance;
          bestRank = rank;
        }
      }
      return false;
    };
    // Every name within one edit shares a key of `near` with the word's own one-deletion strings.
    for (const key of once) if (consider(this.near.get(key), 1)) return null;
    if (bestDistance <= 1) return best;
    // Only when none is that close: the names two edits away, under any key of up to two deletions on each side
    // (the names seen above are read again, now with two edits allowed).
    seen.clear();
    for (const keys of [once, twice]) {
      for (const key of keys) {
        if (consider(this.near.get(key), MAX_DISTANCE) || consider(this.far.get(key), MAX_DISTANCE)) return null;
      }
    }
    return best;
  }
}

function file(map: Map<string, string[]>, key: string, name: string): void {
  const filed = map.get(key);
  if (filed) filed.push(name);
  else map.set(key, [name]);
}

/** The strings made by deleting at most one code point (the text itself included), and those made by two. */
function deletions(points: readonly string[]): [Set<string>, Set<string>] {
  const once = new Set<string>([points.join('')]);
  const twice = new Set<string>();
  for (let first = 0; first < points.length; first++) {
    const rest = [...points.slice(0, first), ...points.slice(first + 1)];
    once.add(rest.join(''));
    for (let second = first; second < rest.length; second++) {
      twice.add([...rest.slice(0, second), ...rest.slice(second + 1)].join(''));
    }
  }
  return [once, twice];
}
