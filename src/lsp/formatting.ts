/**
 * Document and range formatting with dfkit's formatter. The editor's tab size becomes the continuation indent;
 * the answer is the line diff between the old and new text, so unchanged lines keep cursors and markers. A
 * file the formatter refuses (parse errors) gets no edits.
 */
import type { FormattingOptions, Range, TextEdit } from 'vscode-languageserver';
import { formatDockerfile, type FormatOptions } from '../format/index.js';
import { diffLines } from './text-diff.js';

/** Formatter settings a client may fix in `initializationOptions.format` (the indent comes from the editor). */
export type FormatSettings = Omit<FormatOptions, 'indent' | 'lines'>;

/** Edits formatting the whole text, or only the lines of `range`. */
export function formatEdits(text: string, editor: FormattingOptions, settings: FormatSettings = {}, range?: Range): TextEdit[] {
  const options: FormatOptions = {
    ...settings,
    indent: editor.tabSize,
    ...(range ? { lines: { start: range.start.line, end: lastLine(range) } } : {}),
  };
  const result = formatDockerfile(text, options);
  if (result.refused || !result.changed) return [];
  return diffLines(text, result.text);
}

/** A selection ending at the start of a line does not include that line. */
function lastLine(range: Range): number {
  return range.end.character === 0 && range.end.line > range.start.line ? range.end.line - 1 : range.end.line;
}
