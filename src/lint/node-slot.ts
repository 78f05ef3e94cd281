/**
 * What the linter works out about a node (a RUN's scripts and commands, a parsed script's command tables, a
 * stage's walk), kept on the node itself, for as long as the node lives.
 *
 * Why not a `WeakMap`: with a dozen weak tables keyed by the instructions and parsed scripts of every file linted,
 * most young-generation collections of a lint (Node 20) copied and promoted 1-1.5 MB and took 3-4 ms, against
 * under 1 ms without them. Entries of dead keys left the tables only at full collections, so between two of
 * those the tables grew by thousands of entries for every young collection to work through. A field on the node
 * dies with it.
 *
 * The slot is a private field: it does not show in `JSON.stringify`, spreads, `Object.keys` or deep-equality
 * tests of a node. A key that cannot take a field (a frozen object) falls back to a `WeakMap`.
 */

/**
 * Gives an object a private `#slots` field: a constructor that returns an existing object makes the fields of a
 * subclass land on that object. Private fields are invisible to everything but this class (no enumeration,
 * spread, JSON or equality test sees them) and are as quick to add and read as ordinary properties, where
 * `Object.defineProperty` of a hidden symbol costs some ten times as much.
 */
class Adopt {
  constructor(target: object) {
    return target;
  }
}

class SlotHolder extends Adopt {
  #slots: unknown[] = emptySlots();

  static slotsOf(target: object): unknown[] | undefined {
    return #slots in target ? (target as SlotHolder).#slots : undefined;
  }

  static give(target: object): unknown[] {
    new SlotHolder(target);
    return (target as SlotHolder).#slots;
  }
}

let slotCount = 0;

/**
 * A node's slots, one for every `NodeSlot` made so far: reading an index past an array's end makes V8 look
 * through the array's prototypes, several times slower than a read inside it.
 */
function emptySlots(): unknown[] {
  const slots: unknown[] = [];
  for (let index = 0; index < slotCount; index++) slots.push(undefined);
  return slots;
}

/** A value kept per node, like a `WeakMap` entry. */
export class NodeSlot<K extends object, V> {
  readonly #index = slotCount++;
  #fallback: WeakMap<K, V> | null = null;

  get(key: K): V | undefined {
    const slots = SlotHolder.slotsOf(key);
    if (slots !== undefined) return this.#index < slots.length ? (slots[this.#index] as V | undefined) : undefined;
    return this.#fallback?.get(key);
  }

  set(key: K, value: V): void {
    let slots = SlotHolder.slotsOf(key);
    if (slots === undefined) {
      // A frozen node keeps its values in a table.
      if (!Object.isExtensible(key)) {
        (this.#fallback ??= new WeakMap()).set(key, value);
        return;
      }
      slots = SlotHolder.give(key);
    }
    // A slot made after this node got its array (only when slots are made late) lies past its end.
    while (slots.length <= this.#index) slots.push(undefined);
    slots[this.#index] = value;
  }
}
