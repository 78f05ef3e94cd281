/**
 * `mkdir -p` that always ends. Node's own recursive `mkdir` never returns for a path under `/proc` (making a
 * directory there fails with "no such file or directory" at every level, which it takes as a missing parent
 * and retries), so a cache or export directory named there would hang the command.
 */
import type { Stats } from 'node:fs';
import { mkdir, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { errorCode } from './context-error.js';

/**
 * Makes `path` and any missing parents (with `mode`, as `mkdir` applies it), one level at a time; a path that
 * exists is left as it is. Fails with the error of the first level that cannot be made.
 */
export async function makeDirectory(path: string, mode?: number): Promise<void> {
  const missing: string[] = [];
  for (let current = resolve(path); ; current = dirname(current)) {
    const found = await statOrNull(current);
    if (found) {
      // As `mkdir -p` does: something other than a directory in the way is an error, here or above.
      if (!found.isDirectory()) throw fsError(missing.length === 0 ? 'EEXIST' : 'ENOTDIR', current);
      break;
    }
    missing.push(current);
    if (dirname(current) === current) break;
  }
  for (const directory of missing.reverse()) {
    try {
      await mkdir(directory, mode === undefined ? undefined : { mode });
    } catch (error) {
      // Made meanwhile by someone else: as good as made here.
      if (!(errorCode(error) === 'EEXIST' && (await stat(directory)).isDirectory())) throw error;
    }
  }
}

async function statOrNull(path: string): Promise<Stats | null> {
  try {
    return await stat(path);
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return null;
    throw error;
  }
}

function fsError(code: 'EEXIST' | 'ENOTDIR', path: string): NodeJS.ErrnoException {
  const what = code === 'EEXIST' ? 'file already exists' : 'not a directory';
  return Object.assign(new Error(`${code}: ${what}, mkdir '${path}'`), { code, path, syscall: 'mkdir' });
}
