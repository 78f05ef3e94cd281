/**
 * `unifiedDiff` against the tools that read it: every diff must pass `git apply --check` (and `patch -p1
 * --dry-run` where `patch` is installed), and applying it must give the new text byte for byte — CRLF lines,
 * missing final newlines, empty files and large files included. A property test checks random texts with a
 * strict in-test applier and with git, and that the diff changes no more lines than needed.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { patchPath, unifiedDiff } from '../../src/cli/diff.js';
import { runCommand } from './recording-io.js';

const work = mkdtempSync(join(tmpdir(), 'dfkit-diff-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const HAS_PATCH = spawnSync('which', ['patch'], { stdio: 'ignore' }).status === 0;
const FILE = 'Dockerfile';

/** The text of `before` patched by `git apply`, in a fresh repository. */
function applyWithGit(before: string, diff: string): string {
  const repo = mkdtempSync(join(work, 'git-'));
  try {
    const git = (args: readonly string[], input = '') =>
      execFileSync('git', ['-c', 'core.autocrlf=false', ...args], { cwd: repo, input, stdio: ['pipe', 'pipe', 'pipe'] });
    git(['init', '--quiet']);
    writeFileSync(join(repo, FILE), before);
    git(['apply', '--check', '--whitespace=nowarn', '-'], diff);
    git(['apply', '--whitespace=nowarn', '-'], diff);
    return readFileSync(join(repo, FILE), 'utf8');
  } finally {
    rmSync(repo, { recursive: true, force: true });
  }
}

/** The text of `before` patched by `patch -p1`. */
function applyWithPatch(before: string, diff: string): string {
  const folder = mkdtempSync(join(work, 'patch-'));
  try {
    writeFileSync(join(folder, FILE), before);
    const patch = (...args: string[]) =>
      execFileSync('patch', ['-p1', '--batch', '--silent', '--no-backup-if-mismatch', ...args], { cwd: folder, input: diff, stdio: ['pipe', 'pipe', 'pipe'] });
    patch('--dry-run');
    patch();
    return readFileSync(join(folder, FILE), 'utf8');
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

/** Lines with their terminators, as the diff counts them. */
function linesOf(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

/**
 * Applies a diff strictly: hunks in order, at exactly the line their header names (the line before for an
 * empty side), every context and removed line equal to the old text, counts equal to the header's.
 */
function applyStrictly(before: string, diff: string): string {
  const check = (holds: boolean, problem: () => string): void => {
    if (!holds) throw new Error(`${problem()} in\n${diff}`);
  };
  const old = linesOf(before);
  const rows = diff.split('\n');
  check(rows.pop() === '', () => 'no newline at the end');
  check(rows[0] === `--- a/${FILE}` && rows[1] === `+++ b/${FILE}`, () => 'no file header');
  const result: string[] = [];
  let position = 0;
  let row = 2;
  while (row < rows.length) {
    const header = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@$/.exec(rows[row]!);
    check(header !== null, () => `not a hunk header: ${rows[row]}`);
    const [, oldFrom, oldLength, newFrom, newLength] = header!;
    const oldCount = oldLength === undefined ? 1 : Number(oldLength);
    const newCount = newLength === undefined ? 1 : Number(newLength);
    const oldStart = Number(oldFrom) - (oldCount === 0 ? 0 : 1);
    const newStart = Number(newFrom) - (newCount === 0 ? 0 : 1);
    check(oldStart >= position && oldStart <= old.length, () => `hunk out of order or place: ${rows[row]}`);
    while (position < oldStart) result.push(old[position++]!);
    check(newStart === result.length, () => `new start ${newStart} where the result has ${result.length} lines`);
    let oldSeen = 0;
    let newSeen = 0;
    for (row++; row < rows.length && !rows[row]!.startsWith('@@'); row++) {
      const marker = rows[row]![0];
      let line = `${rows[row]!.slice(1)}\n`;
      if (rows[row + 1]?.startsWith('\\')) {
        check(rows[++row] === '\\ No newline at end of file', () => `unknown note ${rows[row]}`);
        line = line.slice(0, -1);
      }
      if (marker === ' ' || marker === '-') {
        check(old[position] === line, () => `old line ${position + 1} is ${JSON.stringify(old[position])}, not ${JSON.stringify(line)}`);
        position++;
        oldSeen++;
      }
      if (marker === ' ' || marker === '+') {
        result.push(line);
        newSeen++;
      }
      check(marker === ' ' || marker === '-' || marker === '+', () => `not a diff line: ${rows[row]}`);
    }
    check(oldSeen === oldCount && newSeen === newCount, () => `counts ${oldSeen},${newSeen} under ${oldCount},${newCount}`);
  }
  while (position < old.length) result.push(old[position++]!);
  return result.join('');
}

/** The fewest lines a diff can remove and add: both lengths less twice the longest common subsequence. */
function fewestChanges(before: readonly string[], after: readonly string[]): number {
  let previous = new Array<number>(after.length + 1).fill(0);
  for (const line of before) {
    const current = [0];
    for (let j = 0; j < after.length; j++) current.push(line === after[j] ? previous[j]! + 1 : Math.max(previous[j + 1]!, current[j]!));
    previous = current;
  }
  return before.length + after.length - 2 * previous[after.length]!;
}

function changedLines(diff: string): number {
  return diff.split('\n').filter((row) => /^[-+]/.test(row) && !row.startsWith('--- a/') && !row.startsWith('+++ b/')).length;
}

const lines = (count: number, line = (n: number) => `RUN step ${n}`): string => Array.from({ length: count }, (_, i) => `${line(i + 1)}\n`).join('');
const TWENTY = lines(20);
const edit = (text: string, replace: Readonly<Record<number, string>>): string =>
  linesOf(text).map((line, i) => replace[i + 1] ?? line).join('');

interface Case {
  readonly name: string;
  readonly before: string;
  readonly after: string;
  /** How many hunks the diff holds, where the case is about hunk grouping. */
  readonly hunks?: number;
}

const CASES: readonly Case[] = [
  { name: 'a line changed in the middle', before: TWENTY, after: edit(TWENTY, { 10: 'RUN changed\n' }), hunks: 1 },
  { name: 'lines inserted at the start', before: TWENTY, after: `FROM alpine:3.20\nARG V=1\n${TWENTY}` },
  { name: 'lines inserted at the end', before: TWENTY, after: `${TWENTY}CMD ["run"]\nUSER app\n` },
  { name: 'everything deleted', before: TWENTY, after: '' },
  { name: 'an empty file filled', before: '', after: 'FROM alpine\nRUN x\n' },
  { name: 'the final newline added', before: 'FROM alpine\nRUN x', after: 'FROM alpine\nRUN x\n' },
  { name: 'the final newline removed', before: 'FROM alpine\nRUN x\n', after: 'FROM alpine\nRUN x' },
  { name: 'no final newline on either side, last line changed', before: 'FROM alpine\nRUN x', after: 'FROM alpine\nRUN y' },
  { name: 'no final newline on either side, last line kept as context', before: 'FROM alpine\nRUN x\nRUN y', after: 'FROM debian\nRUN x\nRUN y' },
  { name: 'a one-line file without newline replaced', before: 'FROM a', after: 'FROM b' },
  { name: 'an empty file from one without newline', before: 'FROM a', after: '' },
  { name: 'a file without newline from an empty one', before: '', after: 'FROM a' },
  { name: 'lines appended after a last line without newline', before: 'FROM a\nRUN x', after: 'FROM a\nRUN x\nRUN y\n' },
  { name: 'CRLF lines changed', before: 'FROM a\r\nRUN x\r\nRUN y\r\n', after: 'FROM a\r\nRUN z\r\nRUN y\r\n' },
  { name: 'CRLF lines turned into LF', before: 'FROM a\r\nRUN x\r\n', after: 'FROM a\nRUN x\n' },
  { name: 'CRLF without a final newline', before: 'FROM a\r\nRUN x\r', after: 'FROM a\r\nRUN y\r' },
  { name: 'blank lines inserted among blank lines', before: 'FROM a\n\n\nRUN x\n', after: 'FROM a\n\n\n\n\nRUN x\n' },
  { name: 'two changes six unchanged lines apart share a hunk', before: TWENTY, after: edit(TWENTY, { 5: 'RUN a\n', 12: 'RUN b\n' }), hunks: 1 },
  { name: 'two changes seven unchanged lines apart get two hunks', before: TWENTY, after: edit(TWENTY, { 5: 'RUN a\n', 13: 'RUN b\n' }), hunks: 2 },
  {
    name: 'changes far apart, a deletion and an insertion among them',
    before: lines(200),
    after: edit(lines(200), { 3: 'RUN a\n', 60: '', 61: 'RUN inserted\nRUN step 61\n', 198: 'RUN b\n' }),
    hunks: 3,
  },
  {
    name: 'a large file with three small edits',
    before: lines(50_000),
    after: edit(lines(50_000), { 7: 'RUN first\n', 25_000: 'RUN middle\nRUN step 25000\n', 49_990: '' }),
    hunks: 3,
  },
  { name: 'a large file with every line rewritten', before: lines(20_000), after: lines(20_000, (n) => `RUN other ${n}`), hunks: 1 },
];

describe('unifiedDiff', () => {
  it('is empty for equal texts', () => {
    expect(unifiedDiff(FILE, 'FROM a\n', 'FROM a\n')).toBe('');
    expect(unifiedDiff(FILE, '', '')).toBe('');
  });

  it('numbers an empty side of a hunk by the line before it', () => {
    expect(unifiedDiff(FILE, '', 'a\nb\n')).toBe(`--- a/${FILE}\n+++ b/${FILE}\n@@ -0,0 +1,2 @@\n+a\n+b\n`);
    expect(unifiedDiff(FILE, 'a\nb\n', '')).toBe(`--- a/${FILE}\n+++ b/${FILE}\n@@ -1,2 +0,0 @@\n-a\n-b\n`);
    expect(unifiedDiff(FILE, lines(8), edit(lines(8), { 5: 'RUN step 5\nRUN new\n' }), 0)).toBe(
      `--- a/${FILE}\n+++ b/${FILE}\n@@ -5,0 +6 @@\n+RUN new\n`,
    );
  });

  it('marks the side whose last line has no newline', () => {
    expect(unifiedDiff(FILE, 'a\nb', 'a\nb\n')).toBe(`--- a/${FILE}\n+++ b/${FILE}\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+b\n`);
    expect(unifiedDiff(FILE, 'a\nb\n', 'a\nb')).toBe(`--- a/${FILE}\n+++ b/${FILE}\n@@ -1,2 +1,2 @@\n a\n-b\n+b\n\\ No newline at end of file\n`);
    expect(unifiedDiff(FILE, 'x\nb', 'y\nb')).toBe(`--- a/${FILE}\n+++ b/${FILE}\n@@ -1,2 +1,2 @@\n-x\n+y\n b\n\\ No newline at end of file\n`);
  });

  it('keeps the carriage return of CRLF lines', () => {
    expect(unifiedDiff(FILE, 'a\r\nb\r\n', 'a\r\nc\r\n')).toBe(`--- a/${FILE}\n+++ b/${FILE}\n@@ -1,2 +1,2 @@\n a\r\n-b\r\n+c\r\n`);
  });

  describe.each(CASES)('$name', ({ before, after, hunks }) => {
    const diff = unifiedDiff(FILE, before, after);

    it('applies exactly', () => {
      expect(applyStrictly(before, diff)).toBe(after);
      expect(changedLines(diff)).toBeLessThanOrEqual(linesOf(before).length + linesOf(after).length);
      if (hunks !== undefined) expect(diff.match(/^@@ /gm)).toHaveLength(hunks);
    });

    it('applies with git apply', () => {
      expect(applyWithGit(before, diff)).toBe(after);
    });

    it.runIf(HAS_PATCH)('applies with patch -p1', () => {
      expect(applyWithPatch(before, diff)).toBe(after);
    });
  });

  const line = fc.constantFrom('FROM a', 'RUN x', 'RUN y', '', 'RUN x\r', '\r', '# note');
  const text = fc.record({ lines: fc.array(line, { maxLength: 14 }), newline: fc.boolean() }).map(({ lines: parts, newline }) => {
    const joined = parts.join('\n');
    return newline && parts.length > 0 ? `${joined}\n` : joined;
  });

  it('reproduces the new text with as few changed lines as possible (property)', () => {
    fc.assert(
      fc.property(text, text, fc.integer({ min: 0, max: 4 }), (before, after, context) => {
        const diff = unifiedDiff(FILE, before, after, context);
        if (before === after) return diff === '';
        expect(applyStrictly(before, diff)).toBe(after);
        expect(changedLines(diff)).toBe(fewestChanges(linesOf(before), linesOf(after)));
        return true;
      }),
      { numRuns: 2000 },
    );
  });

  it('gives diffs git applies (property)', () => {
    fc.assert(
      fc.property(text, text, (before, after) => {
        fc.pre(before !== after);
        expect(applyWithGit(before, unifiedDiff(FILE, before, after))).toBe(after);
      }),
      { numRuns: 40 },
    );
  });
});

describe('file names in the patch header', () => {
  it('quotes a name with a control character, quote or backslash as git does', () => {
    expect(unifiedDiff('new\nline.Dockerfile', 'a\n', 'b\n').split('\n').slice(0, 2)).toEqual([
      '--- "a/new\\nline.Dockerfile"',
      '+++ "b/new\\nline.Dockerfile"',
    ]);
    expect(unifiedDiff('x\t"y"\\\x01\x7f.Dockerfile', 'a\n', 'b\n').split('\n')[0]).toBe('--- "a/x\\t\\"y\\"\\\\\\001\\177.Dockerfile"');
    expect(unifiedDiff('sub/été.Dockerfile', 'a\n', 'b\n').split('\n')[0]).toBe('--- a/sub/été.Dockerfile');
  });

  it('lets git apply the diff of a file whose name holds a newline', async () => {
    const repo = mkdtempSync(join(work, 'newline-'));
    execFileSync('git', ['init', '--quiet'], { cwd: repo });
    writeFileSync(join(repo, 'new\nline.Dockerfile'), 'from alpine:3.20 as build\nRUN  echo hi\n');
    for (const command of [['fmt', '--check'], ['lint', '--diff']]) {
      const { stdout } = await runCommand([...command, '.'], { cwd: repo, home: repo, env: {} });
      expect(stdout.split('\n')[0], command.join(' ')).toBe('--- "a/new\\nline.Dockerfile"');
      execFileSync('git', ['apply', '--check', '-'], { cwd: repo, input: stdout, stdio: ['pipe', 'pipe', 'pipe'] });
    }
  });
});

describe('patchPath', () => {
  it('names a file relative to the folder the patch is applied from', () => {
    expect(patchPath('Dockerfile', '/srv/app')).toBe('Dockerfile');
    expect(patchPath('./sub//Dockerfile', '/srv/app')).toBe('sub/Dockerfile');
    expect(patchPath('/srv/app/sub/Dockerfile', '/srv/app')).toBe('sub/Dockerfile');
    expect(patchPath('/srv/app/sub/Dockerfile', '/srv/app/')).toBe('sub/Dockerfile');
    // Outside the folder: the absolute path without its leading slash (never `a//srv/…`).
    expect(patchPath('/srv/other/Dockerfile', '/srv/app')).toBe('srv/other/Dockerfile');
    expect(patchPath('/srv/app-2/Dockerfile', '/srv/app')).toBe('srv/app-2/Dockerfile');
    expect(patchPath('-', '/srv/app')).toBe('-');
  });

  it('lets git apply the diffs of files given by absolute paths', async () => {
    const repo = mkdtempSync(join(work, 'absolute-'));
    execFileSync('git', ['init', '--quiet'], { cwd: repo });
    const path = join(repo, 'sub', 'Dockerfile');
    const text = 'from alpine:3.20 as build\nRUN  echo hi\n';
    mkdirSync(join(repo, 'sub'));
    writeFileSync(path, text);
    for (const command of [['fmt', '--check'], ['lint', '--diff']]) {
      const { stdout } = await runCommand([...command, path], { cwd: repo, home: repo, env: {} });
      expect(stdout.split('\n')[0], command.join(' ')).toBe('--- a/sub/Dockerfile');
      execFileSync('git', ['apply', '--check', '-'], { cwd: repo, input: stdout, stdio: ['pipe', 'pipe', 'pipe'] });
    }
  });
});
