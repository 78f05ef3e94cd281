/**
 * Minimal text edits between two versions of a document, by lines: the common head and tail are kept, and the
 * middle is matched with a longest-common-subsequence so that unchanged lines keep their place (cursor,
 * markers and folds survive a format or a fix-all). Huge middles fall back to one replacement.
 */
import type { TextEdit } from 'vscode-languageserver';
import { positionAt } from './positions.js';
import { ProtocolLines } from './protocol-lines.js';

/** Above this many line pairs the middle is replaced whole: the table would cost more than it saves. */
const MAX_TABLE = 4_000_000;

/** Splits text into lines that keep their line break, so that joining them gives the text back. */
function splitLines(text: string): string[] {
  const lines = text.split(/(?<=\n)/);
  return lines.length === 1 && lines[0] === '' ? [] : lines;
}

/**
 * Edits that turn `before` into `after`, with protocol positions in `before` (`lines` are its lines, when the
 * caller has them). None when they are equal. The texts are compared by lines ending at `\n`; a hunk's
 * positions are read from its offsets, since for the protocol a lone `\r` ends a line too.
 */
export function diffLines(before: string, after: string, lines?: ProtocolLines): TextEdit[] {
  if (before === after) return [];
  const a = splitLines(before);
  const b = splitLines(after);
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const oldMiddle = a.slice(head, a.length - tail);
  const newMiddle = b.slice(head, b.length - tail);

  const hunks: Array<{ oldStart: number; oldEnd: number; text: string }> = [];
  if ((oldMiddle.length + 1) * (newMiddle.length + 1) > MAX_TABLE) {
    hunks.push({ oldStart: head, oldEnd: head + oldMiddle.length, text: newMiddle.join('') });
  } else {
    for (const hunk of lcsHunks(oldMiddle, newMiddle)) {
      hunks.push({ oldStart: head + hunk.oldStart, oldEnd: head + hunk.oldEnd, text: hunk.text });
    }
  }
  // Where each line of `before` starts; one past the last line, the end of the text.
  const starts = [0];
  for (const line of a) starts.push((starts[starts.length - 1] as number) + line.length);
  const table = lines ?? ProtocolLines.of(before);
  const at = (index: number) => positionAt(table, starts[index] as number);
  return hunks.map((hunk) => ({ range: { start: at(hunk.oldStart), end: at(hunk.oldEnd) }, newText: hunk.text }));
}

function lcsHunks(a: readonly string[], b: readonly string[]): Array<{ oldStart: number; oldEnd: number; text: string }> {
  const n = a.length;
  const m = b.length;
  // lengths[i][j]: LCS of a[i..] and b[j..], row-major in one array.
  const width = m + 1;
  const lengths = new Uint32Array((n + 1) * width);
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lengths[i * width + j] =
        a[i] === b[j]
          ? (lengths[(i + 1) * width + j + 1] as number) + 1
          : Math.max(lengths[(i + 1) * width + j] as number, lengths[i * width + j + 1] as number);
    }
  }
  const hunks: Array<{ oldStart: number; oldEnd: number; text: string }> = [];
  let i = 0;
  let j = 0;
  let open: { oldStart: number; oldEnd: number; text: string } | null = null;
  const flush = (): void => {
    if (open) hunks.push(open);
    open = null;
  };
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) {
      flush();
      i++;
      j++;
    } else if (j < m && (i === n || (lengths[i * width + j + 1] as number) >= (lengths[(i + 1) * width + j] as number))) {
      open ??= { oldStart: i, oldEnd: i, text: '' };
      open.text += b[j] as string;
      j++;
    } else {
      open ??= { oldStart: i, oldEnd: i, text: '' };
      i++;
      open.oldEnd = i;
    }
  }
  flush();
  return hunks;
}
