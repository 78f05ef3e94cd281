/**
 * Matching a translated ignore pattern in time linear in the path, as Go's RE2 does. JavaScript's regular
 * expressions backtrack: a pattern such as `*a*a*a*a*a*b`, or one that repeats `**` and a slash many times, takes
 * exponential time on a long path that almost matches, and one such line in a `.dockerignore` would hang a context
 * scan that Docker finishes at once. The expression (a sequence of atoms, each a character set, an assertion or a
 * group, with `*` or `?`) becomes a Thompson automaton that reads a path one code point at a time in all its states
 * at once; the sets of states met are kept as the states of a deterministic automaton built as paths need them, so
 * a usual path costs a table lookup per character.
 */

/** An inclusive range of code points. */
export type CodeRange = readonly [number, number];

/** One piece of a translated pattern, the way `compile.ts` reads RE2's syntax. */
export type Re2Token =
  | { readonly kind: 'set'; readonly ranges: readonly CodeRange[]; readonly negated: boolean }
  | { readonly kind: 'assertion'; readonly which: 'start' | 'end' | 'word-boundary' | 'not-word-boundary' }
  | { readonly kind: 'open' }
  | { readonly kind: 'close' }
  | { readonly kind: 'star' }
  | { readonly kind: 'optional' };

type Atom =
  | { readonly kind: 'set'; readonly ranges: readonly CodeRange[]; readonly negated: boolean }
  | { readonly kind: 'assertion'; readonly which: 'start' | 'end' | 'word-boundary' | 'not-word-boundary' }
  | { readonly kind: 'group'; readonly items: readonly Item[] };

interface Item {
  readonly atom: Atom;
  readonly repeat: 'once' | 'star' | 'optional';
}

type State =
  | { readonly op: 'set'; readonly ranges: readonly CodeRange[]; readonly negated: boolean; readonly out: number }
  | { op: 'split'; first: number; second: number }
  | { readonly op: 'assertion'; readonly which: Extract<Atom, { kind: 'assertion' }>['which']; readonly out: number }
  | { readonly op: 'match' };

/** Reads the tokens into a sequence of quantified atoms; `null` when they do not form one. */
function itemsOf(tokens: readonly Re2Token[]): Item[] | null {
  let index = 0;
  const sequence = (): Item[] | null => {
    const items: Item[] = [];
    for (let token = tokens[index]; token !== undefined && token.kind !== 'close'; token = tokens[index]) {
      index++;
      let atom: Atom;
      if (token.kind === 'open') {
        const inner = sequence();
        if (inner === null || tokens[index]?.kind !== 'close') return null;
        index++;
        atom = { kind: 'group', items: inner };
      } else if (token.kind === 'set' || token.kind === 'assertion') atom = token;
      else return null;
      const next = tokens[index];
      const repeat = next?.kind === 'star' ? 'star' : next?.kind === 'optional' ? 'optional' : 'once';
      if (repeat !== 'once') index++;
      items.push({ atom, repeat });
    }
    return items;
  };
  const items = sequence();
  return items !== null && index === tokens.length ? items : null;
}

/** The automaton's states; the start is the returned index. */
function buildStates(items: readonly Item[], states: State[], next: number): number {
  let start = next;
  for (let at = items.length - 1; at >= 0; at--) {
    const { atom, repeat } = items[at] as Item;
    if (repeat === 'star') {
      const loop: State = { op: 'split', first: -1, second: start };
      states.push(loop);
      const loopIndex = states.length - 1;
      loop.first = buildAtom(atom, states, loopIndex);
      start = loopIndex;
    } else if (repeat === 'optional') {
      const body = buildAtom(atom, states, start);
      states.push({ op: 'split', first: body, second: start });
      start = states.length - 1;
    } else start = buildAtom(atom, states, start);
  }
  return start;
}

function buildAtom(atom: Atom, states: State[], next: number): number {
  if (atom.kind === 'group') return buildStates(atom.items, states, next);
  states.push(atom.kind === 'set' ? { op: 'set', ranges: atom.ranges, negated: atom.negated, out: next } : { op: 'assertion', which: atom.which, out: next });
  return states.length - 1;
}

/** RE2's (and JavaScript's) word characters, for `\w` and `\b`: ASCII letters, digits and `_`. */
export const WORD_CHARACTERS: readonly CodeRange[] = [[0x30, 0x39], [0x41, 0x5a], [0x5f, 0x5f], [0x61, 0x7a]];

const isWordChar = (point: number): boolean => inSet(WORD_CHARACTERS, false, point);

function inSet(ranges: readonly CodeRange[], negated: boolean, point: number): boolean {
  let inside = false;
  for (const [low, high] of ranges) {
    if (point >= low && point <= high) {
      inside = true;
      break;
    }
  }
  return inside !== negated;
}

/** How many `*` a token list has: each one more is another factor of the path's length for a backtracking matcher. */
export function starCount(tokens: readonly Re2Token[]): number {
  let count = 0;
  for (const token of tokens) if (token.kind === 'star') count++;
  return count;
}

/**
 * A test that finds the expression anywhere in a path (as `RegExp.prototype.test` does; the translated patterns
 * start with `^`), in time proportional to the path's length times the expression's; `null` when the tokens do
 * not form an expression this reads.
 */
export function linearMatcher(tokens: readonly Re2Token[]): ((path: string) => boolean) | null {
  const items = itemsOf(tokens);
  if (items === null) return null;
  const states: State[] = [{ op: 'match' }];
  const start = buildStates(items, states, 0);
  const simulate = simulation(states, start);
  // A word boundary depends on the next character as well, which the automaton below does not look at.
  const readsAhead = states.some((state) => state.op === 'assertion' && (state.which === 'word-boundary' || state.which === 'not-word-boundary'));
  return readsAhead ? simulate : deterministic(states, start, simulate);
}

/** Runs the automaton on all its states at once: the reference, and the way for expressions with `\b`. */
function simulation(states: readonly State[], start: number): (path: string) => boolean {
  const closure = new Closure(states);
  return (path) => {
    const points = Array.from(path, (char) => char.codePointAt(0) as number);
    let current: number[] = [];
    let following: number[] = [];
    for (let position = 0; ; position++) {
      closure.startSet();
      const assertion = (which: Assertion): AssertionOutcome => (holds(which, points, position) ? 'follow' : 'drop');
      // The expression may start at any position, as an unanchored search does.
      for (const index of current) {
        const state = states[index] as Extract<State, { op: 'set' }>;
        if (inSet(state.ranges, state.negated, points[position - 1] as number) && closure.add(state.out, following, assertion)) return true;
      }
      if (closure.add(start, following, assertion)) return true;
      if (position >= points.length) return false;
      [current, following] = [following, current];
      following.length = 0;
    }
  };
}

type Assertion = Extract<Atom, { kind: 'assertion' }>['which'];

/** What to do with an assertion met while following moves that read nothing. */
type AssertionOutcome = 'follow' | 'drop' | 'keep';

/** Follows the moves that read nothing, adding each state once per set. */
class Closure {
  readonly #states: readonly State[];
  readonly #marks: Int32Array;
  #generation = 0;
  // States still to follow: a loop, not recursion, so a pattern of thousands of `**/` is fine.
  readonly #pending: number[] = [];

  constructor(states: readonly State[]) {
    this.#states = states;
    this.#marks = new Int32Array(states.length).fill(-1);
  }

  /** Starts a new set of states: what was added before may be added again. */
  startSet(): void {
    this.#generation++;
  }

  /**
   * Adds to `members` the states that read which `from` reaches without reading, and the assertions `assertion`
   * says to keep; true when that reaches the match.
   */
  add(from: number, members: number[], assertion: (which: Assertion) => AssertionOutcome): boolean {
    const pending = this.#pending;
    pending.push(from);
    while (pending.length > 0) {
      const index = pending.pop() as number;
      if (this.#marks[index] === this.#generation) continue;
      this.#marks[index] = this.#generation;
      const state = this.#states[index] as State;
      if (state.op === 'match') {
        pending.length = 0;
        return true;
      }
      if (state.op === 'split') pending.push(state.second, state.first);
      else if (state.op === 'set') members.push(index);
      else {
        const outcome = assertion(state.which);
        if (outcome === 'follow') pending.push(state.out);
        else if (outcome === 'keep') members.push(index);
      }
    }
    return false;
  }
}

/** One state of the deterministic automaton: the automaton states it stands for, and its moves as found. */
interface DeterministicState {
  /** The set states waiting to read, and the end assertions waiting for the end, in order. */
  readonly members: readonly number[];
  /** The match was reached on the way here: a search stops at once. */
  readonly matched: boolean;
  /** Whether the path may end here; worked out when first asked. */
  acceptsAtEnd: boolean | undefined;
  /** The move on each ASCII character (`-1` not yet known). */
  readonly ascii: Int32Array;
  readonly other: Map<number, number>;
}

/** More states than any sensible pattern needs; past it the simulation, which needs none, takes over. */
const MAX_DETERMINISTIC_STATES = 4096;

/**
 * The same search with the sets of states the simulation would hold made once, when first met, and their moves
 * remembered per character: a path then costs a table lookup per character, as fast as JavaScript's engine on
 * the usual patterns. The sets are at most as many as the paths' distinct prefixes need, and capped.
 */
function deterministic(states: readonly State[], start: number, simulate: (path: string) => boolean): (path: string) => boolean {
  const closure = new Closure(states);
  // Only the start and end are asserted here (word boundaries go to the simulation). An end assertion waits in
  // the set for the end of the path.
  const close = (from: number, members: number[], atStart: boolean, atEnd: boolean): boolean =>
    closure.add(from, members, (which) => (which === 'end' ? (atEnd ? 'follow' : 'keep') : which === 'start' && atStart ? 'follow' : 'drop'));
  const table: DeterministicState[] = [];
  const byMembers = new Map<string, number>();
  const intern = (members: number[], matched: boolean): number => {
    members.sort((a, b) => a - b);
    const key = matched ? 'match' : members.join(',');
    const known = byMembers.get(key);
    if (known !== undefined) return known;
    table.push({ members, matched, acceptsAtEnd: undefined, ascii: new Int32Array(128).fill(-1), other: new Map() });
    byMembers.set(key, table.length - 1);
    return table.length - 1;
  };
  closure.startSet();
  const firstMembers: number[] = [];
  const initial = intern(firstMembers, close(start, firstMembers, true, false));
  const move = (from: DeterministicState, point: number): number => {
    closure.startSet();
    const members: number[] = [];
    let matched = false;
    for (const index of from.members) {
      const state = states[index] as State;
      if (state.op === 'set' && inSet(state.ranges, state.negated, point)) matched = close(state.out, members, false, false) || matched;
    }
    // The expression may start at any position, as an unanchored search does.
    matched = close(start, members, false, false) || matched;
    return intern(members, matched);
  };
  const acceptsAtEnd = (state: DeterministicState): boolean => {
    if (state.acceptsAtEnd === undefined) {
      closure.startSet();
      const ignored: number[] = [];
      state.acceptsAtEnd = state.members.some((index) => {
        const member = states[index] as State;
        return member.op === 'assertion' && close(member.out, ignored, false, true);
      });
    }
    return state.acceptsAtEnd;
  };
  return (path) => {
    // The empty path is the one place where the start and the end are the same position.
    if (path.length === 0 || table.length > MAX_DETERMINISTIC_STATES) return simulate(path);
    let current = table[initial] as DeterministicState;
    for (let offset = 0; offset < path.length; offset++) {
      if (current.matched) return true;
      let point = path.charCodeAt(offset);
      if (point >= 0xd800 && point <= 0xdbff && offset + 1 < path.length) {
        const low = path.charCodeAt(offset + 1);
        if (low >= 0xdc00 && low <= 0xdfff) {
          point = (point - 0xd800) * 0x400 + (low - 0xdc00) + 0x10000;
          offset++;
        }
      }
      let next = point < 128 ? (current.ascii[point] as number) : (current.other.get(point) ?? -1);
      if (next < 0) {
        next = move(current, point);
        if (point < 128) current.ascii[point] = next;
        else current.other.set(point, next);
      }
      current = table[next] as DeterministicState;
    }
    return current.matched || acceptsAtEnd(current);
  };
}

function holds(which: Assertion, points: readonly number[], position: number): boolean {
  switch (which) {
    case 'start':
      return position === 0;
    case 'end':
      return position === points.length;
    default: {
      const before = position > 0 && isWordChar(points[position - 1] as number);
      const after = position < points.length && isWordChar(points[position] as number);
      return (before !== after) === (which === 'word-boundary');
    }
  }
}
