/** Line bounds in a Dockerfile's text, for fixes that insert, move or remove whole lines. */

/** Where the line holding `offset` starts. */
export function lineStartOf(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** Where the line holding `offset` ends, its line break included (the text's end on the last line). */
export function lineEndOf(text: string, offset: number): number {
  const newline = text.indexOf('\n', offset);
  return newline === -1 ? text.length : newline + 1;
}

/**
 * The text `[start, end)` widened to whole lines, so that removing it leaves no blank or indented remnant: from
 * its line's start when only blanks precede it there, through its last line's break.
 */
export function wholeLinesOf(text: string, start: number, end: number): { start: number; end: number } {
  const lineStart = lineStartOf(text, start);
  return { start: /^[ \t]*$/.test(text.slice(lineStart, start)) ? lineStart : start, end: lineEndOf(text, end) };
}

/** The line break that ends the line holding `offset`: `\r\n` or `\n` (also when that line has none). */
export function lineBreakAt(text: string, offset: number): string {
  const newline = text.indexOf('\n', offset);
  return newline > 0 && text.charAt(newline - 1) === '\r' ? '\r\n' : '\n';
}
