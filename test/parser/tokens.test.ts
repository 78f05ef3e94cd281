import { describe, expect, it } from 'vitest';
import { parse } from '../../src/parser/index.js';
import { tokenize, type ContinuedLines } from '../../src/parser/tokens.js';

/**
 * Each token as `name:image`; a continued instruction's token also lists its lines (`start:text`), its comment
 * lines and its first blank line.
 */
function lex(text: string, escape: '\\' | '`' = '\\'): string[] {
  return tokenize(text, escape).map((token) => {
    const shown = `${token.tokenType.name}:${JSON.stringify(token.image)}`;
    if (token.tokenType.name === 'FirstText' && token.payload !== undefined) {
      const { joined, comments, emptyLine } = token.payload as ContinuedLines;
      // Every stretch of the joined text is the source's text where its segment says it comes from.
      for (const segment of joined.segments) {
        const joinedPart = joined.text.slice(segment.joinedStart, segment.joinedStart + segment.length);
        expect(text.slice(segment.sourceStart, segment.sourceStart + segment.length)).toBe(joinedPart);
      }
      const lines = joined.segments
        .map((segment) => `${segment.sourceStart}:${JSON.stringify(joined.text.slice(segment.joinedStart, segment.joinedStart + segment.length))}`)
        .join(' ');
      return `${shown} lines ${lines} comments [${comments.join(',')}] empty ${emptyLine ? `${emptyLine.start}-${emptyLine.end}` : '-'}`;
    }
    return shown;
  });
}

describe('the lexer', () => {
  it('makes a one-line instruction one token and its line break the end', () => {
    expect(lex('RUN a\nRUN b')).toEqual(['FirstText:"RUN a"', 'InstructionEnd:"\\n"', 'FirstText:"RUN b"']);
  });

  it('makes a continued instruction one token that carries the text of each line without its marker', () => {
    expect(lex('RUN a \\\n  b\n')).toEqual([
      'FirstText:"RUN a \\\\\\n  b" lines 0:"RUN a " 8:"  b" comments [] empty -',
      'InstructionEnd:"\\n"',
    ]);
  });

  it('takes blanks after a marker and CRLF line endings into the continuation', () => {
    expect(lex('RUN a \\ \t\r\n b\r\n')).toEqual([
      'FirstText:"RUN a \\\\ \\t\\r\\n b" lines 0:"RUN a " 11:" b" comments [] empty -',
      'InstructionEnd:"\\r\\n"',
    ]);
  });

  it('does not continue a line ending in an escaped escape character', () => {
    expect(lex('RUN a \\\\\nRUN b\n')).toEqual(['FirstText:"RUN a \\\\\\\\"', 'InstructionEnd:"\\n"', 'FirstText:"RUN b"', 'InstructionEnd:"\\n"']);
  });

  it('continues with the escape character the file chose', () => {
    expect(lex('RUN a `\n b\n', '`')).toEqual(['FirstText:"RUN a `\\n b" lines 0:"RUN a " 8:" b" comments [] empty -', 'InstructionEnd:"\\n"']);
    expect(lex('RUN a \\\n', '`')).toEqual(['FirstText:"RUN a \\\\"', 'InstructionEnd:"\\n"']);
  });

  it('skips lines of nothing but the marker, comment lines and blank lines inside a continuation, noting where they are', () => {
    const text = 'RUN a \\\n\\\n  # note\n\n \n b\nRUN c';
    expect(lex(text)).toEqual([
      'FirstText:"RUN a \\\\\\n\\\\\\n  # note\\n\\n \\n b" lines 0:"RUN a " 22:" b" comments [10,19] empty 19-20',
      'InstructionEnd:"\\n"',
      'FirstText:"RUN c"',
    ]);
  });

  it('ends a continued instruction at the end of the file, after a marker or a skipped line', () => {
    expect(lex('RUN a \\')).toEqual(['FirstText:"RUN a \\\\" lines 0:"RUN a " comments [] empty -']);
    expect(lex('RUN a \\\n# c')).toEqual(['FirstText:"RUN a \\\\\\n# c" lines 0:"RUN a " comments [8,11] empty -']);
  });

  it('starts an instruction on a line of nothing but the marker, its text on the lines after it', () => {
    expect(lex('\\\nRUN a \\\n b\n')).toEqual([
      'FirstText:"\\\\\\nRUN a \\\\\\n b" lines 2:"RUN a " 10:" b" comments [] empty -',
      'InstructionEnd:"\\n"',
    ]);
    expect(lex('  \\\n# c\n\\\n\n')).toEqual(['Blank:"  "', 'FirstText:"\\\\\\n# c\\n\\\\\\n\\n" lines  comments [4,8] empty 10-11']);
  });

  it('keeps lines that open with a line of nothing but the marker and hold no text as trivia', () => {
    const text = 'FROM a\n\\\n  \\\n# c\n\nRUN b\n\\\n';
    const { ast } = parse(text);
    expect(ast.instructions.map((instruction) => instruction.original)).toEqual(['FROM a', '  RUN b']);
    expect(ast.comments.map((comment) => comment.text)).toEqual(['c']);
  });

  it('finds a heredoc whose << a continuation splits, and joins lines to the text BuildKit reads', () => {
    const { ast } = parse('RUN cat <\\\n<EOF \\\n  && echo\nhello\nEOF\n');
    const [run] = ast.instructions;
    expect(run?.original).toBe('RUN cat <<EOF   && echo');
    expect(run?.heredocs.map((heredoc) => heredoc.content)).toEqual(['hello\n']);
  });

  it('finds heredocs of an instruction opened by a line of nothing but the marker, a split << too', () => {
    for (const text of ['\\\nRUN cat <<EOF\nhi\nEOF\n', '\\\nRUN cat <\\\n<EOF\nhi\nEOF\n']) {
      const [run] = parse(text).ast.instructions;
      expect(run?.heredocs.map((heredoc) => heredoc.content)).toEqual(['hi\n']);
    }
  });

  it('keeps the comment lines of a continuation as comments and warns about its first blank line', () => {
    const { ast, diagnostics } = parse('RUN a \\\n# one\n\n  # two\n b\n');
    expect(ast.comments.map((comment) => comment.text)).toEqual(['one', 'two']);
    expect(diagnostics.filter((d) => d.code === 'empty-continuation-line').map((d) => [d.range.start.line, d.range.start.character])).toEqual([[2, 0]]);
    expect(ast.instructions[0]?.original).toBe('RUN a  b');
  });
});
