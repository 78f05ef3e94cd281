import { describe, expect, it } from 'vitest';
import { formatDockerfile } from '../../src/format/index.js';
import { formatEdits } from '../../src/lsp/formatting.js';
import { ProtocolLines } from '../../src/lsp/protocol-lines.js';
import { diffLines } from '../../src/lsp/text-diff.js';
import { applyTextEdits } from './protocol-client.js';

const editor = { tabSize: 4, insertSpaces: true };

describe('formatEdits', () => {
  it('returns minimal line edits that produce the formatter output', () => {
    const text = 'from alpine:3\nRUN echo a\nworkdir /app\nRUN echo b\n';
    const edits = formatEdits(ProtocolLines.of(text), editor);
    expect(applyTextEdits(text, edits)).toBe(formatDockerfile(text, { indent: 4 }).text);
    // Only the lines that change are touched.
    expect(edits.every((edit) => edit.range.start.line !== 1 && edit.range.start.line !== 3)).toBe(true);
  });

  it('formats only the lines of a range', () => {
    const text = 'from alpine:3\nrun echo\n';
    const edits = formatEdits(ProtocolLines.of(text), editor, {}, { start: { line: 1, character: 0 }, end: { line: 1, character: 5 } });
    expect(applyTextEdits(text, edits)).toBe('from alpine:3\nRUN echo\n');
  });

  it('returns nothing for a file the formatter refuses, or one already formatted', () => {
    expect(formatEdits(ProtocolLines.of('FROM alpine\nCOPY <<EOF\n'), editor)).toEqual([]);
    expect(formatEdits(ProtocolLines.of('FROM alpine:3\n'), editor)).toEqual([]);
  });
});

describe('diffLines', () => {
  const cases: Array<[string, string]> = [
    ['a\nb\nc\n', 'a\nB\nc\n'],
    ['a\nb\nc\n', 'a\nc\n'],
    ['a\nc\n', 'a\nb\nc\n'],
    ['', 'x\n'],
    ['x', ''],
    ['a\nb', 'a\nb\n'],
    ['a\nb\nc\nd\ne\n', 'e\nb\nX\nd\na\n'],
  ];
  it.each(cases)('turns %j into %j', (before, after) => {
    expect(applyTextEdits(before, diffLines(before, after))).toBe(after);
  });

  it('replaces only the changed line', () => {
    expect(diffLines('a\nb\nc\n', 'a\nB\nc\n')).toEqual([{ range: { start: { line: 1, character: 0 }, end: { line: 2, character: 0 } }, newText: 'B\n' }]);
  });
});
