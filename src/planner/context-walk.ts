/**
 * Walking a context directory: every entry below the root with its metadata, without following symlinks and
 * without entering directories the ignore patterns let the walk skip.
 *
 * A walk can start from what the previous walk of the same root saw (a language server or a watch loop plans
 * one context again and again). A directory whose listing is unchanged then gives back the path strings it
 * gave last time, and each of its entries whose metadata is unchanged the same entry object. Fresh strings and
 * objects are what made a re-plan slow after the system calls: every new path is hashed again by each map it
 * enters and copied once more when it becomes a key of the plan's `files` record.
 */
import { lstatSync, readdirSync, readlinkSync, type Dirent } from 'node:fs';
import { dirname, sep } from 'node:path';
import type { IgnoreMatcher, IgnoreMatchState } from '../parser/dockerignore/index.js';
import { ContextScanError, errorCode, errorText } from './context-error.js';
import type { ContextEntry, ContextEntryType } from './context-types.js';
import { LstatSession, STAT_FAILED, STAT_FIELDS, STAT_GONE } from './parallel-lstat.js';
import { rawNameOf } from './undecodable-names.js';

export interface WalkOptions {
  /** Worker threads that share the `lstat` calls (see `LstatSession`); default: chosen by the context's size. */
  readonly statWorkers?: number | undefined;
  /** What the previous walk of this root saw. */
  readonly previous?: WalkMemo | undefined;
}

/** What a walk saw, for the next walk of the same root. Read-only once made. */
export interface WalkMemo {
  /** Each directory's listing, by context-relative path ('' for the root). */
  readonly listings: ReadonlyMap<string, Listing>;
  /** The entries of each listing, by position in it (`undefined` where one had gone). */
  readonly entries: ReadonlyMap<Listing, readonly (ContextEntry | undefined)[]>;
}

interface Listing {
  /** The directory's absolute path followed by a separator: an entry's absolute path is this and its name. */
  readonly prefix: string;
  readonly names: readonly string[];
  readonly dirs: readonly boolean[];
  readonly paths: readonly string[];
}

export interface Walk {
  /** Every entry, in walk order (not sorted). */
  readonly entries: ContextEntry[];
  /** True when every entry is the previous walk's, in the same order: nothing below the root changed. */
  readonly unchanged: boolean;
  /** Entries whose names are not UTF-8, so they could not be read (left out of `entries`). */
  readonly undecodable: readonly UndecodableName[];
  readonly memo: WalkMemo;
}

export interface UndecodableName {
  /** The path as Node decodes it (U+FFFD for the bytes that are not UTF-8), for matching ignore patterns. */
  readonly path: string;
  /** The entry's own name as bytes. */
  readonly name: Buffer;
}

/** The state handed to top-level entries: the root itself matches no pattern. */
const ROOT_STATE: IgnoreMatchState = { excluded: false, hits: [] };

/** Longest stretch of synchronous file-system calls before the event loop gets a turn. */
const SLICE_MS = 8;

/** How often a walk starts again when entries change type under it before it gives up. */
const WALK_ATTEMPTS = 3;

/**
 * Every entry below `root` (absolute), except inside directories the matcher lets the walk skip. The
 * directories are read on the main thread (their entry types tell where to descend) and every entry is
 * `lstat`ed, on large contexts by worker threads while the listing goes on and then by all threads together
 * (see `parallel-lstat.ts`). The synchronous calls run in slices of a few milliseconds, yielding to the event
 * loop between slices: on 100,000 files that is about four times faster than the promise-based calls (whose
 * cost is the round trip through the thread pool, not the system call), and a server stays responsive meanwhile.
 */
export async function walkContext(root: string, matcher: IgnoreMatcher, options: WalkOptions = {}): Promise<Walk> {
  for (let attempt = 1; ; attempt++) {
    const session = new LstatSession({ workers: options.statWorkers });
    let listed: ListedTree;
    try {
      listed = await listTree(root, matcher, options.previous?.listings, session);
    } catch (error) {
      session.cancel();
      throw error;
    }
    const stats = await session.finish();
    const walk = entriesOf(listed, stats, options.previous);
    if (walk !== null) return walk;
    if (attempt === WALK_ATTEMPTS) {
      const message = `the build context kept changing while it was scanned (${WALK_ATTEMPTS} attempts)`;
      throw new ContextScanError('unreadable', '', message);
    }
  }
}

interface ListedTree {
  /** The directories' listings, in walk order. */
  readonly listings: Listing[];
  readonly byPath: Map<string, Listing>;
}

interface PendingDirectory {
  /** Context-relative ('' for the root). */
  readonly path: string;
  readonly absolute: string;
  readonly state: IgnoreMatchState | undefined;
}

/** Lists the directories to walk, handing every entry's path to `session` as soon as it is listed. */
async function listTree(
  root: string,
  matcher: IgnoreMatcher,
  previous: ReadonlyMap<string, Listing> | undefined,
  session: LstatSession,
): Promise<ListedTree> {
  const listed: ListedTree = { listings: [], byPath: new Map() };
  const pending: PendingDirectory[] = [{ path: '', absolute: root, state: undefined }];
  let sliceStart = performance.now();
  while (pending.length > 0) {
    if (performance.now() - sliceStart > SLICE_MS) {
      await new Promise<void>((resume) => setImmediate(resume));
      sliceStart = performance.now();
    }
    const directory = pending.pop()!;
    const children = readDirectory(directory);
    if (children === null) continue;
    const listing = listingOf(directory, children, previous?.get(directory.path));
    listed.listings.push(listing);
    listed.byPath.set(directory.path, listing);
    session.add(listing.prefix, listing.names);
    for (let index = 0; index < listing.paths.length; index++) {
      if (listing.dirs[index]) {
        const path = listing.paths[index]!;
        const state = matcher.evaluate(path, directory.state ?? ROOT_STATE);
        if (!matcher.canSkipDirectory(path, state)) pending.push({ path, absolute: listing.prefix + listing.names[index]!, state });
      }
    }
  }
  return listed;
}

/** A directory's entries with their types, or `null` when it is gone or may be passed over. */
function readDirectory(directory: PendingDirectory): Dirent[] | null {
  try {
    // The entry types come with the names (Node asks `lstat` itself where the file system does not say).
    return readdirSync(directory.absolute, { withFileTypes: true });
  } catch (error) {
    const code = errorCode(error);
    // BuildKit's walker tolerates a permission error where everything is excluded anyway.
    if (directory.state?.excluded && code === 'EACCES') return null;
    if (code === 'ENOENT' || code === 'ENOTDIR') return null; // removed or replaced while walking
    throw new ContextScanError(
      'unreadable',
      directory.path,
      `cannot read directory ${directory.path || '.'} of the build context: ${errorText(error)}`,
      { cause: error },
    );
  }
}

/** The directory's listing: the previous one when the names and types are the same, else built anew. */
function listingOf(directory: PendingDirectory, children: readonly Dirent[], previous: Listing | undefined): Listing {
  if (previous && previous.names.length === children.length) {
    let same = true;
    for (let index = 0; same && index < children.length; index++) {
      const child = children[index]!;
      same = child.name === previous.names[index] && child.isDirectory() === previous.dirs[index];
    }
    if (same) return previous;
  }
  const pathPrefix = directory.path === '' ? '' : directory.path + '/';
  const count = children.length;
  const names = new Array<string>(count);
  const dirs = new Array<boolean>(count);
  const paths = new Array<string>(count);
  for (let index = 0; index < count; index++) {
    const child = children[index]!;
    const name = child.name;
    names[index] = name;
    dirs[index] = child.isDirectory();
    paths[index] = pathPrefix + name;
  }
  // Absolute paths are made only where needed (see `LstatSession.add`); a root that is `/` ends in one already.
  const prefix = directory.absolute.endsWith(sep) ? directory.absolute : directory.absolute + sep;
  return { prefix, names, dirs, paths };
}

/** S_IFMT and the file types in it. */
const TYPE_MASK = 0o170000;
const TYPE_DIR = 0o040000;
const TYPE_FILE = 0o100000;
const TYPE_SYMLINK = 0o120000;

/**
 * The listed entries with their metadata, or `null` when one changed between being a directory and not
 * since it was listed (the walk would have gone wrong there, so it starts again). Entries gone since they were
 * listed are left out, as if the walk had not met them.
 */
function entriesOf(listed: ListedTree, stats: Float64Array, previous: WalkMemo | undefined): Walk | null {
  const entries: ContextEntry[] = [];
  const undecodable: UndecodableName[] = [];
  const rawListings = new Map<string, readonly Buffer[]>();
  const byListing = new Map<Listing, (ContextEntry | undefined)[]>();
  // Unchanged when every directory listed is one listed last time (so none is missing either) and every entry
  // is the one it gave last time.
  let unchanged = previous !== undefined && previous.entries.size === listed.listings.length;
  let at = 0;
  for (const listing of listed.listings) {
    const before = previous?.entries.get(listing);
    if (before === undefined) unchanged = false;
    const made = new Array<ContextEntry | undefined>(listing.paths.length);
    byListing.set(listing, made);
    for (let index = 0; index < listing.paths.length; index++, at += STAT_FIELDS) {
      const mode = stats[at]!;
      const path = listing.paths[index]!;
      if (mode === STAT_GONE) {
        unchanged = false;
        const raw = rawNameOf(dirname(listing.prefix + listing.names[index]!), listing.names[index]!, rawListings);
        if (raw) undecodable.push({ path, name: raw });
        continue;
      }
      if (mode === STAT_FAILED) throw statError(path, listing.prefix + listing.names[index]!);
      const type = typeOfMode(mode);
      if ((type === 'dir') !== listing.dirs[index]) return null;
      let linkTarget: string | undefined;
      if (type === 'symlink') {
        try {
          linkTarget = readlinkSync(listing.prefix + listing.names[index]!);
        } catch (error) {
          if (errorCode(error) === 'ENOENT') {
            unchanged = false;
            continue; // removed while walking
          }
          if (errorCode(error) === 'EINVAL') return null; // no longer a symlink
          const message = `cannot read symlink ${path} in the build context: ${errorText(error)}`;
          throw new ContextScanError('unreadable', path, message, { cause: error });
        }
      }
      const last = before?.[index];
      let entry: ContextEntry;
      if (last !== undefined && sameEntry(last, type, stats, at, linkTarget)) {
        entry = last;
      } else {
        entry = entryOf(path, type, stats, at, linkTarget);
        unchanged = false;
      }
      entries.push(entry);
      made[index] = entry;
    }
  }
  return { entries, unchanged, undecodable, memo: { listings: listed.byPath, entries: byListing } };
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

function typeOfMode(mode: number): ContextEntryType {
  const fileType = mode & TYPE_MASK;
  if (fileType === TYPE_FILE) return 'file';
  if (fileType === TYPE_DIR) return 'dir';
  return fileType === TYPE_SYMLINK ? 'symlink' : 'other';
}

/** The entry of `path` from the numbers of its `lstat` at `stats[at]`. */
function entryOf(
  path: string,
  type: ContextEntryType,
  stats: Float64Array,
  at: number,
  linkTarget: string | undefined,
): ContextEntry {
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

/** Whether `entry` is what {@link entryOf} would make of these numbers. */
function sameEntry(
  entry: ContextEntry,
  type: ContextEntryType,
  stats: Float64Array,
  at: number,
  linkTarget: string | undefined,
): boolean {
  return (
    entry.type === type &&
    entry.mode === (stats[at]! & 0o7777) &&
    entry.size === (type === 'dir' ? 0 : stats[at + 1]) &&
    entry.mtimeMs === stats[at + 2] &&
    entry.ino === stats[at + 3] &&
    entry.dev === stats[at + 4] &&
    entry.ctimeMs === stats[at + 5] &&
    (entry.uid ?? 0) === stats[at + 6] &&
    (entry.gid ?? 0) === stats[at + 7] &&
    entry.linkTarget === linkTarget
  );
}
