/**
 * Where dfkit keeps caches on this machine: the platform's per-user cache directory, unless the user points
 * elsewhere with `DFKIT_CACHE_DIR`. Caches there can be deleted at any time; nothing else is stored there.
 */
import { homedir } from 'node:os';
import { posix, win32 } from 'node:path';

export interface CacheDirEnvironment {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly platform: NodeJS.Platform;
  readonly home: string;
}

/**
 * dfkit's cache directory: `DFKIT_CACHE_DIR` when set, otherwise `$XDG_CACHE_HOME/dfkit` or `~/.cache/dfkit`
 * (Linux and other Unixes), `~/Library/Caches/dfkit` (macOS), `%LOCALAPPDATA%\dfkit\Cache` (Windows).
 *
 * @example
 * ```ts
 * userCacheDir({ env: {}, platform: 'darwin', home: '/Users/ann' }); // '/Users/ann/Library/Caches/dfkit'
 * ```
 */
export function userCacheDir(
  environment: CacheDirEnvironment = { env: process.env, platform: process.platform, home: homedir() },
): string {
  const { env, platform, home } = environment;
  const path = platform === 'win32' ? win32 : posix;
  // An empty variable counts as unset, as shells make it easy to "unset" a variable by emptying it.
  if (env.DFKIT_CACHE_DIR) return path.resolve(env.DFKIT_CACHE_DIR);
  if (platform === 'win32') return path.join(env.LOCALAPPDATA || path.join(home, 'AppData', 'Local'), 'dfkit', 'Cache');
  if (platform === 'darwin') return path.join(home, 'Library', 'Caches', 'dfkit');
  // The XDG spec says relative values are invalid and must be ignored.
  const xdg = env.XDG_CACHE_HOME;
  return path.join(xdg && path.isAbsolute(xdg) ? xdg : path.join(home, '.cache'), 'dfkit');
}
