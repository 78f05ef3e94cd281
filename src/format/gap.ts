/**
 * The text between two words of an instruction: blanks, continuation markers with their line breaks, and the
 * comment and empty lines a builder skips inside a continuation. Nothing in a gap reaches a builder except as
 * "some white space here", which is why a gap is the unit the formatter lays out.
 */

import { withoutTrailing } from '../parser/trailing.js';

/** One piece of a gap. `comment` and `empty` lines only occur right after a line break. */
export type GapItem =
  | { readonly kind: 'blanks'; readonly text: string }
  | { readonly kind: 'break'; readonly marker: string; readonly eol: string }
  | { readonly kind: 'comment'; readonly text: string; readonly eol: string }
  | { readonly kind: 'empty'; readonly text: string; readonly eol: string };

export type Gap = readonly GapItem[];

function isBlank(char: string | undefined): boolean {
  return char === ' ' || char === '\t';
}

/** The line ending at `offset` (`\r`s then `\n`), or '' at the end of the text, or `null` when there is none. */
function eolAt(text: string, offset: number): string | null {
  let end = offset;
  while (text[end] === '\r') end++;
  if (text[end] === '\n') return text.slice(offset, end + 1);
  return end === text.length && end === offset ? '' : null;
}

/**
 * Reads gap material from `text[from, to)`. Returns the items and where reading stopped: at `to`, or at the first
 * character that is not gap material (the caller decides whether that is punctuation or a reason to give up).
 */
export function readGap(text: string, from: number, to: number, escapeChar: string): { items: GapItem[]; stop: number } {
  const items: GapItem[] = [];
  let pos = from;
  let lineStart = false;
  while (pos < to) {
    if (lineStart) {
      // A whole comment or empty line skipped by the builder.
      let blankEnd = pos;
      while (blankEnd < to && isBlank(text[blankEnd])) blankEnd++;
      if (text[blankEnd] === '#') {
        let end = text.indexOf('\n', blankEnd);
        end = end === -1 || end >= to ? to : end;
        let contentEnd = end;
        while (contentEnd > blankEnd && text[contentEnd - 1] === '\r') contentEnd--;
        const eol = text.slice(contentEnd, end < to ? end + 1 : end);
        items.push({ kind: 'comment', text: text.slice(pos, contentEnd), eol });
        pos = end < to ? end + 1 : end;
        continue;
      }
      const eol = blankEnd < to ? eolAt(text, blankEnd) : null;
      if (eol !== null && eol !== '' && blankEnd + eol.length <= to) {
        items.push({ kind: 'empty', text: text.slice(pos, blankEnd), eol });
        pos = blankEnd + eol.length;
        continue;
      }
      lineStart = false;
    }
    const char = text[pos];
    if (isBlank(char)) {
      const start = pos;
      while (pos < to && isBlank(text[pos])) pos++;
      items.push({ kind: 'blanks', text: text.slice(start, pos) });
      continue;
    }
    if (char === escapeChar && text[pos - 1] !== escapeChar) {
      let end = pos + 1;
      while (end < to && isBlank(text[end])) end++;
      const eol = eolAt(text, end);
      if (eol !== null && end + eol.length <= to) {
        items.push({ kind: 'break', marker: text.slice(pos, end), eol });
        pos = end + eol.length;
        lineStart = true;
        continue;
      }
    }
    break;
  }
  return { items, stop: pos };
}

/** Whether the gap crosses a line. */
export function hasBreak(gap: Gap): boolean {
  return gap.some((item) => item.kind === 'break');
}

/** The blanks the gap's last line starts with, as written ('' when the gap does not cross a line). */
export function lastLineIndent(gap: Gap): string {
  let indent = '';
  for (const item of gap) {
    if (item.kind === 'blanks') indent += item.text;
    else indent = '';
  }
  return hasBreak(gap) ? indent : '';
}

/** The gap as written. */
export function gapText(gap: Gap): string {
  return gap.map((item) => (item.kind === 'break' ? item.marker + item.eol : item.text + ('eol' in item ? item.eol : ''))).join('');
}

/**
 * The gap with only what no builder ever sees cleaned: blanks after a continuation marker, white space of
 * skipped empty lines and trailing blanks of skipped comment lines.
 */
export function renderVerbatim(gap: Gap, escapeChar: string): string {
  let out = '';
  for (const item of gap) {
    if (item.kind === 'blanks') out += item.text;
    else if (item.kind === 'break') out += escapeChar + item.eol;
    else if (item.kind === 'comment') out += withoutTrailing(item.text, ' \t') + item.eol;
    else out += item.eol;
  }
  return out;
}

/**
 * The gap laid out: `inline` ('' or ' ') when it stays on one line; otherwise every line break kept, each
 * continuation marker one space after the text before it, skipped lines kept (comments as written), and the next
 * word indented by `indent` (nothing after the last break when `next` is false: the instruction ends there).
 */
export function renderNormalized(gap: Gap, options: { inline: string; indent: string; escapeChar: string; next: boolean }): string {
  if (!hasBreak(gap)) return options.next ? options.inline : '';
  let out = '';
  let lineStart = false;
  for (const item of gap) {
    if (item.kind === 'blanks') continue;
    if (item.kind === 'break') {
      out += (lineStart ? options.indent : ' ') + options.escapeChar + item.eol;
      lineStart = true;
    } else if (item.kind === 'comment') out += withoutTrailing(item.text, ' \t') + item.eol;
    else out += item.eol;
  }
  return out + (options.next ? options.indent : '');
}
