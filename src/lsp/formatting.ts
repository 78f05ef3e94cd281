/**
 * Document and range formatting with dfkit's formatter. The editor's tab size becomes the continuation indent;
 * the answer is the line diff between the old and new text, so unchanged lines keep cursors and markers. A
 * file the formatter refuses (parse errors) gets no edits.
 */
import type { FormattingOptions, Range, TextEdit } from 'vscode-languageserver';
import { formatDockerfile, type FormatOptions } from '../format/index.js';
import { LineTable } from '../parser/index.js';
import { clampPosition } from './positions.js';
import { diffLines } from './text-diff.js';

/** Formatter settings a client may fix in `initializationOptions.format` (the indent comes from the editor). */
export type FormatSettings = Omit<FormatOptions, 'indent' | 'lines'>;

/** Edits formatting the whole text, or only the lines of `range`. */
export function formatEdits(text: string, editor: Pick<FormattingOptions, 'tabSize'>, settings: FormatSettings = {}, range?: Range): TextEdit[] {
  const options: FormatOptions = {
    ...settings,
    indent: editor.tabSize,
    ...(range ? { lines: linesOf(text, range) } : {}),
  };
  const result = formatDockerfile(text, options);
  if (result.refused || !result.changed) return [];
  return diffLines(text, result.text);
}

/** The lines a range covers once clamped to the text; a selection ending at the start of a line does not include that line. */
function linesOf(text: string, range: Range): { start: number; end: number } {
  const table = new LineTable(text);
  const start = clampPosition(text, table, range.start);
  const end = clampPosition(text, table, range.end);
  return { start: start.line, end: end.character === 0 && end.line > start.line ? end.line - 1 : end.line };
}
