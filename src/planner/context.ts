/**
 * Scanning a build context directory: finds the ignore file the way BuildKit does, walks the tree without
 * following symlinks, and keeps what `.dockerignore` leaves. Only metadata is read (lstat, readlink), never file
 * contents; directories are read in parallel with a bounded number of operations in flight, iteratively, so
 * neither wide nor deep trees are a problem.
 */

import { lstat, readdir, readFile, readlink, realpath } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import type { BuildContext, ContextEntry, ContextEntryType } from './context-types.js';
import {
  applyIgnore,
  createIgnoreMatcher,
  IgnoreFileError,
  parseDockerignore,
  type IgnoreMatcher,
  type IgnoreMatchState,
} from './dockerignore.js';

export interface ScanOptions {
  /**
   * The Dockerfile, relative to the context or absolute. Its `<name>.dockerignore` sibling, when present, is the
   * ignore file (BuildKit's per-Dockerfile form); otherwise `<context>/.dockerignore` is.
   */
  readonly dockerfile?: string;
  /** Ignore-file text to apply instead of looking for a file; `null` applies none. */
  readonly ignoreFileText?: string | null;
  /** Filesystem operations in flight at once (default 48). */
  readonly concurrency?: number;
}

/** Why a context could not be scanned; `path` is context-relative ('' for the root). */
export class ContextScanError extends Error {
  constructor(
    readonly code: 'not-a-directory' | 'unreadable',
    readonly path: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ContextScanError';
  }
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
  const walked = await walk(absoluteRoot, matcher, Math.max(1, options.concurrency ?? 48));
  const kept = applyIgnore(walked, matcher);
  return {
    root: absoluteRoot,
    entries: new Map(kept.map((entry) => [entry.path, entry])),
    ignoreFile: ignore.file,
    ignorePatterns: patterns.map((pattern) => pattern.text),
  };
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
  const candidates: string[] = [];
  if (options.dockerfile) {
    const dockerfile = isAbsolute(options.dockerfile) ? options.dockerfile : resolve(root, options.dockerfile);
    candidates.push(dockerfile + '.dockerignore');
  }
  candidates.push(resolve(root, '.dockerignore'));
  for (const candidate of candidates) {
    const text = await readOptional(candidate, root);
    if (text !== null) return { text, file: relative(root, candidate).split(sep).join('/') };
  }
  return { text: null, file: null };
}

/** A file's text, or `null` when there is no such file (a directory of that name counts as none, as in BuildKit). */
async function readOptional(path: string, root: string): Promise<string | null> {
  try {
    return (await readFile(path)).toString('utf8');
  } catch (error) {
    const code = errorCode(error);
    if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR') return null;
    const shown = relative(root, path).split(sep).join('/');
    const message = `cannot read ignore file ${shown}: ${errorText(error)}`;
    throw new ContextScanError('unreadable', shown, message, { cause: error });
  }
}

// --- Walking ---------------------------------------------------------------------------------------------------

/** One unit of walking: read a directory's names, or lstat one entry. */
type WalkTask =
  | { readonly kind: 'readdir'; readonly path: string; readonly state: IgnoreMatchState | undefined }
  | { readonly kind: 'lstat'; readonly path: string; readonly parentState: IgnoreMatchState | undefined };

/** The state handed to top-level entries: the root itself matches no pattern. */
const ROOT_STATE: IgnoreMatchState = { excluded: false, hits: [] };

/**
 * Every entry below the root, except inside directories the matcher lets the walk skip. A fixed number of
 * workers take tasks from one queue (directories to read, entries to stat), so at most that many filesystem
 * operations are in flight, nothing recurses, and no task waits in a per-directory pile of promises.
 */
async function walk(root: string, matcher: IgnoreMatcher, concurrency: number): Promise<ContextEntry[]> {
  const entries: ContextEntry[] = [];
  const queue: (WalkTask | undefined)[] = [];
  let head = 0;
  let active = 0;
  let failure: unknown = null;
  const idle: (() => void)[] = [];

  const absoluteOf = (path: string): string => (path === '' ? root : root + sep + path.split('/').join(sep));
  const enqueue = (task: WalkTask): void => {
    queue.push(task);
    idle.pop()?.();
  };

  const perform = async (task: WalkTask): Promise<void> => {
    if (task.kind === 'readdir') {
      let names: string[];
      try {
        names = await readdir(absoluteOf(task.path));
      } catch (error) {
        // BuildKit's walker tolerates a permission error where everything is excluded anyway.
        if (task.state?.excluded && errorCode(error) === 'EACCES') return;
        if (errorCode(error) === 'ENOENT') return; // removed while walking
        throw new ContextScanError(
          'unreadable',
          task.path,
          `cannot read directory ${task.path || '.'} of the build context: ${errorText(error)}`,
          { cause: error },
        );
      }
      for (const name of names) {
        enqueue({ kind: 'lstat', path: task.path === '' ? name : task.path + '/' + name, parentState: task.state });
      }
      return;
    }
    const { path } = task;
    const absolute = absoluteOf(path);
    let stats: Stats;
    try {
      stats = await lstat(absolute);
    } catch (error) {
      if (errorCode(error) === 'ENOENT') return;
      throw new ContextScanError('unreadable', path, `cannot stat ${path} in the build context: ${errorText(error)}`, {
        cause: error,
      });
    }
    const type = typeOf(stats);
    const entry: ContextEntry = {
      path,
      type,
      mode: stats.mode & 0o7777,
      size: type === 'dir' ? 0 : stats.size,
      mtimeMs: stats.mtimeMs,
      ino: stats.ino,
      dev: stats.dev,
      ctimeMs: stats.ctimeMs,
    };
    if (type === 'symlink') {
      let linkTarget: string;
      try {
        linkTarget = await readlink(absolute);
      } catch (error) {
        const message = `cannot read symlink ${path} in the build context: ${errorText(error)}`;
        throw new ContextScanError('unreadable', path, message, { cause: error });
      }
      entries.push({ ...entry, linkTarget });
      return;
    }
    entries.push(entry);
    if (type === 'dir') {
      const state = matcher.evaluate(path, task.parentState ?? ROOT_STATE);
      if (!matcher.canSkipDirectory(path, state)) enqueue({ kind: 'readdir', path, state });
    }
  };

  const worker = async (): Promise<void> => {
    for (;;) {
      if (failure !== null) return;
      if (head < queue.length) {
        const task = queue[head] as WalkTask;
        queue[head++] = undefined;
        // Drop the consumed front now and then, so the queue does not keep growing.
        if (head > 4096 && head * 2 > queue.length) {
          queue.splice(0, head);
          head = 0;
        }
        active++;
        try {
          await perform(task);
        } catch (error) {
          failure ??= error;
          for (const wake of idle.splice(0)) wake();
        } finally {
          active--;
        }
        continue;
      }
      if (active === 0) {
        // Nothing queued and nothing running: the walk is over; release the workers still waiting.
        for (const wake of idle.splice(0)) wake();
        return;
      }
      await new Promise<void>((wake) => idle.push(wake));
    }
  };

  enqueue({ kind: 'readdir', path: '', state: undefined });
  await Promise.all(Array.from({ length: concurrency }, worker));
  if (failure !== null) throw failure;
  return entries;
}

function typeOf(stats: Stats): ContextEntryType {
  if (stats.isFile()) return 'file';
  if (stats.isDirectory()) return 'dir';
  if (stats.isSymbolicLink()) return 'symlink';
  return 'other';
}

function errorCode(error: unknown): string | undefined {
  const code = typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined;
  return typeof code === 'string' ? code : undefined;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
