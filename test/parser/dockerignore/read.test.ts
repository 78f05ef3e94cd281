import { describe, expect, it } from 'vitest';
import { parseDockerignore, parsePatternList, type IgnorePattern } from '../../../src/parser/dockerignore/read.js';

const shape = (patterns: IgnorePattern[]) =>
  patterns.map(({ pattern, exception, error }) => (error ? { pattern, exception, error } : { pattern, exception }));

describe('parseDockerignore', () => {
  it.each([
    ['a UTF-8 BOM on line 1 is dropped', '\ufeff*.log', [{ pattern: '*.log', exception: false }]],
    // Go's TrimSpace does not treat U+FEFF as space, so a BOM on a later line stays part of the pattern.
    ['a BOM on a later line is kept', 'a\n\ufeffb', [{ pattern: 'a', exception: false }, { pattern: '\ufeffb', exception: false }]],
    ['# at the start of a line is a comment', '# note\nx', [{ pattern: 'x', exception: false }]],
    ['an indented # is a pattern', '  #x', [{ pattern: '#x', exception: false }]],
    ['blank lines and CRLF endings', '\r\n  a  \r\n\t\r\nb\r\n', [{ pattern: 'a', exception: false }, { pattern: 'b', exception: false }]],
    ['space after ! is trimmed', '!  keep.txt ', [{ pattern: 'keep.txt', exception: true }]],
    ['paths are cleaned', './a//b/../c/', [{ pattern: 'a/c', exception: false }]],
    ['a leading slash is dropped', '/abs.txt\n!/x', [{ pattern: 'abs.txt', exception: false }, { pattern: 'x', exception: true }]],
    ['`..` is folded', 'sub/../abs.txt', [{ pattern: 'abs.txt', exception: false }]],
    ['a lone slash stays (and matches nothing)', '/', [{ pattern: '/', exception: false }]],
    ['a pattern cleaning to `.` stays `.`', './', [{ pattern: '.', exception: false }]],
    // The reader cleans `a /.` to `a `; the matcher trims it again.
    ['whitespace revealed by cleaning is trimmed', 'a /.', [{ pattern: 'a', exception: false }]],
  ])('%s', (_name, text, expected) => {
    expect(shape(parseDockerignore(text))).toEqual(expected);
  });

  it('keeps the line as written and its line number', () => {
    expect(parseDockerignore('# c\n\n  ./a/  \n')).toEqual([{ text: './a/', line: 3, exception: false, pattern: 'a' }]);
  });

  it.each([
    ['!', 'illegal exclusion pattern: "!"'],
    ['!   ', 'illegal exclusion pattern: "!"'],
    ['!/', 'illegal exclusion pattern: "!"'],
    ['[', 'syntax error in pattern'],
    ['a\\', 'syntax error in pattern'],
    ['[a-]', 'syntax error in pattern'],
  ])('refuses %j as Docker does', (text, error) => {
    expect(parseDockerignore(text)[0]?.error).toBe(error);
  });

  // A pattern's escapes reach Go's regexp engine, which reads some letters and digits after a backslash and
  // refuses the rest, naming the escape as far as it read it (the expression ends in `$`; `{` arrives as `\{`).
  it.each([
    ['\\1.txt', '`\\1`'],
    ['\\8.txt', '`\\8`'],
    ['a\\xZZ', '`\\xZZ`'],
    ['a\\x4', '`\\x4$`'],
    ['a\\x', '`\\x$`'],
    ['a\\x{41}', '`\\x\\{`'],
    ['[\\b]', '`\\b`'],
    ['\\q', '`\\q`'],
    ['\\é', '`\\é`'],
  ])('refuses the escape in %j as Go\'s regexp engine does', (text, escape) => {
    expect(parseDockerignore(text)[0]?.error).toBe(`error parsing regexp: invalid escape sequence: ${escape}`);
  });

  it('refuses a class Go accepts but its regexp engine does not (`[z-a]`)', () => {
    expect(parseDockerignore('[z-a].txt')[0]?.error).toMatch(/invalid character class range/);
  });

  it('parsePatternList cleans before splitting off `!` (COPY --exclude)', () => {
    expect(shape(parsePatternList([' *.md ', '', '!docs/./keep.md', 'x/']))).toEqual([
      { pattern: '*.md', exception: false },
      { pattern: 'docs/keep.md', exception: true },
      { pattern: 'x', exception: false },
    ]);
  });
});
