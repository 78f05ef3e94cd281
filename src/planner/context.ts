/**
 * Scanning a build context directory: finds the ignore file the way BuildKit does, walks the tree without
 * following symlinks, and keeps what `.dockerignore` leaves. Only metadata is read (readdir, lstat, readlink),
 * never file contents; the walk is iterative, so neither wide nor deep trees are a problem.
 */

import { lstatSync, readdirSync, readlinkSync, type Dirent, type Stats } from 'node:fs';
import { lstat, readFile, realpath } from 'node:fs/promises';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import type { BuildContext, ContextEntry, ContextEntryType } from './context-types.js';
import {
  createIgnoreMatcher,
  IgnoreFileError,
  parseDockerignore,
  type IgnoreMatcher,
  type IgnoreMatchState,
} from '../parser/dockerignore/index.js';
import { applyIgnore } from './dockerignore.js';
import { lstatAll, STAT_FAILED, STAT_FIELDS, STAT_GONE } from './parallel-lstat.js';

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
  const walked = await walk(absoluteRoot, matcher, options);
  const entries = new Map<string, ContextEntry>();
  for (const entry of applyIgnore(walked, matcher)) entries.set(entry.path, entry);
  return {
    root: absoluteRoot,
    entries,
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

/** The state handed to top-level entries: the root itself matches no pattern. */
const ROOT_STATE: IgnoreMatchState = { excluded: false, hits: [] };

/** Longest stretch of synchronous file-system calls before the event loop gets a turn. */
const SLICE_MS = 8;

/** How often a scan starts again when entries change type under it before it gives up. */
const SCAN_ATTEMPTS = 3;

/**
 * Every entry below the root, except inside directories the matcher lets the walk skip. First the
 * directories are read (their entry types tell where to descend), then every entry is `lstat`ed, the calls
 * shared with worker threads on large contexts (see `parallel-lstat.ts`). The synchronous calls run in slices
 * of a few milliseconds, yielding to the event loop between slices: on 100,000 files that is about four times
 * faster than the promise-based calls (whose cost is the round trip through the thread pool, not the system
 * call), and a server stays responsive meanwhile.
 */
async function walk(root: string, matcher: IgnoreMatcher, options: ScanOptions): Promise<ContextEntry[]> {
  for (let attempt = 1; ; attempt++) {
    const listed = await listTree(root, matcher);
    const stats = await lstatAll(listed.absolutes, { workers: options.statWorkers });
    const entries = entriesOf(listed, stats);
    if (entries !== null) return entries;
    if (attempt === SCAN_ATTEMPTS) {
      throw new ContextScanError('unreadable', '', `the build context kept changing while it was scanned (${SCAN_ATTEMPTS} attempts)`);
    }
  }
}

interface ListedTree {
  /** Context-relative paths, in walk order. */
  readonly paths: string[];
  readonly absolutes: string[];
  /** Whether the directory listing called each one a directory (the walk descended into it or skipped it). */
  readonly listedAsDir: boolean[];
}

async function listTree(root: string, matcher: IgnoreMatcher): Promise<ListedTree> {
  const listed: ListedTree = { paths: [], absolutes: [], listedAsDir: [] };
  // Each directory carries its absolute path too, so a child's is one concatenation rather than a rebuild
  // from the relative path (measurable at 100k entries).
  const pending: PendingDirectory[] = [{ path: '', absolute: root, state: undefined }];
  let sliceStart = performance.now();
  while (pending.length > 0) {
    if (performance.now() - sliceStart > SLICE_MS) {
      await new Promise<void>((resume) => setImmediate(resume));
      sliceStart = performance.now();
    }
    const directory = pending.pop()!;
    let children: Dirent[];
    try {
      // The entry types come with the names (Node asks `lstat` itself where the file system does not say).
      children = readdirSync(directory.absolute, { withFileTypes: true });
    } catch (error) {
      // BuildKit's walker tolerates a permission error where everything is excluded anyway.
      if (directory.state?.excluded && errorCode(error) === 'EACCES') continue;
      const code = errorCode(error);
      if (code === 'ENOENT' || code === 'ENOTDIR') continue; // removed or replaced while walking
      throw new ContextScanError(
        'unreadable',
        directory.path,
        `cannot read directory ${directory.path || '.'} of the build context: ${errorText(error)}`,
        { cause: error },
      );
    }
    const pathPrefix = directory.path === '' ? '' : directory.path + '/';
    const absolutePrefix = directory.absolute + sep;
    for (const child of children) {
      const path = pathPrefix + child.name;
      const absolute = absolutePrefix + child.name;
      const isDir = child.isDirectory();
      listed.paths.push(path);
      listed.absolutes.push(absolute);
      listed.listedAsDir.push(isDir);
      if (isDir) {
        const state = matcher.evaluate(path, directory.state ?? ROOT_STATE);
        if (!matcher.canSkipDirectory(path, state)) pending.push({ path, absolute, state });
      }
    }
  }
  return listed;
}

/** S_IFMT and the file types in it. */
const TYPE_MASK = 0o170000;
const TYPE_DIR = 0o040000;
const TYPE_FILE = 0o100000;
const TYPE_SYMLINK = 0o120000;

/**
 * The listed entries with their metadata, or `null` when one changed between being a directory and not
 * since it was listed (the walk would have gone wrong there, so the scan starts again). Entries gone since
 * they were listed are left out, as if the walk had not met them.
 */
function entriesOf(listed: ListedTree, stats: Float64Array): ContextEntry[] | null {
  const entries: ContextEntry[] = [];
  const { paths, absolutes, listedAsDir } = listed;
  for (let index = 0; index < paths.length; index++) {
    const at = index * STAT_FIELDS;
    const mode = stats[at]!;
    const path = paths[index]!;
    if (mode === STAT_GONE) continue;
    if (mode === STAT_FAILED) throw statError(path, absolutes[index]!);
    const fileType = mode & TYPE_MASK;
    const type: ContextEntryType =
      fileType === TYPE_FILE ? 'file' : fileType === TYPE_DIR ? 'dir' : fileType === TYPE_SYMLINK ? 'symlink' : 'other';
    if ((type === 'dir') !== listedAsDir[index]) return null;
    let linkTarget: string | undefined;
    if (type === 'symlink') {
      try {
        linkTarget = readlinkSync(absolutes[index]!);
      } catch (error) {
        if (errorCode(error) === 'ENOENT') continue; // removed while walking
        if (errorCode(error) === 'EINVAL') return null; // no longer a symlink
        const message = `cannot read symlink ${path} in the build context: ${errorText(error)}`;
        throw new ContextScanError('unreadable', path, message, { cause: error });
      }
    }
    entries.push(entryOf(path, type, stats, at, linkTarget));
  }
  return entries;
}

/** The error of an `lstat` that failed for another reason than a missing path, by doing it again. */
function statError(path: string, absolute: string): ContextScanError {
  try {
    lstatSync(absolute);
  } catch (error) {
    return new ContextScanError('unreadable', path, `cannot stat ${path} in the build context: ${errorText(error)}`, {
      cause: error,
    });
  }
  return new ContextScanError('unreadable', path, `cannot stat ${path} in the build context`);
}

interface PendingDirectory {
  /** Context-relative ('' for the root). */
  readonly path: string;
  readonly absolute: string;
  readonly state: IgnoreMatchState | undefined;
}

function entryOf(path: string, type: ContextEntryType, stats: Float64Array, at: number, linkTarget: string | undefined): ContextEntry {
  const mode = stats[at]! & 0o7777;
  const size = type === 'dir' ? 0 : stats[at + 1]!;
  const mtimeMs = stats[at + 2]!;
  const ino = stats[at + 3]!;
  const dev = stats[at + 4]!;
  const ctimeMs = stats[at + 5]!;
  const uid = stats[at + 6]!;
  const gid = stats[at + 7]!;
  // The common case (owned by root, not a link) as one literal: objects of one shape are cheaper to build and
  // to read than ones grown by spreading, which shows at 100k entries.
  if (uid === 0 && gid === 0 && linkTarget === undefined) return { path, type, mode, size, mtimeMs, ino, dev, ctimeMs };
  return {
    path,
    type,
    mode,
    size,
    mtimeMs,
    ino,
    dev,
    ctimeMs,
    // Absent means 0, which keeps the entries of a root-owned context as small as before.
    ...(uid !== 0 && { uid }),
    ...(gid !== 0 && { gid }),
    ...(linkTarget !== undefined && { linkTarget }),
  };
}

function errorCode(error: unknown): string | undefined {
  const code = typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined;
  return typeof code === 'string' ? code : undefined;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
