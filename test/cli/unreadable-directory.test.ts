/**
 * A folder that cannot be listed, below a directory given to `lint` or `fmt`, is named with the real reason as a
 * warning, and the Dockerfiles next to it are still read. Run as `nobody` through setpriv: root may list anything.
 */
import { chmodSync, chownSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCommand } from './recording-io.js';
import { spawnCli } from './spawn-cli.js';

const work = mkdtempSync(join(tmpdir(), 'dfkit-locked-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
chmodSync(work, 0o755);
mkdirSync(join(work, 'tree/ok'), { recursive: true });
mkdirSync(join(work, 'tree/locked'));
writeFileSync(join(work, 'tree/ok/Dockerfile'), 'FROM alpine:3.20\n');
writeFileSync(join(work, 'tree/locked/Dockerfile'), 'FROM alpine:3.20\n');
chmodSync(join(work, 'tree/locked'), 0o000);
chownSync(join(work, 'tree/locked'), 65534, 65534);
const WARNING = "dfkit: warning: cannot read directory 'tree/locked': permission denied; its Dockerfiles are skipped\n";

describe('a folder that cannot be read, inside a directory searched for Dockerfiles', () => {
  it('lint warns about it by name and lints the rest', async () => {
    const result = await spawnCli(['lint', '-f', 'gnu', 'tree'], { cwd: work, asNobody: true });
    expect(result).toEqual({ code: 0, stdout: '', stderr: WARNING });
  });

  it('fmt --check warns about it by name and checks the rest', async () => {
    const result = await spawnCli(['fmt', '--check', 'tree'], { cwd: work, asNobody: true });
    expect(result).toEqual({ code: 0, stdout: '', stderr: WARNING });
  });
});

describe('a directory with no Dockerfile', () => {
  it('is named in the message', async () => {
    mkdirSync(join(work, 'empty'));
    const lint = await runCommand(['lint', 'empty'], { cwd: work, env: {} });
    expect(lint).toEqual({ code: 1, stdout: '', stderr: "dfkit: no Dockerfile found in 'empty'\n" });
    const fmt = await runCommand(['fmt', 'empty', 'tree/ok/Dockerfile', '--check'], { cwd: work, env: {} });
    expect(fmt.code).toBe(0);
    expect((await runCommand(['fmt', '--check', 'empty'], { cwd: work, env: {} })).stderr).toBe("dfkit: no Dockerfile found in 'empty'\n");
  });
});
