/**
 * Positions in source text. Offsets are the unit of work everywhere in the parser; line and character are
 * derived lazily from a table of line starts, because most consumers (the linter's hot path, the printer)
 * never look at them and computing them eagerly for every token costs measurable throughput.
 *
 * All three numbers are 0-based and count UTF-16 code units, which is what JavaScript strings and the
 * Language Server Protocol both use.
 */

/** A point in the source text. */
export interface Position {
  /** 0-based line number. Lines end at `\n` only, as in BuildKit; a lone `\r` does not end a line. */
  readonly line: number;
  /** 0-based column in UTF-16 code units. */
  readonly character: number;
  /** 0-based offset from the start of the text in UTF-16 code units. */
  readonly offset: number;
}

/** A half-open span `[start, end)` of source text. */
export interface Range {
  readonly start: Position;
  readonly end: Position;
}

/**
 * What ranges and words are placed on: a line table, and how far their offsets have moved since they were made
 * (always 0 for a `LineTable`; see `MovableLines`).
 */
export interface Placement {
  readonly table: LineTable;
  readonly shift: number;
}

/** Where `LineTable` gathers line starts before it knows how many there are (its first entry is always 0). */
let lineStartBuffer = new Int32Array(1024);
const MAX_KEPT_BUFFER = 64 * 1024;

/** Maps offsets to line/character using the start offset of every line. */
export class LineTable implements Placement {
  /**
   * One exact allocation, outside the JavaScript heap, instead of an array grown step by step (an editor makes
   * a table for every version of a document): the line starts are gathered in a buffer kept for the next table.
   */
  private readonly starts: Int32Array;
  /** A table is its own placement: nothing placed on it ever moves. */
  readonly table: LineTable = this;
  readonly shift = 0;

  constructor(text: string) {
    let buffer = lineStartBuffer;
    let count = 1;
    for (let index = text.indexOf('\n'); index !== -1; index = text.indexOf('\n', index + 1)) {
      if (count === buffer.length) {
        const larger = new Int32Array(buffer.length * 2);
        larger.set(buffer);
        buffer = lineStartBuffer = larger;
      }
      buffer[count++] = index + 1;
    }
    this.starts = buffer.slice(0, count);
    // A very long file's buffer is not kept for the next one.
    if (buffer.length > MAX_KEPT_BUFFER) lineStartBuffer = new Int32Array(1024);
  }

  /** Number of lines (a text with no newline has one line). */
  get lineCount(): number {
    return this.starts.length;
  }

  /** The 0-based line that contains `offset`. */
  lineOf(offset: number): number {
    return lineContaining(this.starts, offset);
  }

  /** Offset where `line` starts. */
  lineStart(line: number): number {
    return startOfLine(this.starts, line);
  }

  position(offset: number): Position {
    return new SourcePosition(this, offset);
  }

  /** A range whose positions are only built when first read: most ranges are never looked at. */
  range(start: number, end: number): Range {
    return new SourceRange(this, start, end);
  }
}

/**
 * A placement that can move: the ranges and words of one top-level node of an incremental parse are made on
 * one of these, so that when an edit before the node shifts it, moving the placement moves every range and word
 * of the node (and whatever else was made on it) without rebuilding them. Offsets given to its methods are
 * offsets in the text the node was built from.
 */
export class MovableLines implements Placement {
  table: LineTable;
  shift = 0;

  /**
   * `from`: where the node begins in the text it was built from; `shift`: where that text starts in the
   * document (an incremental parse builds a changed stretch from a copy of it alone).
   */
  constructor(
    table: LineTable,
    readonly from: number,
    shift = 0,
  ) {
    this.table = table;
    this.shift = shift;
  }

  /** Where the node begins now. */
  get start(): number {
    return this.from + this.shift;
  }

  /** Places everything made on this in `table`, `by` characters further than before. */
  move(table: LineTable, by: number): void {
    this.table = table;
    this.shift += by;
  }

  lineOf(offset: number): number {
    return this.table.lineOf(offset + this.shift);
  }

  range(start: number, end: number): Range {
    return new SourceRange(this, start, end);
  }
}

/** What an AST builder places its ranges and words on: a line table, or a movable placement over one. */
export type Lines = LineTable | MovableLines;

/** A position whose line and character are computed when read. */
class SourcePosition implements Position {
  readonly #table: LineTable;
  readonly offset: number;

  constructor(table: LineTable, offset: number) {
    this.#table = table;
    this.offset = offset;
  }

  get line(): number {
    return this.#table.lineOf(this.offset);
  }

  get character(): number {
    return this.offset - this.#table.lineStart(this.#table.lineOf(this.offset));
  }

  toJSON(): { line: number; character: number; offset: number } {
    const line = this.#table.lineOf(this.offset);
    return { line, character: this.offset - this.#table.lineStart(line), offset: this.offset };
  }
}

/**
 * A range that keeps only its offsets; positions are made when read. Parsing creates many ranges that are
 * never looked at, so this keeps the AST small. Its fields are private so that a range reads, spreads and
 * compares like the plain `{ start, end }` it stands for.
 */
class SourceRange implements Range {
  readonly #placement: Placement;
  readonly #start: number;
  readonly #end: number;

  constructor(placement: Placement, start: number, end: number) {
    this.#placement = placement;
    this.#start = start;
    this.#end = end;
  }

  get start(): Position {
    return new SourcePosition(this.#placement.table, this.#start + this.#placement.shift);
  }

  get end(): Position {
    return new SourcePosition(this.#placement.table, this.#end + this.#placement.shift);
  }

  toJSON(): { start: Position; end: Position } {
    return { start: this.start, end: this.end };
  }

  static startOffsetOf(range: Range): number {
    return range instanceof SourceRange ? range.#start + range.#placement.shift : range.start.offset;
  }

  static settled(range: Range, table: LineTable): Range {
    return range instanceof SourceRange && range.#placement instanceof MovableLines
      ? new SourceRange(table, SourceRange.startOffsetOf(range), SourceRange.endOffsetOf(range))
      : range;
  }

  /** A range over `[start, end)` (offsets in the text now) that moves with `range` when its node is moved. */
  static alongside(range: Range, start: number, end: number): Range | null {
    if (!(range instanceof SourceRange)) return null;
    const placement = range.#placement;
    return new SourceRange(placement, start - placement.shift, end - placement.shift);
  }

  static endOffsetOf(range: Range): number {
    return range instanceof SourceRange ? range.#end + range.#placement.shift : range.end.offset;
  }
}

/** Start offset of a range without building a position object. */
export const startOffsetOf = SourceRange.startOffsetOf;

/** End offset of a range without building a position object. */
export const endOffsetOf = SourceRange.endOffsetOf;

/** Whether the parser made `range` (its positions are then right by construction). */
export function isParsedRange(range: unknown): boolean {
  return range instanceof SourceRange;
}

/**
 * A range over `[start, end)` placed as `range` is, so that it moves when the node `range` belongs to is moved
 * by an incremental parse; `null` when `range` was not made by the parser.
 */
export const rangeAlongside = SourceRange.alongside;

/**
 * `range` as one that never moves: itself unless it is placed on a movable placement, else the same span on
 * `table` (which must be the table of the text the range is in now).
 */
export const settledRange = SourceRange.settled;

/**
 * A word whose range is made when read: words are the most numerous nodes, and one object per word instead
 * of two (word and range) is a large part of what keeps parsing fast.
 */
export class SourceWord {
  readonly value: string;
  readonly #placement: Placement;
  readonly #start: number;
  readonly #end: number;

  constructor(value: string, placement: Placement, start: number, end: number) {
    this.value = value;
    this.#placement = placement;
    this.#start = start;
    this.#end = end;
  }

  get range(): Range {
    return new SourceRange(this.#placement, this.#start, this.#end);
  }

  toJSON(): { value: string; range: Range } {
    return { value: this.value, range: this.range };
  }
}

/** The index of the last of the ascending line `starts` at or before `offset`: the line that contains it. */
export function lineContaining(starts: Int32Array, offset: number): number {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >>> 1;
    if ((starts[mid] as number) <= offset) low = mid;
    else high = mid - 1;
  }
  return low;
}

/** Where `line` starts in a table of line `starts`; a line past the end starts where the last one does. */
export function startOfLine(starts: Int32Array, line: number): number {
  return starts[line] ?? starts[starts.length - 1] ?? 0;
}
