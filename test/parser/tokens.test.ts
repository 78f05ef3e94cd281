import { describe, expect, it } from 'vitest';
import { parse } from '../../src/parser/index.js';
import { lineTextOf, tokenize } from '../../src/parser/tokens.js';

/** Each token as `name:image`, with a continued line's text after `=>` when it differs from its image. */
function lex(text: string, escape: '\\' | '`' = '\\'): string[] {
  return tokenize(text, escape).map((token) => {
    const lineText = token.tokenType.name.endsWith('Text') ? lineTextOf(token) : token.image;
    return `${token.tokenType.name}:${JSON.stringify(token.image)}${lineText === token.image ? '' : ` => ${JSON.stringify(lineText)}`}`;
  });
}

describe('the lexer', () => {
  it('makes a continued line one token that carries its text without the marker', () => {
    expect(lex('RUN a \\\n  b\n')).toEqual([
      'FirstText:"RUN a \\\\\\n" => "RUN a "',
      'Text:"  b"',
      'InstructionEnd:"\\n"',
    ]);
  });

  it('takes blanks after the marker and a CRLF line ending into the continued line', () => {
    expect(lex('RUN a \\ \t\r\n b\r\n')).toEqual([
      'FirstText:"RUN a \\\\ \\t\\r\\n" => "RUN a "',
      'Text:" b"',
      'InstructionEnd:"\\r\\n"',
    ]);
  });

  it('does not continue a line ending in an escaped escape character', () => {
    expect(lex('RUN a \\\\\nRUN b\n')).toEqual(['FirstText:"RUN a \\\\\\\\"', 'InstructionEnd:"\\n"', 'FirstText:"RUN b"', 'InstructionEnd:"\\n"']);
  });

  it('continues with the escape character the file chose', () => {
    expect(lex('RUN a `\n b\n', '`')).toEqual(['FirstText:"RUN a `\\n" => "RUN a "', 'Text:" b"', 'InstructionEnd:"\\n"']);
    expect(lex('RUN a \\\n', '`')).toEqual(['FirstText:"RUN a \\\\"', 'InstructionEnd:"\\n"']);
  });

  it('keeps a line holding only the marker, and skipped lines, as tokens of their own', () => {
    expect(lex('RUN a \\\n\\\n# note\n\n b')).toEqual([
      'FirstText:"RUN a \\\\\\n" => "RUN a "',
      'Continuation:"\\\\\\n"',
      'ContinuationComment:"# note\\n"',
      'EmptyContinuationLine:"\\n"',
      'Text:" b"',
    ]);
  });

  it('continues at the end of the file without a line break', () => {
    expect(lex('RUN a \\')).toEqual(['FirstText:"RUN a \\\\" => "RUN a "']);
  });

  it('finds a heredoc whose << a continuation splits, and joins lines to the text BuildKit reads', () => {
    const { ast } = parse('RUN cat <\\\n<EOF \\\n  && echo\nhello\nEOF\n');
    const [run] = ast.instructions;
    expect(run?.original).toBe('RUN cat <<EOF   && echo');
    expect(run?.heredocs.map((heredoc) => heredoc.content)).toEqual(['hello\n']);
  });
});
