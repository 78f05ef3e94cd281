/**
 * `LintSettings.contextFile` for a build context on disk: whether a context-relative path names a file there.
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';

/** A test of context-relative paths against the files under `directory`; a path that leaves it is never there. */
export function contextFileIn(directory: string): (path: string) => boolean {
  return (path) => {
    const segments = path.split('/');
    if (path === '' || path.startsWith('/') || segments.includes('..')) return false;
    try {
      return statSync(join(directory, ...segments)).isFile();
    } catch {
      return false;
    }
  };
}
