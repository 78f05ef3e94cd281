/**
 * Scans a build context as the user `nobody`, for the tests of unreadable directories: root may list anything,
 * and the tests run as root. `scanAsNobody` runs this file through `setpriv` and returns what the scan gave.
 *
 * As a script: `tsx scan-as-nobody.ts <root> <options as JSON>` prints `{"paths": […]}` or
 * `{"error": {"name", "code", "path", "message"}}` on standard output.
 */
import { fileURLToPath } from 'node:url';
import type { ScanOptions } from '../../src/planner/context.js';
import { spawnScript } from '../cli/spawn-cli.js';

/** What one scan gave: the paths of its entries, or the error it rejected with. */
export type ScanOutcome =
  | { readonly paths: readonly string[] }
  | { readonly error: { readonly name: string; readonly code: unknown; readonly path: unknown; readonly message: string } };

const SELF = fileURLToPath(import.meta.url);

/** Runs the scan of `root` as `nobody` (uid and gid 65534, no supplementary groups) in a child process. */
export async function scanAsNobody(root: string, options: ScanOptions = {}): Promise<ScanOutcome> {
  const run = await spawnScript(SELF, [root, JSON.stringify(options)], { cwd: '/', asNobody: true });
  if (run.code !== 0) throw new Error(`the scan as nobody exited with ${run.code}: ${run.stderr}`);
  return JSON.parse(run.stdout) as ScanOutcome;
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
