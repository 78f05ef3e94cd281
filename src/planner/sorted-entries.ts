/**
 * The entries of a scanned context, kept as the path-sorted array the scan made and offered as the read-only
 * map a `BuildContext` holds. A new process planning a 100k-file context would otherwise hash 100k fresh path
 * strings into a map that a plan may never look anything up in (`COPY . /app` reads the entries in order and
 * asks for none): lookups search the array until there have been enough of them to pay for the map.
 */
import { compareGoStrings } from '../parser/dockerignore/go-path.js';
import type { ContextEntry } from './context-types.js';

/** Lookups answered by binary search (17 comparisons at 100k entries) before the map is built. */
const SEARCHES_BEFORE_MAP = 64;

export class SortedEntryMap implements ReadonlyMap<string, ContextEntry> {
  readonly #sorted: readonly ContextEntry[];
  #map: Map<string, ContextEntry> | null = null;
  #searches = 0;

  /** `sorted` must be in path order (Go's byte order) with distinct paths; it is used as it is, not copied. */
  constructor(sorted: readonly ContextEntry[]) {
    this.#sorted = sorted;
  }

  get size(): number {
    return this.#sorted.length;
  }

  /** The entries in path order (Go's byte order). */
  get sorted(): readonly ContextEntry[] {
    return this.#sorted;
  }

  get(path: string): ContextEntry | undefined {
    if (this.#map || ++this.#searches > SEARCHES_BEFORE_MAP) return this.map().get(path);
    const sorted = this.#sorted;
    let low = 0;
    let high = sorted.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      const order = compareGoStrings(sorted[middle]!.path, path);
      if (order === 0) return sorted[middle];
      if (order < 0) low = middle + 1;
      else high = middle;
    }
    return undefined;
  }

  has(path: string): boolean {
    return this.get(path) !== undefined;
  }

  forEach(callback: (entry: ContextEntry, path: string, map: ReadonlyMap<string, ContextEntry>) => void, thisArg?: unknown): void {
    for (const entry of this.#sorted) callback.call(thisArg, entry, entry.path, this);
  }

  values(): MapIterator<ContextEntry> {
    return this.#sorted.values();
  }

  keys(): MapIterator<string> {
    return this.#sorted.map((entry) => entry.path).values();
  }

  entries(): MapIterator<[string, ContextEntry]> {
    return this.#sorted.map((entry): [string, ContextEntry] => [entry.path, entry]).values();
  }

  [Symbol.iterator](): MapIterator<[string, ContextEntry]> {
    return this.entries();
  }

  private map(): Map<string, ContextEntry> {
    if (!this.#map) {
      const map = new Map<string, ContextEntry>();
      for (const entry of this.#sorted) map.set(entry.path, entry);
      this.#map = map;
    }
    return this.#map;
  }
}
