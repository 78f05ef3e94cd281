/**
 * The values a stage's variables (its ARGs, or its ENV) had at each instruction, without a copy of the map per
 * instruction: every assignment is logged with its turn, and a view of the map as it stood at one turn answers
 * `get` and `has` by a binary search in the name's history. A copy per instruction made a stage of thousands
 * of ARG or ENV lines hold millions of entries. A view's names are a prefix of the names in the order they
 * were first set, found by a binary search; listing its entries builds the map once.
 */
import { countAtMost } from './rising.js';

export class VariableHistory<V> {
  private readonly histories = new Map<string, History<V>>();
  /** Every name in the order it was first set, with that turn (rising). */
  private readonly order: FirstSet = { names: [], turns: [] };
  private turn = 0;

  /** A history holding `initial`'s entries, in its order. */
  constructor(initial: ReadonlyMap<string, V> = EMPTY) {
    for (const [name, value] of initial) this.set(name, value);
  }

  set(name: string, value: V): void {
    const turn = ++this.turn;
    const history = this.histories.get(name);
    if (history) {
      history.turns.push(turn);
      history.values.push(value);
    } else {
      this.histories.set(name, { turns: [turn], values: [value] });
      this.order.names.push(name);
      this.order.turns.push(turn);
    }
  }

  /** Whether `name` was ever set. */
  has(name: string): boolean {
    return this.histories.has(name);
  }

  /** The map as it stands now; later assignments do not show in it. */
  now(): ReadonlyMap<string, V> {
    return new VariableView(this.histories, this.order, this.turn);
  }
}

/** One name's assignments: the turns they were made on (rising) and the values. */
interface History<V> {
  readonly turns: number[];
  readonly values: V[];
}

/** Names in the order they were first set, and the turn of each one's first assignment (rising). */
interface FirstSet {
  readonly names: string[];
  readonly turns: number[];
}

const EMPTY: ReadonlyMap<string, never> = new Map<string, never>();

/** The variables as they stood at one turn, read-only. Names keep the order in which they were first set. */
class VariableView<V> implements ReadonlyMap<string, V> {
  private built: Map<string, V> | null = null;
  private count = -1;

  constructor(
    private readonly histories: ReadonlyMap<string, History<V>>,
    private readonly order: FirstSet,
    private readonly turn: number,
  ) {}

  get(name: string): V | undefined {
    const history = this.histories.get(name);
    if (!history) return undefined;
    const index = this.indexIn(history);
    return index < 0 ? undefined : history.values[index];
  }

  has(name: string): boolean {
    const history = this.histories.get(name);
    return history !== undefined && this.indexIn(history) >= 0;
  }

  get size(): number {
    return this.setByNow();
  }

  forEach(callback: (value: V, key: string, map: ReadonlyMap<string, V>) => void, thisArg?: unknown): void {
    this.map().forEach((value, key) => callback.call(thisArg, value, key, this));
  }

  entries(): ReturnType<Map<string, V>['entries']> {
    return this.map().entries();
  }

  /** The names without their values: read from the order they were first set in, no map built. */
  keys(): ReturnType<Map<string, V>['keys']> {
    return this.order.names.slice(0, this.setByNow()).values();
  }

  values(): ReturnType<Map<string, V>['values']> {
    return this.map().values();
  }

  [Symbol.iterator](): ReturnType<Map<string, V>['entries']> {
    return this.map().entries();
  }

  /** The index of the last assignment made by this view's turn, or -1 when the name was not set by then. */
  private indexIn(history: History<V>): number {
    const turns = history.turns;
    // Most reads are of the latest values.
    if ((turns[turns.length - 1] as number) <= this.turn) return turns.length - 1;
    return countAtMost(turns, this.turn) - 1;
  }

  /** How many names were set by this view's turn: they come first in the order names were first set. */
  private setByNow(): number {
    if (this.count < 0) this.count = countAtMost(this.order.turns, this.turn);
    return this.count;
  }

  private map(): Map<string, V> {
    if (this.built) return this.built;
    const built = new Map<string, V>();
    const names = this.order.names;
    for (let index = 0, count = this.setByNow(); index < count; index++) {
      const name = names[index] as string;
      const history = this.histories.get(name) as History<V>;
      built.set(name, history.values[this.indexIn(history)] as V);
    }
    this.built = built;
    return built;
  }
}
