/**
 * The human format. Each finding starts with hadolint's own line, `file:line CODE severity: message`, so that
 * what was written to read hadolint's output (hadolint-action's problem matcher, grep patterns) reads dfkit's.
 * The line is the token's own, not only the instruction's first; when the file's text is known, the offending
 * line follows with carets under the exact range, which is where the column is shown.
 */
import { LineTable } from '../../parser/index.js';
import type { Finding, LintSeverity } from '../types.js';
import { spanOf } from './shared.js';
import type { Formatter } from './types.js';

const RESET = '\u001b[0m';
const DIM = '\u001b[2m';
// hadolint's escape sequences, one per attribute: its problem matchers allow exactly that around the severity.
const COLOR: Readonly<Record<LintSeverity, string>> = {
  error: '\u001b[1m\u001b[91m',
  warning: '\u001b[1m\u001b[93m',
  info: '\u001b[92m',
  style: '\u001b[96m',
};

export const formatTty: Formatter = (results, options) => {
  const paint = options?.noColor
    ? (_color: string, text: string): string => text
    : (color: string, text: string): string => `${color}${text}${RESET}`;
  const blocks: string[] = [];
  for (const result of results) {
    if (result.findings.length === 0) continue;
    const lines = result.source === undefined ? undefined : new SourceLines(result.source);
    const gutter = String(Math.max(...result.findings.map((finding) => spanOf(finding).startLine))).length;
    let block = '';
    for (const finding of result.findings) {
      const span = spanOf(finding);
      const color = COLOR[finding.severity];
      // Continuation lines of a message are indented so they cannot be mistaken for another finding.
      const message = finding.message.replace(/\r?\n/g, '\n    ');
      block += `${result.file}:${span.startLine} ${finding.code} ${paint(color, finding.severity)}: ${message}\n`;
      if (lines) block += codeFrame(finding, lines, gutter, (text) => paint(color, text), (text) => paint(DIM, text));
    }
    blocks.push(block);
  }
  return blocks.join('\n');
};

class SourceLines {
  readonly table: LineTable;
  constructor(readonly text: string) {
    this.table = new LineTable(text);
  }

  /** The text of a 0-based line without its line break. */
  line(index: number): string {
    const start = this.table.lineStart(index);
    const next = index + 1 < this.table.lineCount ? this.table.lineStart(index + 1) : this.text.length;
    return this.text.slice(start, next).replace(/\r?\n$/, '');
  }
}

function codeFrame(
  finding: Finding,
  lines: SourceLines,
  gutter: number,
  mark: (text: string) => string,
  dim: (text: string) => string,
): string {
  const { start, end } = finding.range;
  if (start.line >= lines.table.lineCount) return '';
  const line = lines.line(start.line);
  const lineFrom = Math.min(start.character, line.length);
  // A range running onto later lines is underlined to the end of its first line.
  const lineTo = end.line === start.line ? Math.min(end.character, line.length) : line.length;
  const { text, from, to } = frameWindow(line, lineFrom, lineTo);
  // Tabs are kept in the padding so the carets line up however wide the terminal draws a tab.
  const padding = text.slice(0, from).replace(/[^\t]/g, ' ');
  const carets = '^'.repeat(Math.max(1, to - from));
  const number = String(start.line + 1).padStart(gutter);
  return `  ${dim(`${number} |`)} ${text}\n  ${dim(`${' '.repeat(gutter)} |`)} ${padding}${mark(carets)}\n`;
}

/** The most of a line a code frame shows, and how much of it goes before the range when the line is cut. */
const FRAME_WIDTH = 160;
const FRAME_CONTEXT = 40;

/**
 * The part of a long line (a minified RUN, a binary file's first "line") a code frame shows: at most
 * FRAME_WIDTH characters from a little before the range, the cut ends marked with `…`; `from` and `to` are the
 * range within the shown text, the carets ending where the text shown does.
 */
function frameWindow(line: string, from: number, to: number): { text: string; from: number; to: number } {
  if (line.length <= FRAME_WIDTH) return { text: line, from, to };
  let start = from <= FRAME_WIDTH - FRAME_CONTEXT ? 0 : from - FRAME_CONTEXT;
  let end = Math.min(line.length, start + FRAME_WIDTH);
  // Near the line's end the window fills up with what comes before instead.
  if (end === line.length) start = line.length - FRAME_WIDTH;
  // Never half of a surrogate pair at a cut.
  if (start > 0 && isLowSurrogate(line.charCodeAt(start))) start++;
  if (end < line.length && isLowSurrogate(line.charCodeAt(end))) end--;
  const before = start > 0 ? '…' : '';
  const after = end < line.length ? '…' : '';
  const shift = before.length - start;
  return { text: before + line.slice(start, end) + after, from: from + shift, to: Math.min(to, end) + shift };
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}
