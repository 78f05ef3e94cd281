/**
 * Conversions between offsets in a document and the protocol's `{ line, character }`. Both count UTF-16 code
 * units; lines are the protocol's ({@link ProtocolLines}), which are not always the parser's, so a parser range
 * is converted from its offsets, never from its own line and character.
 */
import type { Position as LspPosition, Range as LspRange } from 'vscode-languageserver';
import type { Range } from '../parser/index.js';
import { endOffsetOf, startOffsetOf } from '../parser/source.js';
import type { ProtocolLines } from './protocol-lines.js';

/** A parser range as a protocol range. */
export function toLspRange(lines: ProtocolLines, range: Range): LspRange {
  return rangeAt(lines, startOffsetOf(range), endOffsetOf(range));
}

/**
 * The protocol position of an offset. An offset inside a line break (a range the parser ends after `\r` or `\n`,
 * or between the two of a `\r\n`) is the end of its line: the protocol has no character there, and a client may
 * reject a range that runs past a line's text.
 */
export function positionAt(lines: ProtocolLines, offset: number): LspPosition {
  const line = lines.lineOf(offset);
  return { line, character: Math.min(offset, lines.lineEnd(line)) - lines.lineStart(line) };
}

/** The protocol range of `[start, end)`. */
export function rangeAt(lines: ProtocolLines, start: number, end: number): LspRange {
  return { start: positionAt(lines, start), end: positionAt(lines, end) };
}

/**
 * The offset of a protocol position, clamped to the document as the protocol asks: a line past the last one
 * is the end of the document, a character past the end of its line is the end of that line (before its line
 * break, CR included). Clients also send negative, fractional or non-numeric values: those count from the
 * start (a negative line is the start of the document, a negative character the start of its line).
 */
export function offsetAt(lines: ProtocolLines, position: LspPosition): number {
  const line = countOf(position.line);
  if (line < 0) return 0;
  if (line >= lines.lineCount) return lines.text.length;
  return Math.min(lines.lineStart(line) + Math.max(0, countOf(position.character)), lines.lineEnd(line));
}

/** The position a client meant by `position`: the same position clamped to the document (see {@link offsetAt}). */
export function clampPosition(lines: ProtocolLines, position: LspPosition): LspPosition {
  return positionAt(lines, offsetAt(lines, position));
}

/** A protocol count as an integer: anything that is not a finite number counts as 0. */
function countOf(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? Math.trunc(value) : 0;
}

/** Whether `offset` lies in `[range.start, range.end]` (end inclusive: a cursor right after a word is on it). */
export function touches(range: Range, offset: number): boolean {
  return range.start.offset <= offset && offset <= range.end.offset;
}
