/** Ranges inside tokens, for findings that point at part of a word (a tag, a port, a `$VAR`). */
import type { Position, Range } from '../parser/index.js';

/**
 * The range of `value[start, end)` inside a token, or the token's whole range when its source text is not the
 * value verbatim (quoted, split by a line continuation).
 */
export function rangeWithin(
  text: string,
  token: { readonly value: string; readonly range: Range },
  start: number,
  end: number,
): Range {
  const { start: from, end: to } = token.range;
  if (from.line !== to.line || text.slice(from.offset, to.offset) !== token.value) return token.range;
  const at = (by: number): Position => ({ line: from.line, character: from.character + by, offset: from.offset + by });
  return { start: at(start), end: at(end) };
}
