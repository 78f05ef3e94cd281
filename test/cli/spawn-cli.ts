/**
 * Runs the `dfkit` command line in a child process, for what an in-process run cannot show: a process that
 * blocks, what happens when its standard output fails, or a user other than root (tests run as root, who may
 * read and write anything) through `setpriv`.
 */
import { spawn } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

// From the module's URL, not `__dirname`: a script run by tsx as an ES module imports this file too.
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const MAIN = join(ROOT, 'src/cli/main.ts');
// By path: `--import tsx` would be looked up from the working directory, a temporary folder.
const TSX = pathToFileURL(join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href;

export interface SpawnedRun {
  /** `null` when the run was killed for taking longer than its timeout. */
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface SpawnOptions {
  readonly cwd: string;
  /** Run as `nobody` (uid and gid 65534, no supplementary groups). */
  readonly asNobody?: boolean;
  /** A file descriptor for standard output instead of a pipe (e.g. one open on /dev/full). */
  readonly stdoutFd?: number;
  readonly timeoutMs?: number;
}

export function spawnCli(args: readonly string[], options: SpawnOptions): Promise<SpawnedRun> {
  return spawnScript(MAIN, args, options);
}

/** Runs a TypeScript file of the project (through tsx) in a child process, as `spawnCli` runs the command line. */
export function spawnScript(script: string, args: readonly string[], options: SpawnOptions): Promise<SpawnedRun> {
  const node = [process.execPath, '--import', TSX, script, ...args];
  const [command, ...rest] = options.asNobody ? ['setpriv', '--reuid=nobody', '--regid=nogroup', '--clear-groups', '--', ...node] : node;
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command!, rest, {
      cwd: options.cwd,
      env: { PATH: process.env['PATH'], HOME: options.cwd, NO_COLOR: '1' },
      stdio: ['ignore', options.stdoutFd ?? 'pipe', 'pipe'],
      timeout: options.timeoutMs ?? 30_000,
      killSignal: 'SIGKILL',
    });
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (chunk: Buffer) => void (stdout += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => void (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolvePromise({ code, stdout, stderr }));
  });
}
