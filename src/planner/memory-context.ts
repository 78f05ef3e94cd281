/**
 * Build contexts held in memory: for tests, browsers and editors, where there is no directory to scan. The same
 * `.dockerignore` rules apply as for a scanned directory. File contents stay reachable (through
 * {@link contentOf}) so that a content hasher can be built on top without this module touching I/O or crypto.
 */

import type { BuildContext, ContextEntry, ContextEntryType } from './context-types.js';
import { createIgnoreMatcher, IgnoreFileError, parseDockerignore } from '../parser/dockerignore/index.js';
import { cleanPath, compareGoStrings } from '../parser/dockerignore/go-path.js';
import { applyIgnore } from './dockerignore.js';

/** One item of an in-memory context: file text (or bytes), a symlink, or a directory. */
export type MemoryFile =
  | string
  | { readonly content: string | Uint8Array; readonly mode?: number }
  | { readonly symlink: string }
  | { readonly dir: true; readonly mode?: number };

const DEFAULT_FILE_MODE = 0o644;
const DEFAULT_DIR_MODE = 0o755;
const SYMLINK_MODE = 0o777;

const contents = new WeakMap<BuildContext, ReadonlyMap<string, Uint8Array>>();

/**
 * An in-memory context from a map of context-relative paths. Parent directories are implied (mode 755). Without
 * `ignoreText`, a `.dockerignore` among the files is applied; `null` applies none; a string is applied as the
 * ignore file's text (and `ignoreFile` is then `null`: it came from no file). Entries get inode numbers in path
 * order, device 0 and mtime 0.
 *
 * @throws IgnoreFileError when the ignore text has a pattern Docker refuses.
 * @example contextFromFiles({ 'src/app.js': 'console.log(1)', 'run.sh': { content: '#!/bin/sh', mode: 0o755 } })
 */
export function contextFromFiles(
  files: Readonly<Record<string, MemoryFile>>,
  ignoreText?: string | null,
): BuildContext {
  const encoder = new TextEncoder();
  const byPath = new Map<string, { type: ContextEntryType; mode: number; bytes?: Uint8Array; linkTarget?: string }>();
  for (const [given, file] of Object.entries(files)) {
    const path = contextPath(given);
    if (typeof file === 'string') byPath.set(path, { type: 'file', mode: DEFAULT_FILE_MODE, bytes: encoder.encode(file) });
    else if ('symlink' in file) byPath.set(path, { type: 'symlink', mode: SYMLINK_MODE, linkTarget: file.symlink });
    else if ('dir' in file) byPath.set(path, { type: 'dir', mode: (file.mode ?? DEFAULT_DIR_MODE) & 0o7777 });
    else {
      const bytes = typeof file.content === 'string' ? encoder.encode(file.content) : file.content;
      byPath.set(path, { type: 'file', mode: (file.mode ?? DEFAULT_FILE_MODE) & 0o7777, bytes });
    }
  }
  for (const path of [...byPath.keys()]) {
    for (let slash = path.lastIndexOf('/'); slash > 0; slash = path.lastIndexOf('/', slash - 1)) {
      const parent = path.slice(0, slash);
      const existing = byPath.get(parent);
      if (existing && existing.type !== 'dir') throw new Error(`contextFromFiles: ${parent} is not a directory`);
      if (!existing) byPath.set(parent, { type: 'dir', mode: DEFAULT_DIR_MODE });
    }
  }

  const all: ContextEntry[] = [...byPath.keys()].sort(compareGoStrings).map((path, index) => {
    const item = byPath.get(path) as NonNullable<ReturnType<typeof byPath.get>>;
    const size =
      item.type === 'dir' ? 0 : item.type === 'symlink' ? encoder.encode(item.linkTarget).length : (item.bytes?.length ?? 0);
    const entry: ContextEntry = { path, type: item.type, mode: item.mode, size, mtimeMs: 0, ino: index + 1, dev: 0 };
    return item.linkTarget === undefined ? entry : { ...entry, linkTarget: item.linkTarget };
  });

  let text: string | null = null;
  let ignoreFile: string | null = null;
  if (ignoreText === undefined) {
    const own = byPath.get('.dockerignore');
    if (own?.type === 'file' && own.bytes) {
      text = new TextDecoder().decode(own.bytes);
      ignoreFile = '.dockerignore';
    }
  } else text = ignoreText;

  const patterns = text === null ? [] : parseDockerignore(text);
  const matcher = createIgnoreMatcher(patterns);
  if (matcher.errors.length > 0) throw new IgnoreFileError(ignoreFile, matcher.errors);
  const kept = applyIgnore(all, matcher);

  const context: BuildContext = {
    root: null,
    entries: new Map(kept.map((entry) => [entry.path, entry])),
    ignoreFile,
    ignorePatterns: patterns.map((pattern) => pattern.text),
  };
  const bytes = new Map<string, Uint8Array>();
  for (const entry of kept) {
    const data = byPath.get(entry.path)?.bytes;
    if (entry.type === 'file' && data) bytes.set(entry.path, data);
  }
  contents.set(context, bytes);
  return context;
}

/** The bytes of a regular file of an in-memory context; `undefined` for other entries and other contexts. */
export function contentOf(context: BuildContext, path: string): Uint8Array | undefined {
  return contents.get(context)?.get(path);
}

/** Every regular file's bytes of an in-memory context by path (empty for a context not made here). */
export function memoryContents(context: BuildContext): ReadonlyMap<string, Uint8Array> {
  return contents.get(context) ?? new Map();
}

function contextPath(given: string): string {
  let path = cleanPath(given);
  while (path.startsWith('/')) path = path.slice(1);
  if (path === '' || path === '.' || path === '..' || path.startsWith('../')) {
    throw new Error(`contextFromFiles: ${JSON.stringify(given)} is not a path inside the context`);
  }
  return path;
}
