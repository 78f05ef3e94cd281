/**
 * `LintSettings.buildContext` for a build context on disk.
 */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { BuildContextFiles } from '../types.js';

/** Files a rule reads whole, at most: manifests and requirement lists are far smaller. */
const MAX_READ_BYTES = 1024 * 1024;

/** The files under `directory`; a path that leaves it names nothing. */
export function buildContextIn(directory: string): BuildContextFiles {
  const locate = (path: string): string | null => {
    const segments = path.split('/');
    if (path === '' || path.startsWith('/') || segments.includes('..')) return null;
    return join(directory, ...segments);
  };
  const sizeOf = (path: string): number | null => {
    const file = locate(path);
    if (file === null) return null;
    try {
      const stats = statSync(file);
      return stats.isFile() ? stats.size : null;
    } catch {
      return null;
    }
  };
  return {
    has: (path) => sizeOf(path) !== null,
    read: (path) => {
      const size = sizeOf(path);
      const file = locate(path);
      if (size === null || size > MAX_READ_BYTES || file === null) return undefined;
      try {
        return readFileSync(file, 'utf8');
      } catch {
        return undefined;
      }
    },
  };
}
