/**
 * What the linter works out about a node (a RUN's scripts and commands, a parsed script's command tables, a
 * stage's walk), kept on the node itself, for as long as the node lives.
 *
 * Why not a `WeakMap`: V8's young-generation collector handles weak tables poorly. Every entry whose key was
 * made since the last full collection stays in the table, and every young collection walks the table and keeps
 * the values of its young keys alive, dead or not, until a full collection clears them. With a dozen tables
 * keyed by the instructions of every file linted (thousands of entries between two full collections), most of a
 * lint's young collections copied and promoted a megabyte or more of analyses whose files were long done, and
 * each took several times as long as one without them. A hidden property dies with its node and costs the
 * collector nothing.
 *
 * The property is not enumerable: it does not show in `JSON.stringify`, spreads, `Object.keys` or deep-equality
 * tests of a node. A key that cannot take a property (a frozen object) falls back to a `WeakMap`.
 */

/** The hidden property: one array per node, one index per slot. */
const SLOTS = Symbol('dfkit.lint.slots');

interface Holder {
  [SLOTS]?: unknown[];
}

let slotCount = 0;

/** A value kept per node, like a `WeakMap` entry. */
export class NodeSlot<K extends object, V> {
  readonly #index = slotCount++;
  #fallback: WeakMap<K, V> | null = null;

  get(key: K): V | undefined {
    const slots = (key as Holder)[SLOTS];
    if (slots !== undefined) return slots[this.#index] as V | undefined;
    return this.#fallback?.get(key);
  }

  set(key: K, value: V): void {
    let slots = (key as Holder)[SLOTS];
    if (slots === undefined) {
      if (!Object.isExtensible(key)) {
        (this.#fallback ??= new WeakMap()).set(key, value);
        return;
      }
      slots = [];
      Object.defineProperty(key, SLOTS, { value: slots });
    }
    slots[this.#index] = value;
  }
}
