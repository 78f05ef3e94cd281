/**
 * `dfkit parse` as a user runs it: a real process, real files, exit codes and output streams.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = resolve(__dirname, '../..');
const work = mkdtempSync(join(tmpdir(), 'dfkit-cli-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function dfkit(args: string[], input?: string): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'src/cli/main.ts'), ...args], {
    cwd: root,
    input,
    encoding: 'utf8',
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function file(name: string, text: string): string {
  const path = join(work, name);
  writeFileSync(path, text);
  return path;
}

describe('dfkit parse', () => {
  it('prints the AST and no diagnostics as JSON for a valid file, exit 0', () => {
    const path = file('ok.Dockerfile', 'FROM node:20 AS build\nRUN npm ci\n');
    const { status, stdout, stderr } = dfkit(['parse', path]);
    expect(status).toBe(0);
    expect(stderr).toBe('');
    const output = JSON.parse(stdout) as { ast: { instructions: { name: string }[] }; diagnostics: unknown[] };
    expect(output.ast.instructions.map((i) => i.name)).toEqual(['FROM', 'RUN']);
    expect(output.diagnostics).toEqual([]);
  });

  it('exits 1 and reports 1-based locations when an error diagnostic exists', () => {
    const path = file('bad.Dockerfile', 'FROM alpine\n\nRUNN echo hi\n');
    const { status, stdout, stderr } = dfkit(['parse', path]);
    expect(status).toBe(1);
    expect(stderr).toContain(`${path}:3:1: error: unknown instruction: RUNN (did you mean RUN?) [unknown-instruction]`);
    const output = JSON.parse(stdout) as { diagnostics: { range: { start: { line: number } } }[] };
    expect(output.diagnostics[0]?.range.start.line).toBe(2);
  });

  it('reads standard input with -', () => {
    const { status, stdout } = dfkit(['parse', '-', '--format', 'tree'], 'FROM scratch\nCOPY a b\n');
    expect(status).toBe(0);
    expect(stdout).toContain('<stdin>');
    expect(stdout).toMatch(/2 {2}COPY\n {6}sources "a"\n {6}destination "b"/);
  });

  it('gives a clear error for a missing file, exit 2, no stack trace', () => {
    const { status, stdout, stderr } = dfkit(['parse', join(work, 'missing')]);
    expect(status).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe(`dfkit: cannot read '${join(work, 'missing')}': no such file\n`);
  });

  it('rejects an unknown format and an unknown command', () => {
    expect(dfkit(['parse', '--format', 'xml', 'x']).stderr).toContain("unknown format 'xml'");
    // An unknown option names itself and shows the usage, as every command's does.
    const option = dfkit(['parse', '--bogus', 'x']);
    expect(option.status).toBe(2);
    expect(option.stderr).toMatch(/^dfkit: Unknown option '--bogus'[^\n]*\n\nUsage: dfkit parse /);
    const unknown = dfkit(['frobnicate']);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain("unknown command 'frobnicate'");
  });

  it('parses every bundled example without errors', () => {
    // Every example project has a Dockerfile (the playground is a web page, not a project).
    const examples = readdirSync(join(root, 'examples'))
      .map((name) => join(root, 'examples', name, 'Dockerfile'))
      .filter((file) => existsSync(file));
    expect(examples.length).toBeGreaterThanOrEqual(8);
    const { status, stdout, stderr } = dfkit(['parse', '--format', 'tree', ...examples]);
    expect(stderr).toBe('');
    expect(status).toBe(0);
    for (const example of examples) expect(stdout).toContain(example);
    expect(stdout).toContain('directive escape=`');
    expect(stdout).toContain('heredoc EOF');
  });

  it('stops quietly when the reader closes the pipe early', () => {
    const big = file('big.Dockerfile', 'FROM scratch\n' + 'RUN echo hello\n'.repeat(20_000));
    const result = spawnSync(
      'sh',
      ['-c', `"${process.execPath}" --import tsx "${join(root, 'src/cli/main.ts')}" parse "${big}" | head -c 100 >/dev/null`],
      { cwd: root, encoding: 'utf8' },
    );
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });
});
