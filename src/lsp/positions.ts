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

/** The offset of a protocol position, clamped to its line (a client may send a character past the end). */
export function offsetAt(text: string, lines: LineTable, position: LspPosition): number {
  if (position.line >= lines.lineCount) return text.length;
  const start = lines.lineStart(position.line);
  const next = position.line + 1 < lines.lineCount ? lines.lineStart(position.line + 1) : text.length + 1;
  return Math.min(start + Math.max(0, position.character), next - 1, text.length);
}

/** Whether `offset` lies in `[range.start, range.end]` (end inclusive: a cursor right after a word is on it). */
export function touches(range: Range, offset: number): boolean {
  return range.start.offset <= offset && offset <= range.end.offset;
}
