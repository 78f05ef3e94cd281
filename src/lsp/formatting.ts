/**
 * Document and range formatting with dfkit's formatter. The editor's tab size becomes the continuation indent;
 * the answer is the line diff between the old and new text, so unchanged lines keep cursors and markers. A
 * file the formatter refuses (parse errors) gets no edits.
 */
import type { FormattingOptions, Range, TextEdit } from 'vscode-languageserver';
import { formatDockerfile, type FormatOptions } from '../format/index.js';
import { LineTable } from '../parser/index.js';
import { offsetAt } from './positions.js';
import type { ProtocolLines } from './protocol-lines.js';
import { diffLines } from './text-diff.js';

/** Formatter settings a client may fix in `initializationOptions.format` (the indent comes from the editor). */
export type FormatSettings = Omit<FormatOptions, 'indent' | 'lines'>;

/** Edits formatting the whole text of `document`, or only the lines of `range`. */
export function formatEdits(document: ProtocolLines, editor: Pick<FormattingOptions, 'tabSize'>, settings: FormatSettings = {}, range?: Range): TextEdit[] {
  const text = document.text;
  const options: FormatOptions = {
    ...settings,
    indent: editor.tabSize,
    ...(range ? { lines: linesOf(document, range) } : {}),
  };
  const result = formatDockerfile(text, options);
  if (result.refused || !result.changed) return [];
  return diffLines(text, result.text, document);
}

/**
 * The formatter's lines (the Dockerfile's, which a lone `\r` does not end) that a range covers once clamped to
 * the text; a selection ending at the start of a line does not include that line.
 */
function linesOf(document: ProtocolLines, range: Range): { start: number; end: number } {
  const source = new LineTable(document.text);
  const start = offsetAt(document, range.start);
  const end = offsetAt(document, range.end);
  const endsAtLineStart = end > start && document.lineStart(document.lineOf(end)) === end;
  return { start: source.lineOf(start), end: source.lineOf(endsAtLineStart ? end - 1 : end) };
}
