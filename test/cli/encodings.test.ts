/**
 * Dockerfiles saved as UTF-16 or UTF-32 (with their byte order marks, as Windows tools write them): linted
 * decoded, as hadolint lints them, with one finding saying Docker will not read them; never rewritten; refused
 * by `plan`, whose predictions would be about a build that fails at line 1.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCommand } from './recording-io.js';

const work = mkdtempSync(join(tmpdir(), 'dfkit-encodings-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function run(args: string[], stdin?: Buffer) {
  return runCommand(args, { cwd: work, home: work, env: {}, ...(stdin ? { stdin } : {}) });
}

const TEXT = 'from debian:12\nUSER root\nRUN apt-get install curl\n';
const utf16le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(TEXT, 'utf16le')]);

function fileWith(bytes: Buffer): string {
  const path = join(mkdtempSync(join(work, 'case-')), 'Dockerfile');
  writeFileSync(path, bytes);
  return path;
}

interface JsonFinding {
  readonly code: string;
  readonly line: number;
  readonly level: string;
  readonly message: string;
}

describe('Dockerfiles in UTF-16 and UTF-32', () => {
  it('lint reads the text, reports the encoding once and finds what the UTF-8 file has', async () => {
    const utf8 = JSON.parse((await run(['lint', '-f', 'json', fileWith(Buffer.from(TEXT))])).stdout) as JsonFinding[];
    const { code, stdout } = await run(['lint', '-f', 'json', fileWith(utf16le)]);
    const findings = JSON.parse(stdout) as JsonFinding[];
    expect(code).toBe(1);
    expect(findings.filter((f) => f.code === 'utf8-encoding')).toEqual([
      expect.objectContaining({ line: 1, level: 'error', message: expect.stringContaining('encoded as UTF-16 (little-endian)') as unknown }),
    ]);
    const rest = findings.filter((f) => f.code !== 'utf8-encoding');
    expect(rest.map(({ code, line }) => [code, line])).toEqual(utf8.map(({ code, line }) => [code, line]));
    expect(rest.map((f) => f.code)).toEqual(expect.arrayContaining(['DL3008', 'DL3015', 'DL3002']));
  });

  it('lint reads standard input the same way', async () => {
    const { stdout } = await run(['lint', '-f', 'json', '-'], utf16le);
    const codes = (JSON.parse(stdout) as JsonFinding[]).map((f) => f.code);
    expect(codes).toContain('utf8-encoding');
    expect(codes).toContain('DL3008');
    expect(codes).not.toContain('invalid-instruction');
  });

  it('the encoding finding can be ignored like any rule', async () => {
    const { stdout } = await run(['lint', '-f', 'json', '--ignore', 'utf8-encoding', fileWith(utf16le)]);
    expect((JSON.parse(stdout) as JsonFinding[]).map((f) => f.code)).not.toContain('utf8-encoding');
  });

  it('lint --fix and fmt --write leave the file as it is and say why', async () => {
    for (const command of [['lint', '--fix'], ['fmt', '--write']]) {
      const path = fileWith(utf16le);
      const { code, stderr } = await run([...command, path]);
      expect(code, command.join(' ')).toBe(2);
      expect(stderr).toContain('not rewritten: it is encoded as UTF-16 (little-endian), and dfkit writes only UTF-8');
      expect(readFileSync(path).equals(utf16le)).toBe(true);
    }
  });

  it('fmt prints the formatted text of a UTF-32 file', async () => {
    const points = [...TEXT].map((c) => c.codePointAt(0) as number);
    const utf32be = Buffer.alloc(4 + points.length * 4);
    utf32be.writeUInt32BE(0xfeff, 0);
    points.forEach((point, index) => utf32be.writeUInt32BE(point, 4 + index * 4));
    const { code, stdout } = await run(['fmt', fileWith(utf32be)]);
    expect(code).toBe(0);
    expect(stdout).toBe('FROM debian:12\nUSER root\nRUN apt-get install curl\n');
  });

  it('plan refuses it: the build would stop at line 1', async () => {
    const path = fileWith(utf16le);
    const { code, stderr } = await run(['plan', join(path, '..'), '--no-cache-dir']);
    expect(code).toBe(2);
    expect(stderr).toContain('is encoded as UTF-16 (little-endian); Docker reads Dockerfiles as UTF-8 and will not build it');
  });

  it('parse prints the AST and warns about the encoding', async () => {
    const big = Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(TEXT, 'utf16le').swap16()]);
    const { code, stdout, stderr } = await run(['parse', fileWith(big)]);
    expect(code).toBe(0);
    const { ast } = JSON.parse(stdout) as { ast: { instructions: { name: string }[] } };
    expect(ast.instructions.map((i) => i.name)).toEqual(['FROM', 'USER', 'RUN']);
    expect(stderr).toContain('encoded as UTF-16 (big-endian); Docker reads Dockerfiles as UTF-8');
  });
});
