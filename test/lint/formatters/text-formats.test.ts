import { describe, expect, it } from 'vitest';
import { LineTable } from '../../../src/parser/index.js';
import { FORMAT_NAMES, formatters, type FileFindings } from '../../../src/lint/formatters/index.js';
import { escapeData, escapeProperty } from '../../../src/lint/formatters/github.js';
import { RESULTS, SOURCE, info, untagged } from './fixtures.js';

describe('json', () => {
  it("writes hadolint's shape: one array over all files, sorted keys, 1-based positions, no newline", () => {
    expect(formatters.json(RESULTS)).toBe(
      String.raw`[{"code":"DL3006","column":6,"file":"Dockerfile","level":"warning","line":1,"message":"Always tag the version of an image explicitly"},{"code":"DL3000","column":9,"file":"Dockerfile","level":"error","line":2,"message":"Use absolute WORKDIR"},{"code":"SC2086","column":1,"file":"Dockerfile","level":"style","line":3,"message":"Quote <this> & \"that\", a:b\n100%"},{"code":"DL3059","column":1,"file":"Dockerfile","level":"info","line":3,"message":"Multiple consecutive RUN instructions"},{"code":"DL1000","column":1,"file":"sub dir/Dockerfile.dev","level":"error","line":2,"message":"unknown instruction: RUNN"}]`,
    );
  });

  it('writes [] when nothing was found', () => {
    expect(formatters.json([])).toBe('[]');
    expect(formatters.json([{ file: 'Dockerfile', findings: [] }])).toBe('[]');
  });

  it('ignores --file-path-in-report, as hadolint does', () => {
    const parsed = JSON.parse(formatters.json(RESULTS, { filePathInReport: 'x/Dockerfile' })) as Array<{ file: string }>;
    expect(parsed.map((entry) => entry.file)).toContain('Dockerfile');
  });
});

describe('gnu', () => {
  it("writes hadolint's program:file:line: CODE severity: message lines, parse errors with their column", () => {
    expect(formatters.gnu(RESULTS)).toBe(
      [
        'dfkit:Dockerfile:1: DL3006 warning: Always tag the version of an image explicitly',
        'dfkit:Dockerfile:2: DL3000 error: Use absolute WORKDIR',
        'dfkit:Dockerfile:3: SC2086 style: Quote <this> & "that", a:b 100%',
        'dfkit:Dockerfile:3: DL3059 info: Multiple consecutive RUN instructions',
        'dfkit:sub dir/Dockerfile.dev:2:1: unknown instruction: RUNN',
        '',
      ].join('\n'),
    );
  });

  it("writes the instruction's first line, or the token's with exact positions", () => {
    const onSecondLine = { ...info, instructionLine: 3, range: new LineTable(SOURCE).range(SOURCE.indexOf('&&'), SOURCE.indexOf('&&') + 2) };
    const results = [{ file: 'Dockerfile', findings: [onSecondLine], source: SOURCE }];
    expect(formatters.gnu(results)).toBe('dfkit:Dockerfile:3: DL3059 info: Multiple consecutive RUN instructions\n');
    expect(formatters.gnu(results, { positions: 'exact' })).toBe('dfkit:Dockerfile:4: DL3059 info: Multiple consecutive RUN instructions\n');
  });
});

describe('github', () => {
  it('writes one workflow command per finding, notices for info and style', () => {
    expect(formatters.github(RESULTS)).toBe(
      [
        '::warning file=Dockerfile,line=1,col=6,endLine=1,endColumn=10,title=DL3006::Always tag the version of an image explicitly',
        '::error file=Dockerfile,line=2,col=9,endLine=2,endColumn=12,title=DL3000::Use absolute WORKDIR',
        // Columns are left out when the range spans lines; GitHub refuses them there.
        '::notice file=Dockerfile,line=3,endLine=4,title=SC2086::Quote <this> & "that", a:b%0A100%25',
        '::notice file=Dockerfile,line=3,col=1,endLine=3,endColumn=4,title=DL3059::Multiple consecutive RUN instructions',
        '::error file=sub dir/Dockerfile.dev,line=2,col=1,endLine=2,endColumn=5,title=DL1000::unknown instruction: RUNN',
        '',
      ].join('\n'),
    );
  });

  it("escapes %, CR and LF in messages, and also , and : in properties", () => {
    expect(escapeData('50% done\r\nnext: a,b')).toBe('50%25 done%0D%0Anext: a,b');
    expect(escapeProperty('C:\\a,b%\n')).toBe('C%3A\\a%2Cb%25%0A');
    const out = formatters.github([{ file: 'odd,name:1', findings: [{ ...untagged, code: 'A:B' }] }]);
    expect(out).toBe(
      '::warning file=odd%2Cname%3A1,line=1,col=6,endLine=1,endColumn=10,title=A%3AB::Always tag the version of an image explicitly\n',
    );
  });
});

describe('codacy', () => {
  it('concatenates one object per finding with no separator', () => {
    const out = formatters.codacy([RESULTS[0] as FileFindings].map((r) => ({ ...r, findings: r.findings.slice(0, 2) })));
    expect(out).toBe(
      '{"filename":"Dockerfile","patternId":"DL3006","message":"Always tag the version of an image explicitly","line":1}' +
        '{"filename":"Dockerfile","patternId":"DL3000","message":"Use absolute WORKDIR","line":2}',
    );
  });
});

describe('tty', () => {
  it('prints each finding with a code frame and carets under the exact range, files apart', () => {
    expect(formatters.tty(RESULTS, { noColor: true })).toBe(
      [
        'Dockerfile:1 DL3006 warning: Always tag the version of an image explicitly',
        '  1 | FROM node',
        '    |      ^^^^',
        'Dockerfile:2 DL3000 error: Use absolute WORKDIR',
        '  2 | WORKDIR app',
        '    |         ^^^',
        'Dockerfile:3 SC2086 style: Quote <this> & "that", a:b',
        '    100%',
        '  3 | RUN echo "a,b" \\',
        '    | ^^^^^^^^^^^^^^^^',
        'Dockerfile:3 DL3059 info: Multiple consecutive RUN instructions',
        '  3 | RUN echo "a,b" \\',
        '    | ^^^',
        '',
        'sub dir/Dockerfile.dev:2 DL1000 error: unknown instruction: RUNN',
        '  2 | RUNN x',
        '    | ^^^^',
        '',
      ].join('\n'),
    );
  });

  it('colours severities the way hadolint does unless noColor', () => {
    const out = formatters.tty(RESULTS);
    expect(out).toContain('\u001b[1m\u001b[93mwarning\u001b[0m');
    expect(out).toContain('\u001b[1m\u001b[91merror\u001b[0m');
    expect(out).toContain('\u001b[92minfo\u001b[0m');
    expect(out).toContain('\u001b[96mstyle\u001b[0m');
    expect(out).toContain('\u001b[1m\u001b[91m^^^\u001b[0m');
    expect(formatters.tty(RESULTS, { noColor: true })).not.toContain('\u001b');
  });

  it("starts each finding with hadolint's line, which problem matchers written for hadolint read", () => {
    // The shape hadolint-action's problem matcher expects: file:line, the code, then the severity, which may be
    // wrapped in escape sequences of the form ESC [ digits m.
    const hadolintLine = /^(.*):(\d+) ((?:DL|SC)\d+) (?:\u001b\[\d+m)*(style|info|warning|error)(?:\u001b\[\d+m)?: (.*)$/;
    for (const noColor of [true, false]) {
      const matched = formatters
        .tty(RESULTS, { noColor })
        .split('\n')
        .map((line) => hadolintLine.exec(line)?.slice(1, 5))
        .filter((groups) => groups !== undefined);
      expect(matched).toEqual([
        ['Dockerfile', '1', 'DL3006', 'warning'],
        ['Dockerfile', '2', 'DL3000', 'error'],
        ['Dockerfile', '3', 'SC2086', 'style'],
        ['Dockerfile', '3', 'DL3059', 'info'],
        ['sub dir/Dockerfile.dev', '2', 'DL1000', 'error'],
      ]);
    }
  });

  it('keeps tabs in the caret padding, pads the gutter, and marks empty ranges with one caret', () => {
    const text = '\tWORKDIR  app\n'.repeat(10);
    const lines = new LineTable(text);
    const start = text.lastIndexOf('app');
    const out = formatters.tty(
      [
        {
          file: 'D',
          findings: [
            { ...untagged, range: lines.range(start, start + 3) },
            { ...untagged, range: lines.range(1, 1) },
          ],
          source: text,
        },
      ],
      { noColor: true },
    );
    expect(out).toBe(
      [
        'D:10 DL3006 warning: Always tag the version of an image explicitly',
        '  10 | \tWORKDIR  app',
        '     | \t         ^^^',
        'D:1 DL3006 warning: Always tag the version of an image explicitly',
        '   1 | \tWORKDIR  app',
        '     | \t^',
        '',
      ].join('\n'),
    );
  });

  it('shows a long line cut around the range, the cuts marked', () => {
    const text = `RUN echo ${'a'.repeat(300)} && apt-get install curl && echo ${'b'.repeat(300)}\n`;
    const lines = new LineTable(text);
    const frame = (start: number, end: number): string[] =>
      formatters
        .tty([{ file: 'D', findings: [{ ...untagged, range: lines.range(start, end) }], source: text }], { noColor: true })
        .split('\n')
        .slice(1, 3);
    // In the middle: 40 characters before the range, 160 shown in all.
    const at = text.indexOf('apt-get');
    const [shown, carets] = frame(at, at + 'apt-get install curl'.length);
    expect(shown).toBe(`  1 | …${'a'.repeat(36)} && apt-get install curl && echo ${'b'.repeat(160 - 40 - 20 - 9)}…`);
    expect(carets).toBe(`    | ${' '.repeat(41)}${'^'.repeat(20)}`);
    // Near the start: no cut before; a range longer than what is shown is underlined to the cut.
    const [start, underline] = frame(4, text.length - 1);
    expect(start).toBe(`  1 | RUN echo ${'a'.repeat(151)}…`);
    expect(underline).toBe(`    |     ${'^'.repeat(156)}`);
    // At the very end of the line.
    const [end, last] = frame(text.length - 1, text.length - 1);
    expect(end).toBe(`  1 | …${'b'.repeat(160)}`);
    expect(last).toBe(`    | ${' '.repeat(161)}^`);
  });

  it('prints the location line alone when the source is unknown, and nothing for a clean run', () => {
    expect(formatters.tty([{ file: 'D', findings: [untagged] }], { noColor: true })).toBe(
      'D:1 DL3006 warning: Always tag the version of an image explicitly\n',
    );
    expect(formatters.tty([{ file: 'D', findings: [] }])).toBe('');
  });
});

describe('registry', () => {
  it("has a formatter for every format name, hadolint's and ours", () => {
    expect(Object.keys(formatters).sort()).toEqual([...FORMAT_NAMES].sort());
    for (const name of ['tty', 'json', 'checkstyle', 'codeclimate', 'gitlab_codeclimate', 'gnu', 'codacy', 'sonarqube', 'sarif', 'junit']) {
      expect(FORMAT_NAMES).toContain(name);
    }
  });

  it.each(FORMAT_NAMES)('%s renders an empty run without throwing', (name) => {
    expect(typeof formatters[name]([])).toBe('string');
    expect(typeof formatters[name]([{ file: 'Dockerfile', findings: [] }])).toBe('string');
  });
});
