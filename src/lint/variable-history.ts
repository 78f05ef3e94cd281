/**
 * The values a stage's variables (its ARGs, or its ENV) had at each instruction, without a copy of the map per
 * instruction: every assignment is logged with its turn, and a view of the map as it stood at one turn answers
 * `get` and `has` by a binary search in the name's history. A copy per instruction made a stage of thousands
 * of ARG or ENV lines hold millions of entries. A view's names are a prefix of the names in the order they
 * were first set, found by a binary search; listing its entries builds the map once.
 *
 * A history may start from a base map (the environment a stage inherits from the stage it is built on), which is
 * read through rather than copied: a chain of thousands of stages, each built on the one before and each setting
 * a variable, held the square of its length in copies. Lookups walk the chain of bases in a loop, so a deep
 * chain costs time per lookup, not stack; a chain grown past `MAX_CHAIN` views is read into one map, so a lookup
 * that finds nothing stops after that many.
 */
import { countAtMost } from './rising.js';

/**
 * How many views a lookup may walk before the base is read into one map. Bounds the time a missing name costs in
 * a chain of stages thousands deep; the copies it makes hold about n² / (2 · MAX_CHAIN) entries for n stages.
 */
const MAX_CHAIN = 64;

export class VariableHistory<V> {
  private readonly histories = new Map<string, History<V>>();
  /** The names first set here that the base does not hold, in that order, with those turns (rising). */
  private readonly fresh: FirstSet = { names: [], turns: [] };
  private turn = 0;

  private readonly base: ReadonlyMap<string, V>;

  /** A history over `base`: its entries, in its order, until set here. `base` must not change afterwards. */
  constructor(base: ReadonlyMap<string, V> = EMPTY) {
    this.base = base instanceof VariableView && base.depth >= MAX_CHAIN ? VariableView.flatten(base) : base;
  }

  set(name: string, value: V): void {
    const turn = ++this.turn;
    const history = this.histories.get(name);
    if (history) {
      history.turns.push(turn);
      history.values.push(value);
    } else {
      this.histories.set(name, { turns: [turn], values: [value] });
      if (!this.base.has(name)) {
        this.fresh.names.push(name);
        this.fresh.turns.push(turn);
      }
    }
  }

  /** Whether `name` is set (here or in the base). */
  has(name: string): boolean {
    return this.histories.has(name) || this.base.has(name);
  }

  /** The map as it stands now; later assignments do not show in it. */
  now(): ReadonlyMap<string, V> {
    return new VariableView(this.histories, this.fresh, this.turn, this.base);
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
  /** How many views lie below this one in its chain of bases. */
  readonly depth: number;

  constructor(
    private readonly histories: ReadonlyMap<string, History<V>>,
    private readonly fresh: FirstSet,
    private readonly turn: number,
    private readonly base: ReadonlyMap<string, V>,
  ) {
    this.depth = base instanceof VariableView ? (base as VariableView<V>).depth + 1 : 0;
  }

  get(name: string): V | undefined {
    return VariableView.getFrom(this, name);
  }

  has(name: string): boolean {
    return VariableView.hasFrom(this, name);
  }

  get size(): number {
    const [root, views] = VariableView.chainOf(this);
    let size = root.size;
    for (const view of views) size += view.freshByNow();
    return size;
  }

  // Lookups go down the chain of bases in a loop rather than a call into each: chains may be thousands deep.
  private static getFrom<V>(start: VariableView<V>, name: string): V | undefined {
    for (let view = start; ; ) {
      const history = view.histories.get(name);
      if (history) {
        const index = view.indexIn(history);
        if (index >= 0) return history.values[index];
      }
      const base = view.base;
      if (!(base instanceof VariableView)) return base.get(name);
      view = base;
    }
  }

  private static hasFrom<V>(start: VariableView<V>, name: string): boolean {
    for (let view = start; ; ) {
      const history = view.histories.get(name);
      if (history && view.indexIn(history) >= 0) return true;
      const base = view.base;
      if (!(base instanceof VariableView)) return base.has(name);
      view = base;
    }
  }

  /** The views from `start` down to the first base that is not one (`views[0]` is `start`), and that base. */
  private static chainOf<V>(start: VariableView<V>): [ReadonlyMap<string, V>, VariableView<V>[]] {
    const views: VariableView<V>[] = [start];
    let base = start.base;
    for (; base instanceof VariableView; base = base.base) views.push(base as VariableView<V>);
    return [base, views];
  }

  forEach(callback: (value: V, key: string, map: ReadonlyMap<string, V>) => void, thisArg?: unknown): void {
    this.map().forEach((value, key) => callback.call(thisArg, value, key, this));
  }

  entries(): ReturnType<Map<string, V>['entries']> {
    return this.map().entries();
  }

  /** The names without their values: the base's, then those first set here, no map built. */
  keys(): ReturnType<Map<string, V>['keys']> {
    const [root, views] = VariableView.chainOf(this);
    if (views.length === 1 && root === EMPTY) return this.fresh.names.slice(0, this.freshByNow()).values();
    const names: string[] = [...root.keys()];
    for (let index = views.length - 1; index >= 0; index--) {
      const view = views[index] as VariableView<V>;
      for (let at = 0, count = view.freshByNow(); at < count; at++) names.push(view.fresh.names[at] as string);
    }
    return names.values();
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

  /** How many names the base lacked were set by this view's turn: they come first in `fresh`. */
  private freshByNow(): number {
    if (this.count < 0) this.count = countAtMost(this.fresh.turns, this.turn);
    return this.count;
  }

  private map(): Map<string, V> {
    return (this.built ??= VariableView.flatten(this));
  }

  /** The map `view` stands for, as a new map. */
  static flatten<V>(view: VariableView<V>): Map<string, V> {
    const [root, views] = VariableView.chainOf(view);
    // From the bottom of the chain up: names keep the place they were first given, values are the latest.
    const built = new Map<string, V>(root);
    for (let index = views.length - 1; index >= 0; index--) (views[index] as VariableView<V>).setOwnInto(built);
    return built;
  }

  /** Sets into `map`, in the order they were first set, the values this view's own assignments give. */
  private setOwnInto(map: Map<string, V>): void {
    for (const [name, history] of this.histories) {
      const index = this.indexIn(history);
      if (index >= 0 && map.has(name)) map.set(name, history.values[index] as V);
    }
    for (let at = 0, count = this.freshByNow(); at < count; at++) {
      const name = this.fresh.names[at] as string;
      const history = this.histories.get(name) as History<V>;
      map.set(name, history.values[this.indexIn(history)] as V);
    }
  }
}
