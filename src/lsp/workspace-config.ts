/**
 * Lint options per document, from the configuration files of its workspace folder: hadolint's lookup and
 * `.dfkit.yaml`, found and merged by `src/lint/config.ts` exactly as `dfkit lint` does with the folder as the
 * working directory. Like the CLI, the build context is the Dockerfile's folder, so its `.dockerignore` (or
 * `<Dockerfile>.dockerignore`) feeds the rules that look at the context.
 *
 * Results are cached per folder and per context folder; a watched configuration or ignore file changing clears
 * the cache. The rules are the built-in ones, the configuration's plugins when the client allows importing
 * them (they load in the background, and the caller is told when a folder's rules changed), and rules the
 * server adds (ShellCheck's).
 */
import { readFileSync, type Stats } from 'node:fs';
import { dirname, relative, isAbsolute, sep } from 'node:path';
import { builtinRules, type LintOptions, type RuleModule } from '../lint/index.js';
import { resolveConfig, toLintOptions, unknownRuleProblems, type ConfigProblem } from '../lint/config.js';
import { loadPlugins } from '../lint/node/plugins.js';
import { buildContextIn } from '../lint/node/context-file.js';
import { ignoreFileFor } from '../planner/index.js';

export interface WorkspaceConfigOptions {
  readonly home: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Called once per resolution with what was wrong in the configuration files (shown to the user). */
  readonly onProblems?: (folder: string, problems: readonly ConfigProblem[]) => void;
  /** Called when a folder's plugins have been loaded: its documents' options changed. */
  readonly onRulesChanged?: () => void;
}

/** A folder's plugins: loading, or loaded (`rules`), for one list of plugins. */
interface FolderPlugins {
  /** The plugin list these rules come from. */
  readonly key: string;
  rules: readonly RuleModule[];
  /** Whether the rules are from before the configuration was last re-read (a load of the current files is due). */
  stale: boolean;
  loading: boolean;
}

interface FolderConfig {
  readonly options: LintOptions;
  readonly rules: readonly RuleModule[];
  readonly files: readonly string[];
}

interface IgnoreInfo {
  readonly present: boolean;
  readonly text?: string;
}

/**
 * The largest ignore file read. Real ones are a few hundred bytes; the cap keeps a mistaken one (a generated
 * list, a log written to the wrong name) from being read and matched against on every keystroke.
 */
export const MAX_IGNORE_FILE_BYTES = 1024 * 1024;

/** The configuration files and ignore files whose change clears the cache (glob patterns for file watching). */
export const WATCHED_FILES = ['**/.hadolint.{yaml,yml}', '**/.dfkit.{yaml,yml}', '**/.dockerignore', '**/*.dockerignore'];

export class WorkspaceConfig {
  #folders: string[] = [];
  readonly #byFolder = new Map<string, FolderConfig>();
  /** Per Dockerfile, what its context's ignore file says. */
  readonly #ignores = new Map<string, IgnoreInfo>();
  /** Per ignore file, what it says: Dockerfiles sharing a context read (and report) it once. */
  readonly #ignoreFiles = new Map<string, IgnoreInfo>();
  /** Options per document file, kept so that an unchanged configuration is the same object (cheap to compare). */
  readonly #byFile = new Map<string, LintOptions>();
  readonly #options: WorkspaceConfigOptions;
  /** Rules every document is linted with besides the built-in ones and plugins (the server's ShellCheck rule). */
  #addedRules: readonly RuleModule[] = [];
  /** Whether the configuration's plugins may be imported (the client's choice: it runs the workspace's code). */
  #pluginsAllowed = false;
  readonly #plugins = new Map<string, FolderPlugins>();
  #defaults: FolderConfig | null = null;

  constructor(options: WorkspaceConfigOptions) {
    this.#options = options;
  }

  /** Sets the workspace folders (file system paths); the deepest folder containing a file is its folder. */
  setFolders(folders: readonly string[]): void {
    this.#folders = [...folders].sort((a, b) => b.length - a.length);
    this.invalidate();
  }

  /** The workspace folders (file system paths). */
  folders(): readonly string[] {
    return this.#folders;
  }

  /**
   * Forgets every resolved configuration and ignore file. Loaded plugins stay in use until they are loaded
   * again (a plugin file that changed is imported anew), so their findings do not blink out meanwhile.
   */
  invalidate(): void {
    this.#forgetOptions();
    this.#ignores.clear();
    this.#ignoreFiles.clear();
    for (const plugins of this.#plugins.values()) plugins.stale = true;
  }

  /** Sets the rules linted with besides the built-in ones and plugins. */
  setAddedRules(rules: readonly RuleModule[]): void {
    this.#addedRules = rules;
    this.#forgetOptions();
  }

  /** Allows or forbids importing the plugins configuration files name. */
  allowPlugins(allowed: boolean): void {
    this.#pluginsAllowed = allowed;
    this.#plugins.clear();
    this.#forgetOptions();
  }

  #forgetOptions(): void {
    this.#byFolder.clear();
    this.#byFile.clear();
    this.#defaults = null;
  }

  /** The workspace folder holding `file`, or `null`. */
  folderOf(file: string): string | null {
    return this.#folders.find((folder) => contains(folder, file)) ?? null;
  }

  /**
   * Lint options for a document: its folder's configuration (or, outside every folder, the configuration
   * found from the file's own directory), plus its build context's ignore file. `file` is `null` for an
   * unsaved document, which gets the configuration found from the first folder and no context settings.
   */
  optionsFor(file: string | null): LintOptions {
    const folder = file ? (this.folderOf(file) ?? dirname(file)) : (this.#folders.at(-1) ?? null);
    const config = folder === null ? this.#defaultConfig() : this.#folderConfig(folder);
    if (file === null) return config.options;
    const known = this.#byFile.get(file);
    if (known) return known;
    const ignore = this.#ignoreFor(file);
    const base = config.options;
    const options: LintOptions = {
      ...base,
      settings: {
        ...base.settings,
        dockerignore: ignore.present ? 'present' : 'absent',
        ...(ignore.text !== undefined ? { dockerignoreText: ignore.text } : {}),
        buildContext: buildContextIn(dirname(file)),
      },
    };
    this.#byFile.set(file, options);
    return options;
  }

  /** The configuration files read for `folder` (for logging). */
  filesFor(folder: string): readonly string[] {
    return this.#folderConfig(folder).files;
  }

  #folderConfig(folder: string): FolderConfig {
    let config = this.#byFolder.get(folder);
    if (!config) {
      const resolved = resolveConfig({ cwd: folder, home: this.#options.home, env: this.#options.env });
      const plugins = this.#pluginsOf(folder, resolved.config.plugins);
      const rules = [...builtinRules, ...plugins.rules, ...this.#addedRules];
      // While plugins load, problems wait for the configuration made when they are in (told once, with the
      // rule names checked against every rule); rule names are not checked when plugins may not be loaded.
      if (plugins.state !== 'loading') {
        const problems = plugins.state === 'final' ? [...resolved.problems, ...unknownRuleProblems(resolved.config, rules)] : resolved.problems;
        if (problems.length > 0) this.#options.onProblems?.(folder, problems);
      }
      config = { options: { ...toLintOptions(resolved.config, rules), rules }, rules, files: resolved.files };
      this.#byFolder.set(folder, config);
    }
    return config;
  }

  #defaultConfig(): FolderConfig {
    const rules = [...builtinRules, ...this.#addedRules];
    return (this.#defaults ??= { options: { rules }, rules, files: [] });
  }

  /**
   * The plugin rules a folder's configuration names, as far as they are loaded: a load is started when none
   * is loaded or the configuration was re-read, and the folder's configuration is made again when it ends.
   */
  #pluginsOf(
    folder: string,
    specifiers: readonly string[],
  ): { rules: readonly RuleModule[]; state: 'final' | 'loading' | 'forbidden' } {
    if (specifiers.length === 0) {
      this.#plugins.delete(folder);
      return { rules: [], state: 'final' };
    }
    if (!this.#pluginsAllowed) {
      if (!this.#plugins.has(folder)) {
        this.#plugins.set(folder, { key: '', rules: [], stale: false, loading: false });
        const shown = specifiers.map((specifier) => (isAbsolute(specifier) ? relative(folder, specifier) : specifier));
        const message =
          `plugins not loaded (${shown.join(', ')}): the editor has not allowed the server to run ` +
          'the workspace\'s code (initializationOptions.plugins); dfkit lint loads them';
        this.#options.onProblems?.(folder, [{ severity: 'warning', source: 'configuration', key: 'plugins', message }]);
      }
      return { rules: [], state: 'forbidden' };
    }
    const key = specifiers.join('\0');
    let plugins = this.#plugins.get(folder);
    if (plugins && plugins.key !== key) plugins = undefined;
    if (plugins && !plugins.stale) return { rules: plugins.rules, state: plugins.loading ? 'loading' : 'final' };
    const entry: FolderPlugins = plugins ?? { key, rules: [], stale: false, loading: true };
    entry.stale = false;
    entry.loading = true;
    this.#plugins.set(folder, entry);
    void loadPlugins(specifiers, folder, { reloadChanged: true })
      .then(({ rules, problems }) => {
        // A newer load (or a change of the allowance) took this one's place.
        if (this.#plugins.get(folder) !== entry || entry.stale) return;
        entry.rules = rules;
        entry.loading = false;
        if (problems.length > 0) {
          this.#options.onProblems?.(folder, problems.map((message) => ({ severity: 'error', source: 'configuration', key: 'plugins', message })));
        }
        this.#forgetOptions();
        this.#options.onRulesChanged?.();
      })
      // loadPlugins never rejects; what can fail is telling a client that has gone away, and then no one is left to tell.
      .catch(() => {});
    return { rules: entry.rules, state: 'loading' };
  }

  #ignoreFor(file: string): IgnoreInfo {
    let info = this.#ignores.get(file);
    if (!info) {
      const found = ignoreFileFor(dirname(file), file);
      info = found ? this.#ignoreFile(found.path, found.stats) : { present: false };
      this.#ignores.set(file, info);
    }
    return info;
  }

  #ignoreFile(path: string, stats: Stats): IgnoreInfo {
    let info = this.#ignoreFiles.get(path);
    if (!info) {
      info = stats.size > MAX_IGNORE_FILE_BYTES ? this.#oversized(path, stats.size) : readIgnoreFile(path);
      this.#ignoreFiles.set(path, info);
    }
    return info;
  }

  /** An ignore file too large to read: it is there (the context has one), but its patterns are not used. */
  #oversized(path: string, size: number): IgnoreInfo {
    const mib = (bytes: number): string => `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
    const message = `${path}: not read, ${mib(size)} is over the ${mib(MAX_IGNORE_FILE_BYTES)} limit for an ignore file`;
    this.#options.onProblems?.(dirname(path), [{ severity: 'warning', source: path, message }]);
    return { present: true };
  }
}

function readIgnoreFile(path: string): IgnoreInfo {
  try {
    return { present: true, text: readFileSync(path, 'utf8') };
  } catch {
    return { present: true };
  }
}

function contains(folder: string, file: string): boolean {
  const path = relative(folder, file);
  return path !== '' && !path.startsWith(`..${sep}`) && path !== '..' && !isAbsolute(path);
}
