/**
 * Finding Dockerfiles under the paths given on the command line: files as given, directories searched
 * recursively for `Dockerfile`, `Containerfile`, `*.Dockerfile`, `*.dockerfile`, `Dockerfile.*` and
 * `Containerfile.*`, skipping `.git`, `node_modules` and what the `.gitignore` files along the way exclude.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { reasonOf } from './file-errors.js';

const DOCKERFILE_NAME = /^(?:Dockerfile|Containerfile)(?:\..+)?$|\.(?:Dockerfile|dockerfile|Containerfile|containerfile)$/;
const ALWAYS_SKIPPED = new Set(['.git', 'node_modules']);

/** Whether a file name looks like a Dockerfile. */
export function isDockerfileName(name: string): boolean {
  return DOCKERFILE_NAME.test(name);
}

/** One `.gitignore` rule, relative to the directory that holds the file. */
interface IgnoreRule {
  readonly base: string;
  readonly pattern: RegExp;
  readonly negated: boolean;
  readonly directoryOnly: boolean;
}

function globToRegExp(glob: string): RegExp {
  let out = '';
  for (let i = 0; i < glob.length; i++) {
    const char = glob[i] as string;
    if (char === '*') {
      if (glob[i + 1] === '*') {
        out += '.*';
        i++;
        if (glob[i + 1] === '/') i++;
      } else out += '[^/]*';
    } else if (char === '?') out += '[^/]';
    else out += char.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${out}$`);
}

/** Reads a `.gitignore` (the common subset: globs, `**`, `!`, trailing `/`, leading `/` anchoring). */
function parseGitignore(text: string, base: string): IgnoreRule[] {
  const rules: IgnoreRule[] = [];
  for (const rawLine of text.split(/\r?\n/)) {
    let line = rawLine.trimEnd();
    if (line === '' || line.startsWith('#')) continue;
    const negated = line.startsWith('!');
    if (negated) line = line.slice(1);
    const directoryOnly = line.endsWith('/');
    if (directoryOnly) line = line.slice(0, -1);
    const anchored = line.includes('/');
    if (line.startsWith('/')) line = line.slice(1);
    const pattern = globToRegExp(anchored ? line : `**/${line}`);
    rules.push({ base, pattern, negated, directoryOnly });
  }
  return rules;
}

function ignored(rules: readonly IgnoreRule[], path: string, isDirectory: boolean): boolean {
  let result = false;
  for (const rule of rules) {
    if (rule.directoryOnly && !isDirectory) continue;
    const rel = relative(rule.base, path).split(sep).join('/');
    if (rel.startsWith('..')) continue;
    if (rule.pattern.test(rel) || rule.pattern.test(rel.replace(/^.*?\//, ''))) result = !rule.negated;
  }
  return result;
}

/** A Dockerfile to lint: the path to show (as the user wrote it) and the path to read. */
export interface FoundFile {
  readonly display: string;
  readonly path: string;
}

/** A path that could not be read, shown as the user would name it, with why (`permission denied`). */
export interface UnreadablePath {
  readonly display: string;
  readonly reason: string;
}

/** Why a path could not be read: an absent path in the words of `ls`, anything else as the system says. */
function whyUnreadable(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR' ? 'no such file or directory' : reasonOf(error);
}

/** What one folder's search found, in the order a depth-first walk in name order meets it. */
interface WalkResult {
  readonly found: string[];
  readonly skipped: { path: string; reason: string }[];
}

/**
 * Collects the Dockerfiles below `directory`. A folder inside it that cannot be listed is skipped and noted in
 * `skipped`, the rest still searched: one locked folder must not hide every Dockerfile next to it. Subfolders
 * are searched side by side (one after the other, a large tree kept the process waiting on each listing in
 * turn), and their results joined in name order.
 */
async function walk(directory: string, rules: readonly IgnoreRule[]): Promise<WalkResult> {
  let entries;
  try {
    entries = await readdir(directory, { withFileTypes: true });
  } catch (error) {
    return { found: [], skipped: [{ path: directory, reason: whyUnreadable(error) }] };
  }
  let local = rules;
  // Only a folder that lists a .gitignore has one to read.
  if (entries.some((entry) => entry.name === '.gitignore' && !entry.isDirectory())) {
    try {
      local = [...rules, ...parseGitignore(await readFile(join(directory, '.gitignore'), 'utf8'), directory)];
    } catch {
      // An unreadable .gitignore excludes nothing.
    }
  }
  entries.sort((a, b) => a.name.localeCompare(b.name));
  const parts: (string | Promise<WalkResult>)[] = [];
  for (const entry of entries) {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) {
      if (ALWAYS_SKIPPED.has(entry.name) || ignored(local, path, true)) continue;
      parts.push(walk(path, local));
    } else if (entry.isFile() && isDockerfileName(entry.name) && !ignored(local, path, false)) {
      parts.push(path);
    }
  }
  const result: WalkResult = { found: [], skipped: [] };
  for (const part of parts) {
    if (typeof part === 'string') {
      result.found.push(part);
      continue;
    }
    const below = await part;
    for (const path of below.found) result.found.push(path);
    for (const folder of below.skipped) result.skipped.push(folder);
  }
  return result;
}

/** What discovery found: the Dockerfiles, the paths given that cannot be read, and folders below them skipped. */
export interface Discovery {
  readonly files: FoundFile[];
  /** Paths given on the command line that cannot be read (missing, or e.g. permission denied). */
  readonly unreadable: UnreadablePath[];
  /** Folders below a given directory that could not be listed; what they hold is not linted or formatted. */
  readonly skipped: UnreadablePath[];
}

/**
 * Expands command-line paths, relative to `cwd`, into Dockerfiles; `-` stays as standard input. Files are
 * shown as the user named them (joined with what discovery found below a named directory).
 */
export async function discoverDockerfiles(paths: readonly string[], cwd: string): Promise<Discovery> {
  const files: FoundFile[] = [];
  const unreadable: UnreadablePath[] = [];
  const skipped: UnreadablePath[] = [];
  for (const given of paths) {
    if (given === '-') {
      files.push({ display: '-', path: '-' });
      continue;
    }
    const absolute = resolve(cwd, given);
    let info;
    try {
      info = await stat(absolute);
    } catch (error) {
      unreadable.push({ display: given, reason: whyUnreadable(error) });
      continue;
    }
    if (info.isDirectory()) {
      const { found, skipped: locked } = await walk(absolute, []);
      for (const path of found) files.push({ display: join(given, relative(absolute, path)), path });
      for (const { path, reason } of locked) skipped.push({ display: join(given, relative(absolute, path)), reason });
    } else files.push({ display: given, path: absolute });
  }
  return { files, unreadable, skipped };
}

/** `dfkit: …` lines for what discovery could not read: paths given (errors) and folders skipped (warnings). */
export function discoveryMessages(discovery: Discovery): string {
  const errors = discovery.unreadable.map(({ display, reason }) => `dfkit: cannot read '${display}': ${reason}\n`);
  const warnings = discovery.skipped.map(({ display, reason }) => `dfkit: warning: cannot read directory '${display}': ${reason}; its Dockerfiles are skipped\n`);
  return [...errors, ...warnings].join('');
}

/** `dfkit: no Dockerfile found in 'a', 'b'`: which paths were searched, so the user can tell which was wrong. */
export function nothingFoundMessage(paths: readonly string[]): string {
  return `dfkit: no Dockerfile found in ${paths.map((path) => `'${path}'`).join(', ')}\n`;
}
