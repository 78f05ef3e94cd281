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

/** Maps offsets to line/character using the start offset of every line. */
export class LineTable {
  private readonly starts: number[];

  constructor(text: string) {
    const starts = [0];
    let index = text.indexOf('\n');
    while (index !== -1) {
      starts.push(index + 1);
      index = text.indexOf('\n', index + 1);
    }
    this.starts = starts;
  }

  /** Number of lines (a text with no newline has one line). */
  get lineCount(): number {
    return this.starts.length;
  }

  /** The 0-based line that contains `offset`. */
  lineOf(offset: number): number {
    const starts = this.starts;
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >>> 1;
      if ((starts[mid] as number) <= offset) low = mid;
      else high = mid - 1;
    }
    return low;
  }

  /** Offset where `line` starts. */
  lineStart(line: number): number {
    return this.starts[line] ?? this.starts[this.starts.length - 1] ?? 0;
  }

  position(offset: number): Position {
    return new SourcePosition(this, offset);
  }

  /** A range whose positions are only built when first read: most ranges are never looked at. */
  range(start: number, end: number): Range {
    return new SourceRange(this, start, end);
  }
}

/** A position whose line and character are computed on first use. */
class SourcePosition implements Position {
  constructor(
    private readonly table: LineTable,
    readonly offset: number,
  ) {}

  get line(): number {
    return this.table.lineOf(this.offset);
  }

  get character(): number {
    return this.offset - this.table.lineStart(this.table.lineOf(this.offset));
  }

  toJSON(): { line: number; character: number; offset: number } {
    const line = this.table.lineOf(this.offset);
    return { line, character: this.offset - this.table.lineStart(line), offset: this.offset };
  }
}

/**
 * A range that keeps only its offsets; positions are made when read. Parsing creates many ranges that are
 * never looked at, so this keeps the AST small.
 */
class SourceRange implements Range {
  constructor(
    readonly table: LineTable,
    readonly startOffset: number,
    readonly endOffset: number,
  ) {}

  get start(): Position {
    return new SourcePosition(this.table, this.startOffset);
  }

  get end(): Position {
    return new SourcePosition(this.table, this.endOffset);
  }

  toJSON(): { start: Position; end: Position } {
    return { start: this.start, end: this.end };
  }
}

/** Start offset of a range without building a position object. */
export function startOffsetOf(range: Range): number {
  return range instanceof SourceRange ? range.startOffset : range.start.offset;
}

/** End offset of a range without building a position object. */
export function endOffsetOf(range: Range): number {
  return range instanceof SourceRange ? range.endOffset : range.end.offset;
}

/**
 * A word whose range is made when read: words are the most numerous nodes, and one object per word instead
 * of two (word and range) is a large part of what keeps parsing fast.
 */
export class SourceWord {
  constructor(
    readonly value: string,
    private readonly table: LineTable,
    private readonly startOffset: number,
    private readonly endOffset: number,
  ) {}

  get range(): Range {
    return new SourceRange(this.table, this.startOffset, this.endOffset);
  }

  toJSON(): { value: string; range: Range } {
    return { value: this.value, range: this.range };
  }
}

/** Builds a plain range from explicit coordinates (useful for tests and for nodes made by hand). */
export function plainRange(start: Position, end: Position): Range {
  return { start, end };
}
