/**
 * Scanning a build context directory: finds the ignore file the way BuildKit does, walks the tree without
 * following symlinks, and keeps what `.dockerignore` leaves. Only metadata is read (readdir, lstat, readlink),
 * never file contents; the walk is iterative, so neither wide nor deep trees are a problem.
 */

import { statSync, type Stats } from 'node:fs';
import { lstat, readFile, realpath, stat } from 'node:fs/promises';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import type { BuildContext } from './context-types.js';
import {
  createIgnoreMatcher,
  IgnoreFileError,
  parseDockerignore,
  type IgnoreMatcher,
  type IgnoreMatchState,
} from '../parser/dockerignore/index.js';
import { ContextScanError, errorCode, errorText } from './context-error.js';
import { walkContext, type UndecodableName, type WalkMemo } from './context-walk.js';
import { applyIgnore } from './dockerignore.js';
import { SortedEntryMap } from './sorted-entries.js';
import { printableName } from './undecodable-names.js';

export { ContextScanError } from './context-error.js';

export interface ScanOptions {
  /**
   * The Dockerfile, relative to the context or absolute. Its `<name>.dockerignore` sibling, when present, is the
   * ignore file (BuildKit's per-Dockerfile form); otherwise `<context>/.dockerignore` is.
   */
  readonly dockerfile?: string;
  /** Ignore-file text to apply instead of looking for a file; `null` applies none. */
  readonly ignoreFileText?: string | null;
  /**
   * Worker threads that share the `lstat` calls with the main thread. Default: one fewer than the available
   * cores (at most 3) for contexts of 4,096 entries or more, else none; 0 keeps them all on the main thread.
   */
  readonly statWorkers?: number;
}

/**
 * Scans a context directory. The root is resolved through symlinks (as the docker CLI does); entries come back
 * sorted by path in Go byte order, with `mode & 0o7777`, lstat size, mtime, inode and device.
 *
 * Failures reject the promise rather than returning a value, because no partial context is useful: a missing
 * root or an unreadable directory gives a {@link ContextScanError} naming the path; an ignore file with a
 * pattern Docker refuses gives an {@link IgnoreFileError}. Like BuildKit's walker, a permission error inside a
 * directory that is excluded anyway is not an error; unreadable files are fine (contents are not read here).
 *
 * @example const context = await scanContext('.', { dockerfile: 'build/app.Dockerfile' });
 */
export async function scanContext(root: string, options: ScanOptions = {}): Promise<BuildContext> {
  const absoluteRoot = await resolveRoot(root);
  const ignore = await findIgnoreFile(absoluteRoot, options);
  const patterns = ignore.text === null ? [] : parseDockerignore(ignore.text);
  const matcher = createIgnoreMatcher(patterns);
  if (matcher.errors.length > 0) throw new IgnoreFileError(ignore.file, matcher.errors);
  const ignorePatterns = patterns.map((pattern) => pattern.text);
  const ignoreKey = `${ignore.file ?? ''}\0${ignorePatterns.join('\0')}`;
  const previous = recentScans.get(absoluteRoot);
  const walk = await walkContext(absoluteRoot, matcher, { statWorkers: options.statWorkers, previous: previous?.walk });
  if (walk.unchanged && previous?.ignoreKey === ignoreKey) {
    rememberScan(absoluteRoot, { walk: walk.memo, ignoreKey, context: previous.context });
    return previous.context;
  }
  refuseUndecodable(walk.undecodable, matcher);
  const entries = new SortedEntryMap(applyIgnore(walk.entries, matcher));
  const context: BuildContext = { root: absoluteRoot, entries, ignoreFile: ignore.file, ignorePatterns };
  rememberScan(absoluteRoot, { walk: walk.memo, ignoreKey, context });
  return context;
}

/**
 * A name that is not UTF-8 cannot be read through Node's string paths, but Docker sends that file all the same:
 * a plan without it would predict wrong keys, so the context is refused unless the ignore file leaves it out.
 */
function refuseUndecodable(names: readonly UndecodableName[], matcher: IgnoreMatcher): void {
  for (const { path, name } of names) {
    let state: IgnoreMatchState = { excluded: false, hits: [] };
    for (let end = path.indexOf('/'); ; end = path.indexOf('/', end + 1)) {
      state = matcher.evaluate(end === -1 ? path : path.slice(0, end), state);
      if (end === -1) break;
    }
    if (state.excluded) continue;
    const shown = `${path.slice(0, path.lastIndexOf('/') + 1)}${printableName(name)}`;
    throw new ContextScanError(
      'undecodable-name',
      path,
      `the name of ${shown} in the build context is not valid UTF-8, which dfkit cannot read: rename it, or exclude it in .dockerignore`,
    );
  }
}

async function resolveRoot(root: string): Promise<string> {
  let absolute: string;
  let stats: Stats;
  try {
    absolute = await realpath(resolve(root));
    stats = await lstat(absolute);
  } catch (error) {
    throw new ContextScanError('unreadable', '', `cannot read build context ${root}: ${errorText(error)}`, { cause: error });
  }
  if (!stats.isDirectory()) throw new ContextScanError('not-a-directory', '', `build context ${root} is not a directory`);
  return absolute;
}

/** The ignore file's text and context-relative path (which starts with `../` when the Dockerfile is outside). */
async function findIgnoreFile(root: string, options: ScanOptions): Promise<{ text: string | null; file: string | null }> {
  if (options.ignoreFileText !== undefined) return { text: options.ignoreFileText, file: null };
  const dockerfile = options.dockerfile && (isAbsolute(options.dockerfile) ? options.dockerfile : resolve(root, options.dockerfile));
  for (const candidate of ignoreFileCandidates(root, dockerfile || null)) {
    const text = await readOptional(candidate, root);
    if (text !== null) return { text, file: relative(root, candidate).split(sep).join('/') };
  }
  return { text: null, file: null };
}

/** Where BuildKit looks for the ignore file, in order: `<Dockerfile>.dockerignore`, then the context's `.dockerignore`. */
function ignoreFileCandidates(contextDirectory: string, dockerfile: string | null): string[] {
  return [...(dockerfile === null ? [] : [`${dockerfile}.dockerignore`]), resolve(contextDirectory, '.dockerignore')];
}

/**
 * The ignore file a build of `dockerfile` (absolute; `null` for text with no file) with this context would use,
 * with its metadata, or `null` when there is none, for callers that read it at once (the linter's command and
 * the language server). Only a regular file counts: a directory of that name is none, as in BuildKit, and reading
 * a FIFO or a device would block or never end.
 */
export function ignoreFileFor(contextDirectory: string, dockerfile: string | null): { readonly path: string; readonly stats: Stats } | null {
  for (const path of ignoreFileCandidates(contextDirectory, dockerfile)) {
    try {
      const stats = statSync(path, { throwIfNoEntry: false });
      if (stats?.isFile()) return { path, stats };
    } catch {
      // Unreadable metadata: no ignore file that could be read either.
    }
  }
  return null;
}

/** A file's text, or `null` when there is no such regular file (a directory of that name counts as none, as in BuildKit). */
async function readOptional(path: string, root: string): Promise<string | null> {
  try {
    // Only a regular file is an ignore file: reading a FIFO or a device would block or never end.
    if (!(await stat(path)).isFile()) return null;
    return (await readFile(path)).toString('utf8');
  } catch (error) {
    const code = errorCode(error);
    if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR') return null;
    const shown = relative(root, path).split(sep).join('/');
    const message = `cannot read ignore file ${shown}: ${errorText(error)}`;
    throw new ContextScanError('unreadable', shown, message, { cause: error });
  }
}

// --- The last scans of this process -----------------------------------------------------------------------------

interface RecentScan {
  readonly walk: WalkMemo;
  /** The ignore file and patterns the context was made with. */
  readonly ignoreKey: string;
  readonly context: BuildContext;
}

/** How many context roots' last scans a process keeps (as many as the stat cache keeps records for). */
const REMEMBERED_ROOTS = 4;

/**
 * The last scan of each root this process scanned lately. A scan of the same root starts from it: when no
 * entry changed and the ignore patterns are the same, it returns the very same context (contexts are never
 * changed once made), and otherwise it still reuses the unchanged directories' paths and entries.
 */
const recentScans = new Map<string, RecentScan>();

function rememberScan(root: string, scan: RecentScan): void {
  recentScans.delete(root);
  recentScans.set(root, scan);
  for (const oldest of recentScans.keys()) {
    if (recentScans.size <= REMEMBERED_ROOTS) break;
    recentScans.delete(oldest);
  }
}
