/**
 * Scans a build context as the user `nobody`, for the tests of unreadable directories: root may list anything,
 * and the tests run as root. `scanAsNobody` runs this file through `setpriv` and returns what the scan gave.
 *
 * As a script: `tsx scan-as-nobody.ts <root> <options as JSON>` prints `{"paths": […]}` or
 * `{"error": {"name", "code", "path", "message"}}` on standard output.
 */
import { spawn } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { ScanOptions } from '../../src/planner/context.js';

/** What one scan gave: the paths of its entries, or the error it rejected with. */
export type ScanOutcome =
  | { readonly paths: readonly string[] }
  | { readonly error: { readonly name: string; readonly code: unknown; readonly path: unknown; readonly message: string } };

const SELF = fileURLToPath(import.meta.url);
const ROOT = resolve(dirname(SELF), '../..');
// By path: `--import tsx` would be looked up from the working directory.
const TSX = pathToFileURL(join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href;

/** Runs the scan of `root` as `nobody` (uid and gid 65534, no supplementary groups) in a child process. */
export function scanAsNobody(root: string, options: ScanOptions = {}): Promise<ScanOutcome> {
  const args = ['--reuid=nobody', '--regid=nogroup', '--clear-groups', '--', process.execPath, '--import', TSX, SELF, root, JSON.stringify(options)];
  return new Promise((resolvePromise, reject) => {
    const child = spawn('setpriv', args, { cwd: '/', env: { PATH: process.env['PATH'] }, stdio: ['ignore', 'pipe', 'pipe'], timeout: 30_000 });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => void (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => void (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolvePromise(JSON.parse(stdout) as ScanOutcome);
      else reject(new Error(`the scan as nobody exited with ${code}: ${stderr}`));
    });
  });
}

async function main(root: string, optionsJson: string): Promise<void> {
  const { scanContext } = await import('../../src/planner/context.js');
  let outcome: ScanOutcome;
  try {
    const context = await scanContext(root, JSON.parse(optionsJson) as ScanOptions);
    outcome = { paths: [...context.entries.keys()] };
  } catch (error) {
    const failure = error as Error & { code?: unknown; path?: unknown };
    outcome = { error: { name: failure.name, code: failure.code, path: failure.path, message: failure.message } };
  }
  process.stdout.write(JSON.stringify(outcome));
}

const [root, options] = process.argv.slice(2);
if (process.argv[1] === SELF && root !== undefined) await main(root, options ?? '{}');
