/**
 * `dfkit fmt` in-process with a recording IO, on real files in temporary folders: printing, --check, --write,
 * standard input, refusal, options and usage errors.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, chmodSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCommand } from './recording-io.js';

const work = mkdtempSync(join(tmpdir(), 'dfkit-fmt-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const SLOPPY = 'from alpine:3.20\ncopy  a.txt   /a/  \n';
const TIDY = 'FROM alpine:3.20\nCOPY a.txt /a/\n';
const BROKEN = 'FROM alpine\nCOPY  onlyone\n';

function run(args: string[], options: { cwd?: string; stdin?: string } = {}) {
  return runCommand(['fmt', ...args], { cwd: options.cwd ?? work, home: work, env: {}, ...(options.stdin !== undefined ? { stdin: options.stdin } : {}) });
}

/** A fresh folder holding the given files. */
function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(work, 'case-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

describe('dfkit fmt', () => {
  it('prints the formatted text of one file and leaves the file alone', async () => {
    const dir = folder({ Dockerfile: SLOPPY });
    expect(await run([join(dir, 'Dockerfile')])).toEqual({ code: 0, stdout: TIDY, stderr: '' });
    expect(readFileSync(join(dir, 'Dockerfile'), 'utf8')).toBe(SLOPPY);
  });

  it('formats standard input to standard output', async () => {
    expect(await run(['-'], { stdin: SLOPPY })).toEqual({ code: 0, stdout: TIDY, stderr: '' });
    expect(await run(['-', '--write'], { stdin: SLOPPY })).toEqual({ code: 0, stdout: TIDY, stderr: '' });
  });

  it('--check exits 1 with a diff and the files to format, 0 when all are formatted', async () => {
    const dir = folder({ Dockerfile: SLOPPY, 'svc/Containerfile': TIDY });
    const result = await run(['--check', '.'], { cwd: dir });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('--- a/Dockerfile\n+++ b/Dockerfile\n');
    expect(result.stdout).toContain('-copy  a.txt   /a/  \n');
    expect(result.stdout).toContain('+COPY a.txt /a/\n');
    expect(result.stdout).not.toContain('Containerfile');
    expect(result.stderr).toContain('dfkit: Dockerfile: not formatted\n');
    expect(result.stderr).toContain('1 of 2 Dockerfiles would be reformatted');
    expect(readFileSync(join(dir, 'Dockerfile'), 'utf8')).toBe(SLOPPY);
    expect(await run(['--check', join(dir, 'svc')])).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  it('--write rewrites only the files that change, keeping their mode, and leaves no temporary file', async () => {
    const dir = folder({ Dockerfile: SLOPPY, 'svc/Dockerfile': TIDY });
    chmodSync(join(dir, 'Dockerfile'), 0o640);
    const before = statSync(join(dir, 'svc/Dockerfile')).mtimeMs;
    const result = await run(['--write', dir]);
    expect(result).toEqual({ code: 0, stdout: `formatted ${join(dir, 'Dockerfile')}\n`, stderr: '' });
    expect(readFileSync(join(dir, 'Dockerfile'), 'utf8')).toBe(TIDY);
    expect(statSync(join(dir, 'Dockerfile')).mode & 0o777).toBe(0o640);
    expect(statSync(join(dir, 'svc/Dockerfile')).mtimeMs).toBe(before);
    expect(readdirSync(dir).sort()).toEqual(['Dockerfile', 'svc']);
    expect(await run(['--check', dir])).toMatchObject({ code: 0 });
  });

  it('refuses a file with parse errors: file:line:col on stderr, exit 2, the file untouched', async () => {
    const dir = folder({ Dockerfile: BROKEN, 'ok/Dockerfile': SLOPPY });
    const result = await run(['--write', '.'], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('dfkit: Dockerfile:2:7: cannot format a Dockerfile with parse errors: COPY requires at least two arguments');
    expect(readFileSync(join(dir, 'Dockerfile'), 'utf8')).toBe(BROKEN);
    // The other file is still formatted.
    expect(readFileSync(join(dir, 'ok/Dockerfile'), 'utf8')).toBe(TIDY);
    expect((await run(['-'], { stdin: BROKEN })).code).toBe(2);
  });

  it('--allow-errors formats around the broken instruction', async () => {
    const result = await run(['--allow-errors', '-'], { stdin: `${BROKEN}copy  a  b\n` });
    expect(result).toEqual({ code: 0, stdout: 'FROM alpine\nCOPY  onlyone\nCOPY a b\n', stderr: '' });
  });

  it('passes the layout options through', async () => {
    const text = 'FROM a\nenv  A=1 \\\n  B=2\n';
    expect((await run(['-', '--indent', '2', '--keyword-case', 'lower'], { stdin: text })).stdout).toBe('from a\nenv A=1 \\\n  B=2\n');
    // With podman's keys kept, the ENV line stays as written: podman records it so.
    expect((await run(['-', '--keep-cache-keys-of', 'buildkit,classic,podman'], { stdin: text })).stdout).toBe(text);
    const long = `FROM a\nRUN ${'a'.repeat(30)} && ${'b'.repeat(30)}\n`;
    expect((await run(['-', '--wrap-run-chains', '--line-width', '40'], { stdin: long })).stdout).toBe(`FROM a\nRUN ${'a'.repeat(30)} && \\\n    ${'b'.repeat(30)}\n`);
  });

  it('usage errors exit 2', async () => {
    const dir = folder({ Dockerfile: TIDY, 'b/Dockerfile': TIDY });
    expect(await run(['--keyword-case', 'title', '-'])).toMatchObject({ code: 2, stderr: expect.stringContaining('--keyword-case title') as unknown });
    expect(await run(['--indent', 'x', '-'])).toMatchObject({ code: 2 });
    expect(await run(['--keep-cache-keys-of', 'kaniko', '-'])).toMatchObject({ code: 2, stderr: expect.stringContaining("unknown builder 'kaniko'") as unknown });
    expect(await run(['--check', '--write', '-'])).toMatchObject({ code: 2 });
    expect(await run(['--bogus'])).toMatchObject({ code: 2 });
    expect(await run([dir])).toMatchObject({ code: 2, stderr: expect.stringContaining('use --check or --write') as unknown });
    expect(await run([join(dir, 'missing')])).toMatchObject({ code: 2, stderr: expect.stringContaining("cannot read '") as unknown });
    expect(await run([join(dir, 'b'), join(dir, 'nothing-here')])).toMatchObject({ code: 2 });
  });

  it('prints its help', async () => {
    const result = await run(['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Usage: dfkit fmt');
    expect((await runCommand(['--help'], { cwd: work })).stdout).toContain('fmt [paths…|-]');
  });
});
