/**
 * Finding Dockerfiles under the paths given on the command line: files as given, directories searched
 * recursively for `Dockerfile`, `Containerfile`, `*.Dockerfile`, `*.dockerfile`, `Dockerfile.*` and
 * `Containerfile.*`, skipping `.git`, `node_modules` and what the `.gitignore` files along the way exclude.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';

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

async function walk(directory: string, rules: readonly IgnoreRule[], out: string[]): Promise<void> {
  let local = rules;
  try {
    local = [...rules, ...parseGitignore(await readFile(join(directory, '.gitignore'), 'utf8'), directory)];
  } catch {
    // No .gitignore here.
  }
  const entries = await readdir(directory, { withFileTypes: true });
  entries.sort((a, b) => a.name.localeCompare(b.name));
  for (const entry of entries) {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) {
      if (ALWAYS_SKIPPED.has(entry.name) || ignored(local, path, true)) continue;
      await walk(path, local, out);
    } else if (entry.isFile() && isDockerfileName(entry.name) && !ignored(local, path, false)) {
      out.push(path);
    }
  }
}

/**
 * Expands command-line paths, relative to `cwd`, into Dockerfiles; `-` stays as standard input. Files are
 * shown as the user named them (joined with what discovery found below a named directory).
 */
export async function discoverDockerfiles(
  paths: readonly string[],
  cwd: string,
): Promise<{ files: FoundFile[]; missing: string[] }> {
  const files: FoundFile[] = [];
  const missing: string[] = [];
  for (const given of paths) {
    if (given === '-') {
      files.push({ display: '-', path: '-' });
      continue;
    }
    const absolute = resolve(cwd, given);
    try {
      const info = await stat(absolute);
      if (info.isDirectory()) {
        const found: string[] = [];
        await walk(absolute, [], found);
        for (const path of found) files.push({ display: join(given, relative(absolute, path)), path });
      } else files.push({ display: given, path: absolute });
    } catch {
      missing.push(given);
    }
  }
  return { files, missing };
}
