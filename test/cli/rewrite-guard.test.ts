/**
 * Nothing a command reads is lost: files that are not valid UTF-8 or that the parser cannot read whole are
 * never rewritten, and a report or plan never lands on the file it was made from.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCommand } from './recording-io.js';

const work = mkdtempSync(join(tmpdir(), 'dfkit-guard-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function run(args: string[]) {
  return runCommand(args, { cwd: work, home: work, env: {} });
}

/** A file with the given bytes in its own folder; its path. */
function fileWith(name: string, bytes: Buffer | string): string {
  const folder = mkdtempSync(join(work, 'case-'));
  const path = join(folder, name);
  writeFileSync(path, bytes);
  return path;
}

// `e9` is Latin-1 é: not UTF-8 on its own. The file also has a fix and a layout change to make.
const latin1 = Buffer.concat([Buffer.from('# caf'), Buffer.from([0xe9]), Buffer.from('\nfrom ubuntu:22.04\nRUN apt-get install curl\n')]);

describe('files are not rewritten when bytes would be lost', () => {
  it('fmt --write leaves a file that is not UTF-8 as it is and says where it goes wrong', async () => {
    const path = fileWith('Dockerfile', latin1);
    const { code, stderr } = await run(['fmt', '--write', path]);
    expect(code).toBe(2);
    expect(stderr).toContain('not rewritten: it is not valid UTF-8 (byte 5)');
    expect(readFileSync(path).equals(latin1)).toBe(true);
  });

  it('lint --fix leaves a file that is not UTF-8 as it is', async () => {
    const path = fileWith('Dockerfile', latin1);
    const { code, stderr } = await run(['lint', '--fix', '--fix-unsafe', path]);
    expect(code).toBe(2);
    expect(stderr).toContain('not rewritten: it is not valid UTF-8 (byte 5)');
    expect(readFileSync(path).equals(latin1)).toBe(true);
  });

  it('lint --fix still rewrites a valid UTF-8 file with the same characters', async () => {
    const path = fileWith('Dockerfile', '# café\nFROM ubuntu:22.04\nMAINTAINER me\n');
    const { code } = await run(['lint', '--fix', path]);
    expect(code).toBeLessThan(2);
    expect(readFileSync(path, 'utf8')).toBe('# café\nFROM ubuntu:22.04\nLABEL org.opencontainers.image.authors="me"\n');
  });

  it('lint --fix leaves a file with an unknown instruction alone, as fmt does', async () => {
    const text = 'FROM ubuntu:22.04\nRUNN x\nMAINTAINER me\n';
    const path = fileWith('Dockerfile', text);
    await run(['lint', '--fix', path]);
    expect(readFileSync(path, 'utf8')).toBe(text);
  });
});

describe('reports never land on their inputs', () => {
  it('lint -o refuses the file being linted, directly or through the folder', async () => {
    const text = 'FROM ubuntu:22.04\nCMD ["x"]\n';
    const path = fileWith('Dockerfile', text);
    const direct = await run(['lint', path, '-o', path]);
    expect(direct.code).toBe(2);
    expect(direct.stderr).toContain('refusing to write a report over');
    const viaFolder = await run(['lint', join(path, '..'), '-o', path]);
    expect(viaFolder.code).toBe(2);
    expect(readFileSync(path, 'utf8')).toBe(text);
  });

  it('plan -o refuses the Dockerfile', async () => {
    const path = fileWith('Dockerfile', 'FROM scratch\nCOPY . /app\n');
    const { code, stderr } = await run(['plan', join(path, '..'), '-o', path]);
    expect(code).toBe(2);
    expect(stderr).toContain('refusing to write the plan over the Dockerfile');
    expect(readFileSync(path, 'utf8')).toBe('FROM scratch\nCOPY . /app\n');
  });
});

describe('input errors are reported as such', () => {
  it('lint exits 1 when a path it was given does not exist, whatever the other files gave', async () => {
    const path = fileWith('Dockerfile', 'FROM ubuntu:22.04\nCMD ["x"]\n');
    const { code, stderr } = await run(['lint', join(work, 'missing.Dockerfile'), path]);
    expect(stderr).toContain("cannot read '");
    expect(code).toBe(1);
  });

  it('lint takes a FIFO named .dockerignore for no ignore file rather than waiting on it', async () => {
    const path = fileWith('Dockerfile', 'FROM ubuntu:22.04\nCOPY . /app\nCMD ["x"]\n');
    execFileSync('mkfifo', [join(path, '..', '.dockerignore')]);
    const { code, stdout } = await run(['lint', '-f', 'json', path]);
    expect(code).toBe(1);
    expect(stdout).toContain('"code":"missing-dockerignore"');
  }, 20_000);

  it('plan reports a bad .dockerignore pattern with its line, not as an internal error', async () => {
    const path = fileWith('Dockerfile', 'FROM scratch\nCOPY . /app\n');
    writeFileSync(join(path, '..', '.dockerignore'), 'node_modules\n[\n');
    const { code, stderr } = await run(['plan', join(path, '..')]);
    expect(code).toBe(1);
    expect(stderr).toContain('.dockerignore:2');
    expect(stderr).not.toContain('internal error');
  });
});
