/**
 * A document's lines as the protocol counts them. LSP ends a line at `\n`, `\r\n` or a lone `\r`; BuildKit,
 * and so the parser, ends one at `\n` only. In a text with a lone `\r` the parser's line numbers fall one short
 * of the editor's for each lone `\r` before them, so no position the server sends or reads is taken from the
 * parser's lines: every conversion goes through offsets, which both agree on, and this table.
 */
import type { LineTable } from '../parser/index.js';
import { lineContaining, startOfLine } from '../parser/source.js';

/** The lookups both tables answer. */
interface LineStarts {
  readonly lineCount: number;
  lineOf(offset: number): number;
  lineStart(line: number): number;
}

const CR = 13;
const LF = 10;

/** A document's text, and where its lines start as the protocol counts them. */
export class ProtocolLines implements LineStarts {
  readonly text: string;
  readonly #starts: LineStarts;

  private constructor(text: string, starts: LineStarts) {
    this.text = text;
    this.#starts = starts;
  }

  /**
   * The lines of `text`, made once per document version. `parsed` is the parser's table of the same text:
   * without a lone `\r` its lines are the protocol's, and it is used as it is.
   */
  static of(text: string, parsed?: LineTable): ProtocolLines {
    return new ProtocolLines(text, parsed && !hasLoneCarriageReturn(text) ? parsed : new BreakTable(text));
  }

  /** Number of lines (a text ending with a line break has an empty last line). */
  get lineCount(): number {
    return this.#starts.lineCount;
  }

  /** The 0-based line that contains `offset` (a line break belongs to the line it ends). */
  lineOf(offset: number): number {
    return this.#starts.lineOf(offset);
  }

  /** Offset where `line` starts. */
  lineStart(line: number): number {
    return this.#starts.lineStart(line);
  }

  /** Offset where the text of `line` ends, before its line break. */
  lineEnd(line: number): number {
    if (line + 1 >= this.lineCount) return this.text.length;
    const next = this.lineStart(line + 1);
    // A `\r\n` is one line break; the `\r` before the `\n` cannot end a line of its own.
    return this.text.charCodeAt(next - 1) === LF && next - 2 >= this.lineStart(line) && this.text.charCodeAt(next - 2) === CR ? next - 2 : next - 1;
  }
}

/**
 * Whether a `\r` of `text` is not followed by `\n`. Searched for with `indexOf`, which on a text without `\r`
 * (nearly every Dockerfile) costs a fraction of a regular expression's scan; this runs once per version.
 */
function hasLoneCarriageReturn(text: string): boolean {
  for (let index = text.indexOf('\r'); index !== -1; index = text.indexOf('\r', index + 1)) {
    if (text.charCodeAt(index + 1) !== LF) return true;
  }
  return false;
}

/** Line starts after every `\n`, `\r\n` and lone `\r`. */
class BreakTable implements LineStarts {
  readonly #starts: Int32Array;

  constructor(text: string) {
    const starts = [0];
    for (let index = 0; index < text.length; index++) {
      const code = text.charCodeAt(index);
      if (code === LF) starts.push(index + 1);
      else if (code === CR) {
        if (text.charCodeAt(index + 1) === LF) index++;
        starts.push(index + 1);
      }
    }
    this.#starts = Int32Array.from(starts);
  }

  get lineCount(): number {
    return this.#starts.length;
  }

  lineOf(offset: number): number {
    return lineContaining(this.#starts, offset);
  }

  lineStart(line: number): number {
    return startOfLine(this.#starts, line);
  }
}
