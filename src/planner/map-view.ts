/**
 * A read-only map that answers from a map it derives when asked: subclasses say how (`derived`, made afresh for a
 * live view or once and kept) and answer directly whatever they can without it (`size`, often `get` and `has`).
 * Iteration, in the derived map's order, is written once here.
 */
export abstract class MapView<K, V> implements ReadonlyMap<K, V> {
  abstract readonly size: number;

  /** The map this view stands for. */
  protected abstract derived(): ReadonlyMap<K, V>;

  get(key: K): V | undefined {
    return this.derived().get(key);
  }

  has(key: K): boolean {
    return this.derived().has(key);
  }

  forEach(callback: (value: V, key: K, map: ReadonlyMap<K, V>) => void, thisArg?: unknown): void {
    for (const [key, value] of this.derived()) callback.call(thisArg, value, key, this);
  }

  entries(): MapIterator<[K, V]> {
    return this.derived().entries();
  }

  keys(): MapIterator<K> {
    return this.derived().keys();
  }

  values(): MapIterator<V> {
    return this.derived().values();
  }

  [Symbol.iterator](): MapIterator<[K, V]> {
    return this.entries();
  }
}
