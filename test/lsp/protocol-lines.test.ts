/**
 * Lines as the protocol counts them (`\n`, `\r\n` and a lone `\r` each end one), checked against the text
 * document of `vscode-languageserver-textdocument`, which counts as editors do: every offset has the position
 * it gives, and every position in the document the offset it gives, whether the parser's line table (which a
 * lone `\r` does not end) was handed over or not.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { LineTable } from '../../src/parser/index.js';
import { clampPosition, offsetAt, positionAt } from '../../src/lsp/positions.js';
import { ProtocolLines } from '../../src/lsp/protocol-lines.js';

const texts = fc.array(fc.constantFrom('a', 'b', ' ', '\r', '\n', '\r\n'), { maxLength: 40 }).map((parts) => parts.join(''));

describe('ProtocolLines', () => {
  it.each([
    ['without a table of the parser', (text: string) => ProtocolLines.of(text)],
    ['with the table of the parser', (text: string) => ProtocolLines.of(text, new LineTable(text))],
  ])('converts as an editor does, %s', (_, linesOf) => {
    fc.assert(
      fc.property(texts, (text) => {
        const lines = linesOf(text);
        const document = TextDocument.create('untitled:x', 'dockerfile', 1, text);
        expect(lines.lineCount).toBe(document.lineCount);
        for (let offset = 0; offset <= text.length; offset++) {
          // An offset between `\r` and `\n` is no place in the text: an editor reads it as the end of the line.
          const expected = document.positionAt(offset);
          if (text[offset - 1] === '\r' && text[offset] === '\n') expect(clampPosition(lines, positionAt(lines, offset))).toEqual(expected);
          else expect(positionAt(lines, offset)).toEqual(expected);
        }
        for (let line = 0; line <= document.lineCount; line++) {
          for (let character = 0; character <= text.length + 1; character++) {
            expect(offsetAt(lines, { line, character })).toBe(document.offsetAt({ line, character }));
          }
        }
      }),
    );
  });

  it('ends the text of a line before its line break, whichever it is', () => {
    const lines = ProtocolLines.of('a\rb\r\nc\n\r\rd');
    expect([0, 1, 2, 3, 4, 5].map((line) => [lines.lineStart(line), lines.lineEnd(line)])).toEqual([
      [0, 1],
      [2, 3],
      [5, 6],
      [7, 7],
      [8, 8],
      [9, 10],
    ]);
  });
});
