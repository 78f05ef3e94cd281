/**
 * `fmt --write` and `lint --fix` write into the file they read, never replace it: a symlink keeps pointing at
 * the formatted target, hard links keep sharing the text, the owner stays, and a read-only file is refused.
 */
import { chmodSync, cpSync, chownSync, linkSync, lstatSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCommand } from './recording-io.js';
import { spawnCli } from './spawn-cli.js';

const work = mkdtempSync(join(tmpdir(), 'dfkit-rewrite-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const SLOPPY = 'from alpine:3.20\ncopy  a.txt   /a/  \n';
const TIDY = 'FROM alpine:3.20\nCOPY a.txt /a/\n';
// lint --fix's safe fix copies the dependency manifests before the sources (the example and its fixed twin).
const EXAMPLES = resolve(__dirname, '../../examples');
const FIXABLE = readFileSync(join(EXAMPLES, 'node-app-cache-mistake/Dockerfile'), 'utf8');
const FIXED = readFileSync(join(EXAMPLES, 'node-app/Dockerfile'), 'utf8');
const NOBODY = 65534;

function run(args: string[]) {
  return runCommand(args, { cwd: work, home: work, env: {} });
}

/** A fresh folder with the example project's files around its Dockerfile (the fix looks at package-lock.json). */
function folder(): string {
  const dir = mkdtempSync(join(work, 'case-'));
  cpSync(join(EXAMPLES, 'node-app-cache-mistake'), dir, { recursive: true });
  rmSync(join(dir, 'Dockerfile'));
  return dir;
}

describe.each([
  { command: ['fmt', '--write'], before: SLOPPY, after: TIDY },
  { command: ['lint', '--fix'], before: FIXABLE, after: FIXED },
])('$command.0 $command.1', ({ command, before, after }) => {
  it('formats the target of a symlink and leaves the link a link', async () => {
    const dir = folder();
    writeFileSync(join(dir, 'real.Dockerfile'), before);
    symlinkSync('real.Dockerfile', join(dir, 'Dockerfile'));
    expect((await run([...command, join(dir, 'Dockerfile')])).stderr).toBe('');
    expect(lstatSync(join(dir, 'Dockerfile')).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(dir, 'real.Dockerfile'), 'utf8')).toBe(after);
  });

  it('keeps hard links sharing the file, and its owner', async () => {
    const dir = folder();
    writeFileSync(join(dir, 'Dockerfile'), before);
    linkSync(join(dir, 'Dockerfile'), join(dir, 'twin.Dockerfile'));
    chownSync(join(dir, 'Dockerfile'), NOBODY, NOBODY);
    const inode = statSync(join(dir, 'Dockerfile')).ino;
    await run([...command, join(dir, 'Dockerfile')]);
    expect(readFileSync(join(dir, 'twin.Dockerfile'), 'utf8')).toBe(after);
    expect(statSync(join(dir, 'Dockerfile'))).toMatchObject({ ino: inode, uid: NOBODY, gid: NOBODY, nlink: 2 });
  });

  it('refuses a file its user cannot write, with exit 2, even in a folder they may write', async () => {
    const dir = folder();
    chmodSync(work, 0o755);
    chmodSync(dir, 0o755);
    chownSync(dir, NOBODY, NOBODY);
    writeFileSync(join(dir, 'ro.Dockerfile'), before);
    chownSync(join(dir, 'ro.Dockerfile'), NOBODY, NOBODY);
    chmodSync(join(dir, 'ro.Dockerfile'), 0o444);
    const result = await spawnCli([...command, 'ro.Dockerfile'], { cwd: dir, asNobody: true });
    expect(result.stderr).toBe(`dfkit: cannot write '${join(dir, 'ro.Dockerfile')}': permission denied\n`);
    expect(result.code).toBe(2);
    expect(readFileSync(join(dir, 'ro.Dockerfile'), 'utf8')).toBe(before);
    expect(statSync(join(dir, 'ro.Dockerfile')).mode & 0o777).toBe(0o444);
  });
});
