/**
 * Positions a client sends outside the document. The protocol says a line past the last one means the end of
 * the document and a character past the end of its line means the end of that line; every capability must
 * answer as if it had been sent that position, and never with a range outside the document.
 */
import { describe, expect, it } from 'vitest';
import type { Position } from 'vscode-languageserver';
import { analyze } from '../../src/lsp/analysis.js';
import { codeActions } from '../../src/lsp/code-actions.js';
import { completion } from '../../src/lsp/completion.js';
import { definition } from '../../src/lsp/definition.js';
import { formatEdits } from '../../src/lsp/formatting.js';
import { documentHighlights } from '../../src/lsp/highlights.js';
import { hover } from '../../src/lsp/hover.js';
import { clampPosition, offsetAt } from '../../src/lsp/positions.js';
import { ProtocolLines } from '../../src/lsp/protocol-lines.js';
import { references } from '../../src/lsp/references.js';
import { prepareRename, rename } from '../../src/lsp/rename.js';
import { signatureHelp } from '../../src/lsp/signature-help.js';
import { lint } from '../../src/lint/index.js';

const uri = 'file:///w/Dockerfile';
/** Line 3 ends with CRLF; the last line has no line break, so the end of the document is after `$`. */
const TEXT = ['ARG BASE=alpine', 'FROM $BASE AS build', 'ARG VERSION=1', 'RUN --mount=type=cache,target=/c echo $VERSION\r', 'COPY --from=build /a /b', 'RUN echo $'].join('\n');
const LINES = TEXT.split('\n').map((line) => line.replace(/\r$/, ''));
const END: Position = { line: LINES.length - 1, character: (LINES.at(-1) as string).length };
const lineEnd = (line: number): Position => ({ line, character: (LINES[line] as string).length });

/** Out-of-range positions and the position each stands for. */
const CASES: ReadonlyArray<readonly [string, Position, Position]> = [
  ['a line past the end', { line: 99, character: 0 }, END],
  ['a line and character far past the end', { line: 2 ** 31, character: 2 ** 31 }, END],
  ['a character past the end of a line', { line: 1, character: 500 }, lineEnd(1)],
  ['a character past the end of a CRLF line', { line: 3, character: 500 }, lineEnd(3)],
  ['the character between CR and LF', { line: 3, character: (LINES[3] as string).length + 1 }, lineEnd(3)],
  ['a character past the end of the last line', { line: 5, character: 11 }, END],
  ['a negative character', { line: 4, character: -4 }, { line: 4, character: 0 }],
  ['a negative line', { line: -1, character: 3 }, { line: 0, character: 0 }],
  ['a fractional line and character', { line: 1.5, character: 2.7 }, { line: 1, character: 2 }],
];

type Range = { start: Position; end: Position };

/** Every protocol range in a value (any object with `start` and `end` positions). */
function rangesIn(value: unknown, found: Range[] = []): Range[] {
  if (Array.isArray(value)) for (const item of value) rangesIn(item, found);
  else if (typeof value === 'object' && value !== null) {
    const record = value as Record<string, unknown>;
    if (isPosition(record.start) && isPosition(record.end)) found.push(record as unknown as Range);
    for (const child of Object.values(record)) rangesIn(child, found);
  }
  return found;
}

function isPosition(value: unknown): value is Position {
  return typeof value === 'object' && value !== null && typeof (value as Position).line === 'number' && typeof (value as Position).character === 'number';
}

function insideDocument(position: Position): boolean {
  const line = LINES[position.line];
  return Number.isInteger(position.line) && Number.isInteger(position.character) && line !== undefined && position.character >= 0 && position.character <= line.length;
}

const analysis = analyze(TEXT);
const relint = (text: string) => lint(text).findings;
/** Each capability that takes a position, asked at one. */
const CAPABILITIES: ReadonlyArray<readonly [string, (position: Position) => unknown]> = [
  ['completion', (position) => completion(analysis, position)],
  ['hover', (position) => hover(analysis, position)],
  ['signature help', (position) => signatureHelp(analysis, position)],
  ['definition', (position) => definition(analysis, uri, position)],
  ['references', (position) => references(analysis, uri, position, true)],
  ['highlights', (position) => documentHighlights(analysis, position)],
  ['prepare rename', (position) => prepareRename(analysis, position)],
  ['rename', (position) => rename(analysis, uri, position, 'OTHER')],
  ['code actions', (position) => codeActions(analysis, { uri, range: { start: position, end: position }, relint })],
  ['code actions to a far end', (position) => codeActions(analysis, { uri, range: { start: { line: 0, character: 0 }, end: position }, relint })],
];

describe('positions outside the document', () => {
  it.each(CASES)('clamps %s', (_name, given, expected) => {
    expect(clampPosition(analysis.lines, given)).toEqual(expected);
    expect(offsetAt(analysis.lines, given)).toBe(offsetAt(analysis.lines, expected));
  });

  it('treats a position whose fields are not numbers as the start of the document', () => {
    const garbage = { line: 'x', character: null } as unknown as Position;
    expect(clampPosition(analysis.lines, garbage)).toEqual({ line: 0, character: 0 });
  });

  describe.each(CAPABILITIES)('%s', (_name, ask) => {
    it.each(CASES)('answers %s as at the position it stands for, with ranges inside the document', (_case, given, expected) => {
      const answer = ask(given);
      expect(answer).toEqual(ask(expected));
      for (const range of rangesIn(answer)) expect([range.start, range.end].every(insideDocument), JSON.stringify(range)).toBe(true);
    });
  });

  it('completes at the end of the document for a line past the end, replacing inside it', () => {
    const items = completion(analysis, { line: 99, character: 7 });
    expect(items.map((item) => item.label)).toContain('VERSION');
    expect(rangesIn(items).every((range) => insideDocument(range.start) && insideDocument(range.end))).toBe(true);
  });

  it('formats the lines a range covers once clamped to the document', () => {
    const text = 'from alpine:3\nrun echo\n';
    const editor = { tabSize: 4, insertSpaces: true };
    const whole = formatEdits(ProtocolLines.of(text), editor);
    expect(formatEdits(ProtocolLines.of(text), editor, {}, { start: { line: -3, character: -1 }, end: { line: 99, character: 99 } })).toEqual(whole);
    const last = formatEdits(ProtocolLines.of(text), editor, {}, { start: { line: 1, character: 0 }, end: { line: 1, character: 3 } });
    expect(formatEdits(ProtocolLines.of(text), editor, {}, { start: { line: 1, character: 40 }, end: { line: 1, character: 80 } })).toEqual(last);
    // Without a final line break the end of the document is on the last line, so that line is formatted.
    const unterminated = 'from alpine:3\nrun echo';
    const beyond = formatEdits(ProtocolLines.of(unterminated), editor, {}, { start: { line: 50, character: 0 }, end: { line: 60, character: 0 } });
    expect(beyond).toEqual([{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 8 } }, newText: 'RUN echo' }]);
  });
});
