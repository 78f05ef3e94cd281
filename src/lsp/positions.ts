/**
 * Conversions between the parser's positions (offsets, with line and character derived lazily) and the
 * protocol's `{ line, character }`. Both count UTF-16 code units and 0-based lines, so a parser position maps
 * field for field; only offsets need the line table.
 */
import type { Position as LspPosition, Range as LspRange } from 'vscode-languageserver';
import type { LineTable, Range } from '../parser/index.js';

/** A parser range as a protocol range. */
export function toLspRange(range: Range): LspRange {
  return {
    start: { line: range.start.line, character: range.start.character },
    end: { line: range.end.line, character: range.end.character },
  };
}

/** The protocol position of an offset. */
export function positionAt(lines: LineTable, offset: number): LspPosition {
  const line = lines.lineOf(offset);
  return { line, character: offset - lines.lineStart(line) };
}

/** The protocol range of `[start, end)`. */
export function rangeAt(lines: LineTable, start: number, end: number): LspRange {
  return { start: positionAt(lines, start), end: positionAt(lines, end) };
}

/**
 * The offset of a protocol position, clamped to the document as the protocol asks: a line past the last one
 * is the end of the document, a character past the end of its line is the end of that line (before its line
 * break, CR included). Clients also send negative, fractional or non-numeric values: those count from the
 * start (a negative line is the start of the document, a negative character the start of its line).
 */
export function offsetAt(text: string, lines: LineTable, position: LspPosition): number {
  const line = countOf(position.line);
  if (line < 0) return 0;
  if (line >= lines.lineCount) return text.length;
  const start = lines.lineStart(line);
  return Math.min(start + Math.max(0, countOf(position.character)), lineEnd(text, lines, line));
}

/** The position a client meant by `position`: the same position clamped to the document (see {@link offsetAt}). */
export function clampPosition(text: string, lines: LineTable, position: LspPosition): LspPosition {
  return positionAt(lines, offsetAt(text, lines, position));
}

/** The offset of the end of `line`, before its line break. */
function lineEnd(text: string, lines: LineTable, line: number): number {
  if (line + 1 >= lines.lineCount) return text.length;
  const newline = lines.lineStart(line + 1) - 1;
  return newline > lines.lineStart(line) && text.charCodeAt(newline - 1) === 13 ? newline - 1 : newline;
}

/** A protocol count as an integer: anything that is not a finite number counts as 0. */
function countOf(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? Math.trunc(value) : 0;
}

/** Whether `offset` lies in `[range.start, range.end]` (end inclusive: a cursor right after a word is on it). */
export function touches(range: Range, offset: number): boolean {
  return range.start.offset <= offset && offset <= range.end.offset;
}
