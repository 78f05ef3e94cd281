/**
 * The formatter's output, case by case: what it changes by default, what it leaves as written (and why), and
 * the options. Cases are input → expected output.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ALL_BUILDERS, format, formatDockerfile, FormatError, type FormatOptions } from '../../src/format/index.js';

interface Case {
  readonly name: string;
  readonly input: string;
  readonly expected: string;
  readonly options?: FormatOptions;
}

/** Images also built with podman, whose cache keys record most lines as written. */
const WITH_PODMAN: FormatOptions = { keepCacheKeysOf: ALL_BUILDERS };

const DEFAULTS: readonly Case[] = [
  { name: 'keyword case and spacing of FROM', input: 'from   --platform=$BUILDPLATFORM\tnode:20  as   build\n', expected: 'FROM --platform=$BUILDPLATFORM node:20 AS build\n' },
  { name: 'indentation before a keyword', input: 'FROM a\n   COPY a /b\n\tARG X\n', expected: 'FROM a\nCOPY a /b\nARG X\n' },
  { name: 'COPY flags, sources and trailing blanks', input: 'FROM a\ncopy  --from=build   --chown=1:1  a  b   /c/   \n', expected: 'FROM a\nCOPY --from=build --chown=1:1 a b /c/\n' },
  { name: 'COPY and ADD JSON form', input: 'FROM a\nCOPY [ "a b" ,"c",   "/d/" ]\nADD ["x","/y"]\n', expected: 'FROM a\nCOPY ["a b", "c", "/d/"]\nADD ["x", "/y"]\n' },
  {
    name: 'continuation lines of split words are indented evenly',
    input: 'FROM a\nCOPY --from=build \\\n        /out/app \\\n  /usr/bin/   \n',
    expected: 'FROM a\nCOPY --from=build \\\n    /out/app \\\n    /usr/bin/\n',
  },
  { name: 'ARG declarations', input: 'FROM a\narg  A=1   B\n', expected: 'FROM a\nARG A=1 B\n' },
  { name: 'RUN keyword case and one tab after it', input: 'FROM a\nrun\techo hi\n', expected: 'FROM a\nRUN echo hi\n' },
  {
    name: 'shell-form continuation lines keep their indentation (the builder runs it)',
    input: 'FROM a\nRUN apt-get update && \\\n      apt-get install -y curl\n',
    expected: 'FROM a\nRUN apt-get update && \\\n      apt-get install -y curl\n',
  },
  { name: 'blanks after a continuation marker', input: 'FROM a\nRUN echo a && \\   \n  echo b\n', expected: 'FROM a\nRUN echo a && \\\n  echo b\n' },
  {
    name: 'comment and blank lines inside a continuation: trailing blanks only',
    input: 'FROM a\nRUN echo a && \\\n    # why   \n   \n  echo b\n',
    expected: 'FROM a\nRUN echo a && \\\n    # why\n\n  echo b\n',
  },
  { name: 'comments and blank lines lose trailing blanks only', input: '# top   \n  # indented\t\n   \nFROM a\n', expected: '# top\n  # indented\n\nFROM a\n' },
  {
    name: 'heredoc bodies are untouched',
    input: 'FROM a\nrun  <<EOF  \n  echo hi   \n\t\nEOF\ncopy  <<-EOT  /x\n\tbody  \n\tEOT\n',
    expected: 'FROM a\nRUN <<EOF\n  echo hi   \n\t\nEOF\nCOPY <<-EOT /x\n\tbody  \n\tEOT\n',
  },
  {
    name: 'directives stay as written',
    input: '# syntax=docker/dockerfile:1   \n#  check = skip=all \nfrom a\n',
    expected: '# syntax=docker/dockerfile:1   \n#  check = skip=all \nFROM a\n',
  },
  {
    name: 'the escape directive: backtick continuations, backslashes are text',
    input: '# escape=`\nFROM a\nCOPY  C:\\src\\   `   \n      C:\\dst\\\n',
    expected: '# escape=`\nFROM a\nCOPY C:\\src\\ `\n    C:\\dst\\\n',
  },
  { name: 'CRLF stays CRLF', input: 'from a\r\ncopy  a \\  \r\n   b   \r\n\r\n# c  \r\n', expected: 'FROM a\r\nCOPY a \\\r\n    b\r\n\r\n# c\r\n' },
  { name: 'a file without a final newline', input: 'from a', expected: 'FROM a' },
  { name: 'a byte order mark stays', input: '\ufeff  from a\n', expected: '\ufeffFROM a\n' },
  { name: 'lower case', input: 'FROM a AS b\nCOPY a b\n', expected: 'from a as b\ncopy a b\n', options: { keywordCase: 'lower' } },
  { name: 'preserved case', input: 'From a as b\nCopy  a b\n', expected: 'From a as b\nCopy a b\n', options: { keywordCase: 'preserve' } },
  { name: 'indent width', input: 'FROM a\nCOPY a \\\n b\n', expected: 'FROM a\nCOPY a \\\n  b\n', options: { indent: 2 } },
  {
    name: 'aligned indentation: under the first word after the keyword',
    input: 'FROM a\nLABEL a=b \\\n  c=d\ncopy --from=x \\\n a \\\n /b/\nENV A=1 \\\n        B=2\n',
    expected: 'FROM a\nLABEL a=b \\\n      c=d\nCOPY --from=x \\\n     a \\\n     /b/\nENV A=1 \\\n    B=2\n',
    options: { indent: 'align' },
  },
  {
    name: 'aligned indentation of a wrapped RUN chain',
    input: `FROM a\nRUN ${'echo one && '.repeat(8)}echo done\n`,
    expected: `FROM a\nRUN ${'echo one && \\\n    '.repeat(8)}echo done\n`,
    options: { indent: 'align', wrapRunChains: true, lineWidth: 90 },
  },
];

const MORE_DEFAULTS: readonly Case[] = [
  {
    name: 'metadata keywords, pairs and JSON',
    input: 'FROM a\nenv  A=1   B="x  y"\nlabel a=b  \ncmd [ "x" ,"y"]\nexpose  80   443\nworkdir  /app\n',
    expected: 'FROM a\nENV A=1 B="x  y"\nLABEL a=b\nCMD ["x", "y"]\nEXPOSE 80 443\nWORKDIR /app\n',
  },
  {
    name: 'ENV and LABEL continuations',
    input: 'FROM a\nLABEL a=b \\\n      c=d   \\\n  e="f \\\n   g"\n',
    expected: 'FROM a\nLABEL a=b \\\n    c=d \\\n    e="f \\\n   g"\n',
  },
  { name: 'the legacy ENV form keeps its value', input: 'FROM a\nENV  K   v  w\n', expected: 'FROM a\nENV K v  w\n' },
  {
    // The value's later lines cannot move (their indentation is part of it), so its first line stays with them.
    name: 'a legacy ENV value written as an indented block keeps its first line in the block',
    input: 'FROM a\nENV DEPS \\\n\t\tautoconf \\\n\t\tfile\n',
    expected: 'FROM a\nENV DEPS \\\n\t\tautoconf \\\n\t\tfile\n',
  },
  {
    name: 'a RUN command starting on its own line keeps its block indentation, nested lines included',
    input: 'FROM a\nRUN   \\\n\tif a; then \\\n\t\techo; \\\n\tfi\n',
    expected: 'FROM a\nRUN \\\n\tif a; then \\\n\t\techo; \\\n\tfi\n',
  },
  {
    name: 'a RUN written as one block, flags on lines of their own included, keeps its indentation',
    input: 'FROM a\nRUN --mount=type=bind,target=. \\\n  --mount=type=cache,target=/root/.cache \\\n  go test ./... && \\\n  go tool cover\n',
    expected: 'FROM a\nRUN --mount=type=bind,target=. \\\n  --mount=type=cache,target=/root/.cache \\\n  go test ./... && \\\n  go tool cover\n',
  },
  {
    name: 'flags on lines of their own before a one-line command are indented as configured',
    input: 'FROM a\nRUN --mount=type=bind,target=. \\\n  --mount=type=cache,target=/root/.cache \\\n  go test ./...\n',
    expected: 'FROM a\nRUN --mount=type=bind,target=. \\\n    --mount=type=cache,target=/root/.cache \\\n    go test ./...\n',
  },
  {
    name: 'a command on one line, or one whose lines are not a block under its first, is indented as configured',
    input: 'FROM a\nRUN \\\n  echo one\nRUN \\\n      echo \\\n  two\n',
    expected: 'FROM a\nRUN \\\n    echo one\nRUN \\\n    echo \\\n  two\n',
  },
  { name: 'RUN flags and exec form', input: 'FROM a\nRUN  --network=none   ["a" ,  "b"]  \n', expected: 'FROM a\nRUN --network=none ["a", "b"]\n' },
  {
    name: 'shell commands keep their inner white space',
    input: 'FROM a\nRUN  echo  "a  b" && \\\n      ls  \n',
    expected: 'FROM a\nRUN echo  "a  b" && \\\n      ls\n',
  },
  { name: 'HEALTHCHECK', input: 'FROM a\nhealthcheck  --interval=5s   CMD  curl  x\n', expected: 'FROM a\nHEALTHCHECK --interval=5s CMD curl  x\n' },
  // The classic builder commits `ONBUILD <trigger as written>`, so only the keyword and the blanks after it change.
  { name: 'ONBUILD keeps its trigger as written', input: 'FROM a\nonbuild  run  ["a","b"]  \n', expected: 'FROM a\nONBUILD run  ["a","b"]  \n' },
  { name: 'a JSON array split over lines', input: 'FROM a\nCMD ["a",\\\n  "b"]\n', expected: 'FROM a\nCMD ["a", \\\n    "b"]\n' },
];

/** With podman's keys kept: lines podman records as written keep their keyword case and spacing. */
const PODMAN_CASES: readonly Case[] = [
  {
    name: 'RUN keeps its spacing and trailing blanks (podman keys the line after `RUN ` as written)',
    input: 'FROM a\nrun  --network=none   make  \n',
    expected: 'FROM a\nRUN  --network=none   make  \n',
  },
  {
    name: 'metadata instructions keep keyword and spacing',
    input: 'FROM a\nenv  A=1   B=2\nLABEL a=b  \nCMD [ "x" ]\n',
    expected: 'FROM a\nenv  A=1   B=2\nLABEL a=b  \nCMD [ "x" ]\n',
  },
  {
    name: 'FROM, COPY, ADD and ARG are laid out as usual',
    input: 'from a  as b\ncopy  x  /y\nadd [ "u","/v" ]\narg  Z=1\n',
    expected: 'FROM a AS b\nCOPY x /y\nADD ["u", "/v"]\nARG Z=1\n',
  },
  {
    name: 'heredoc lines of RUN stay as written',
    input: 'FROM a\nrun  <<EOF  \n  echo hi   \nEOF\n',
    expected: 'FROM a\nRUN  <<EOF  \n  echo hi   \nEOF\n',
  },
];

describe('format', () => {
  it.each([...DEFAULTS, ...MORE_DEFAULTS])('$name', ({ input, expected, options }) => {
    expect(format(input, options)).toBe(expected);
  });

  describe('keeping podman\'s keys too', () => {
    it.each(PODMAN_CASES)('$name', ({ input, expected }) => {
      expect(format(input, WITH_PODMAN)).toBe(expected);
    });
  });

  it('is idempotent on every case', () => {
    for (const { input, options } of [...DEFAULTS, ...MORE_DEFAULTS, ...PODMAN_CASES.map((c) => ({ ...c, options: WITH_PODMAN }))]) {
      const once = format(input, options);
      expect(format(once, options)).toBe(once);
    }
  });

  it('cuts long runs of trailing blanks, and leaves long runs inside a line, at once (a pattern once took seconds)', () => {
    const blanks = ' \t\r'.repeat(20_000); // 60,000 characters, under BuildKit's line limit
    expect(formatDockerfile(`FROM a\n# note${blanks} \nRUN x \\\n  # inside${blanks} \n  && y\n`).text).toBe('FROM a\n# note\nRUN x \\\n  # inside\n  && y\n');
    // Blanks that do not end the line stay: the pattern was tried from each of them.
    const inner = `FROM a\n# note${blanks}x\nRUN x \\\n  # inside${blanks}x\n  && y\n`;
    expect(formatDockerfile(inner)).toMatchObject({ text: inner, changed: false });
    // Carriage returns inside a command: its lines are compared without them, by a loop (a split on `/\r*\n/` took
    // seconds).
    const returns = `FROM a\nRUN apt-get install ${'\r'.repeat(40_000)} x\n`;
    expect(formatDockerfile(returns)).toMatchObject({ text: returns, changed: false });
  });

  it('reports whether the text changed and returns it unchanged when nothing is to do', () => {
    const formatted = 'FROM a\nRUN echo hi\n';
    expect(formatDockerfile(formatted)).toEqual({ text: formatted, changed: false, refused: false, diagnostics: [] });
    expect(formatDockerfile('from a\n').changed).toBe(true);
  });

  it('is lossless on arbitrary text it does not change, and never throws', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('F', 'R', 'O', 'M', ' ', '\t', '\n', '\r', '\\', '`', '#', '"', '[', ']', ',', '<', '=', 'a', '-') }), (text) => {
        const result = formatDockerfile(text, { allowErrors: true });
        expect(typeof result.text).toBe('string');
        if (!result.changed) expect(result.text).toBe(text);
        expect(formatDockerfile(result.text, { allowErrors: true }).text).toBe(result.text);
      }),
      { numRuns: 500 },
    );
  });
});

describe('parse errors', () => {
  const broken = 'from a\nCOPY  onlyone\nrun  echo  \n';

  it('refuses the file: same text, the diagnostics, and format() throws FormatError', () => {
    const result = formatDockerfile(broken);
    expect(result).toMatchObject({ text: broken, changed: false, refused: true });
    expect(result.diagnostics.some((d) => d.severity === 'error' && d.range.start.line === 1)).toBe(true);
    expect(() => format(broken)).toThrow(FormatError);
    try {
      format(broken);
    } catch (error) {
      expect((error as FormatError).diagnostics).toEqual(result.diagnostics);
      expect((error as FormatError).message).toContain('2:7');
    }
  });

  it('warnings do not refuse', () => {
    const result = formatDockerfile('FROM a\nCOPY a \\\n\n b\n');
    expect(result.diagnostics.map((d) => d.severity)).toEqual(['warning']);
    expect(result.refused).toBe(false);
  });

  it('with allowErrors formats around the instructions with errors, which stay byte for byte', () => {
    expect(format(broken, { allowErrors: true })).toBe('FROM a\nCOPY  onlyone\nRUN echo\n');
  });
});

describe('lines: range formatting', () => {
  const text = 'from a\ncopy  a  b\n# c   \ncopy  c \\\n   d\nworkdir /\n';

  it('formats only the instructions overlapping the span, and blank or comment lines inside it', () => {
    expect(format(text, { lines: { start: 1, end: 2 } })).toBe('from a\nCOPY a b\n# c\ncopy  c \\\n   d\nworkdir /\n');
  });

  it('takes an instruction whose continuation line is in the span', () => {
    expect(format(text, { lines: { start: 4, end: 4 } })).toBe('from a\ncopy  a  b\n# c   \nCOPY c \\\n    d\nworkdir /\n');
  });

  it('an empty span changes nothing', () => {
    expect(format(text, { lines: { start: 40, end: 50 } })).toBe(text);
  });
});
