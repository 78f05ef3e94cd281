/**
 * Custom rules from the configuration's `plugins:` list: module paths (relative to the working directory
 * unless the config resolved them) or package names. A plugin exports `rules` (an array of rule modules),
 * a default export that is such an array or a single rule, or named rule exports.
 */
import { readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { RuleModule } from '../index.js';

function isRuleModule(value: unknown): value is RuleModule {
  if (!value || typeof value !== 'object') return false;
  const candidate = value as { meta?: { id?: unknown; docs?: unknown }; create?: unknown };
  return typeof candidate.create === 'function' && typeof candidate.meta?.id === 'string' && !!candidate.meta.docs;
}

function rulesOf(exports: Record<string, unknown>): RuleModule[] {
  const found: RuleModule[] = [];
  const take = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(take);
    else if (isRuleModule(value) && !found.includes(value)) found.push(value);
  };
  take(exports['rules']);
  take(exports['default']);
  for (const [name, value] of Object.entries(exports)) if (name !== 'rules' && name !== 'default') take(value);
  return found;
}

/**
 * Where a package name's entry module is, looked up from `directory` the way Node looks up a dependency of a
 * module there. dfkit may run from a global install or npx's cache, where its own lookup would never reach
 * the project's `node_modules`. An ES-module-only package (its `exports` offer no `require` entry) is found
 * through its `package.json`.
 */
function resolvePackage(specifier: string, directory: string): string | undefined {
  const require = createRequire(join(directory, 'package.json'));
  try {
    const resolved = require.resolve(specifier);
    // A built-in module resolves to its bare name: nothing to look up on disk.
    return isAbsolute(resolved) ? pathToFileURL(resolved).href : undefined;
  } catch (error) {
    if ((error as { code?: unknown }).code !== 'ERR_PACKAGE_PATH_NOT_EXPORTED') return undefined;
  }
  const { name, subpath } = splitPackageName(specifier);
  for (const folder of require.resolve.paths(specifier) ?? []) {
    const root = join(folder, name);
    let manifest: { exports?: unknown };
    try {
      manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { exports?: unknown };
    } catch {
      continue;
    }
    const target = importTarget(manifest.exports, subpath);
    return target === undefined ? undefined : pathToFileURL(join(root, target)).href;
  }
  return undefined;
}

function splitPackageName(specifier: string): { name: string; subpath: string } {
  const parts = specifier.split('/');
  const length = specifier.startsWith('@') ? 2 : 1;
  const rest = parts.slice(length).join('/');
  return { name: parts.slice(0, length).join('/'), subpath: rest === '' ? '.' : `./${rest}` };
}

/** The file an `exports` field gives an `import` of `subpath` under Node's conditions (`import`, `node`, `default`). */
function importTarget(exports: unknown, subpath: string): string | undefined {
  if (typeof exports === 'string' || Array.isArray(exports)) return subpath === '.' ? conditional(exports) : undefined;
  if (!exports || typeof exports !== 'object') return undefined;
  const entries = exports as Record<string, unknown>;
  const isSubpathMap = Object.keys(entries).some((key) => key.startsWith('.'));
  if (!isSubpathMap) return subpath === '.' ? conditional(entries) : undefined;
  return conditional(entries[subpath]);
}

function conditional(target: unknown): string | undefined {
  if (typeof target === 'string') return target;
  if (Array.isArray(target)) {
    for (const candidate of target) {
      const found = conditional(candidate);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  if (!target || typeof target !== 'object') return undefined;
  for (const [condition, value] of Object.entries(target as Record<string, unknown>)) {
    if (condition !== 'import' && condition !== 'node' && condition !== 'default') continue;
    const found = conditional(value);
    if (found !== undefined) return found;
  }
  return undefined;
}

/**
 * Node's own message for a module it cannot find names the file that imported it, which for a plugin is one of
 * dfkit's bundles: say what was looked for instead. A module the plugin itself imports keeps Node's message,
 * which then names the plugin's file.
 */
function loadFailure(specifier: string, target: string, error: unknown): string {
  const code = (error as { code?: unknown }).code;
  const message = error instanceof Error ? error.message : String(error);
  const missingItself = code === 'ERR_MODULE_NOT_FOUND' && (message.includes(`'${target}'`) || message.includes(`'${fileTarget(target)}'`));
  if (missingItself) {
    return target.startsWith('file:')
      ? `cannot load plugin '${specifier}': no such file ${fileTarget(target)}`
      : `cannot load plugin '${specifier}': no package of that name is installed (looked in node_modules from the working directory up, and beside dfkit)`;
  }
  return `cannot load plugin '${specifier}': ${message}`;
}

function fileTarget(target: string): string {
  return target.startsWith('file:') ? fileURLToPath(target) : target;
}

export interface LoadPluginsOptions {
  /**
   * Import a plugin file again when it changed since it was last imported (a long-running process, such as the
   * language server, picking up an edited rule). Node keeps every module it imported, so each changed version
   * is a new module; only the plugin's own file is looked at, not the modules it imports.
   */
  readonly reloadChanged?: boolean;
}

/**
 * Imports the plugins a configuration names (paths relative to `cwd`, or package names looked up from `cwd`)
 * and collects their rules. Never throws: what could not be loaded is a problem in words, naming the plugin.
 */
export async function loadPlugins(
  specifiers: readonly string[],
  cwd: string,
  options: LoadPluginsOptions = {},
): Promise<{ rules: RuleModule[]; problems: string[] }> {
  const rules: RuleModule[] = [];
  const problems: string[] = [];
  for (const specifier of specifiers) {
    if (specifier.trim() === '') {
      problems.push('cannot load plugin \'\': expected a module path or package name');
      continue;
    }
    const isPath = specifier.startsWith('.') || isAbsolute(specifier);
    const target = isPath ? pathToFileURL(resolve(cwd, specifier)).href : (resolvePackage(specifier, cwd) ?? specifier);
    try {
      const loaded = rulesOf((await import(options.reloadChanged ? versioned(target) : target)) as Record<string, unknown>);
      if (loaded.length === 0) problems.push(`plugin '${specifier}' exports no rule (expected { meta, create } objects)`);
      rules.push(...loaded);
    } catch (error) {
      problems.push(loadFailure(specifier, target, error));
    }
  }
  return { rules, problems };
}

/** A file URL with the file's modification time as its query, so that a changed file is a new module to Node. */
function versioned(target: string): string {
  if (!target.startsWith('file:')) return target;
  try {
    return `${target}?mtime=${statSync(fileURLToPath(target)).mtimeMs}`;
  } catch {
    // Missing or unreadable: the import reports it.
    return target;
  }
}
