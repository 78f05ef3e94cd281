/**
 * What the dependency installs of each package manager read from the build context, for the rule that moves an
 * install above the copy of the sources (`dependency-install-order`): the manifest and lock files to copy
 * first, whether the install also reads the project itself, and the COPY lines that put those files where the
 * full copy would have.
 */
import { ignoreMatcherFor } from './ignore-matcher.js';
import { headThenTailInStep, headWithoutInStep, stepEndFrom, yarnInstall, type InstallPattern } from './install-patterns.js';
import type { BuildContextFiles, LintSettings } from './types.js';
import { lastLineTerminator } from '../parser/line-terminators.js';
import { withoutTrailing } from '../parser/trailing.js';

/**
 * The files an install reads, as context paths: `required` ones it cannot run without, `optional` ones (lock files
 * a project may not have) it reads when they are there.
 */
export interface Manifests {
  readonly required: readonly string[];
  readonly optional: readonly string[];
}

/** A package manager's dependency install step and the files it needs. */
export interface Ecosystem {
  readonly name: string;
  /** Matches the install command inside a RUN's command text. */
  readonly install: InstallPattern;
  /**
   * The manifest and lock files to copy before installing, or `null` when they cannot be told from the command
   * (or, with the build context known, when the install reads more than files it can name). `destination` is
   * where the broad copy puts the context.
   */
  readonly manifests: (command: string, destination: string, context: BuildContextFiles | undefined) => Manifests | null;
  /**
   * Whether the install would read more of the context than its manifests, so it cannot run before the
   * sources are copied (the reordering fix is then not offered): told from its options, and from the
   * manifests when the build context is known (`read` answers `undefined` otherwise).
   */
  readonly needsSources?: (command: string, read: (path: string) => string | undefined) => boolean;
}

const files = (required: readonly string[], optional: readonly string[] = []): Manifests => ({ required, optional });

/** npm, yarn and pnpm run the package's own lifecycle scripts and link its local packages, from the sources. */
function nodeNeedsSources(command: string, read: (path: string) => string | undefined): boolean {
  if (read('pnpm-workspace.yaml') !== undefined) return true;
  const manifest = jsonObject(read('package.json'));
  if (manifest === null) return false;
  if (manifest['workspaces'] !== undefined) return true;
  for (const key of ['dependencies', 'devDependencies', 'optionalDependencies']) {
    const deps = manifest[key];
    if (typeof deps !== 'object' || deps === null) continue;
    for (const spec of Object.values(deps)) if (typeof spec === 'string' && /^(?:file|link|workspace|portal):/.test(spec)) return true;
  }
  const scripts = manifest['scripts'];
  const runsScripts = typeof scripts === 'object' && scripts !== null && LIFECYCLE.some((name) => name in scripts);
  return runsScripts && !/\s--ignore-scripts\b/.test(command);
}

/** The package's own scripts an install runs. */
const LIFECYCLE = ['preinstall', 'install', 'postinstall', 'prepare'];

function jsonObject(text: string | undefined): Record<string, unknown> | null {
  if (text === undefined) return null;
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** A manifest that names a dependency by a path in the project (`path = "../lib"`, `path: "lib"`). */
const PATH_DEPENDENCY = /\bpath\s*(?:=|:|=>)\s*["']/;

/**
 * A Gemfile line that starts with `gemspec`. The blanks before it stop at a line's end: `^\s*gemspec` let them
 * run over every following empty line, from each line start (quadratic on a long run of them).
 */
export const GEMSPEC_LINE = /^[^\S\n\r\u2028\u2029]*gemspec\b/m;

/** A pyproject.toml dependency given by a path (PEP 508 `name @ file:///…`, or a table's `path = "…"`). */
const PYTHON_PATH_DEPENDENCY = /@\s*file:|\bpath\s*=\s*["']/;

/** A YAML key `path:` at the start of a line (the blanks before it stop at a line's end, as in GEMSPEC_LINE). */
const YAML_PATH_KEY = /^[^\S\n\r\u2028\u2029]*path\s*:/m;

/** A mix.exs of an umbrella or one of its apps, or one that reads a file of the project when it is loaded. */
const MIX_READS_PROJECT = /\bapps_path\s*:|\bin_umbrella\s*:\s*true|\bFile\.read!?\s*\(|\bCode\.(?:eval|require)_file\b/;

/**
 * A pubspec key that makes `pub get` read the project: a dependency's `path:`, a workspace's `workspace:` or a
 * member's `resolution: workspace`. The blanks before it stop at a line's end (as in GEMSPEC_LINE).
 */
const PUBSPEC_FROM_PROJECT = /^[^\S\n\r\u2028\u2029]*(?:path\s*:|workspace\s*:|resolution\s*:\s*workspace\b)/m;

/**
 * Whether a Package.swift names a package dependency by a local path (`.package(path: "../Shared")`, also after a
 * `name:`). Read token by token, each once: `/\.package\s*\([^)]*\bpath\s*:/` would read on from every
 * `.package(` to the next `)`, over and over in a file of unclosed ones.
 */
export function hasLocalSwiftPackage(manifest: string): boolean {
  const tokens = /\.package\s*\(|\)|\bpath\s*:/g;
  let inPackage = false;
  for (let match = tokens.exec(manifest); match; match = tokens.exec(manifest)) {
    const token = match[0];
    if (token === ')') inPackage = false;
    else if (token.startsWith('.')) inPackage = true;
    else if (inPackage) return true;
  }
  return false;
}

export const ECOSYSTEMS: readonly Ecosystem[] = [
  {
    name: 'npm',
    install: /\bnpm\s+ci\b/,
    manifests: () => files(['package.json', 'package-lock.json']),
    needsSources: nodeNeedsSources,
  },
  {
    name: 'npm',
    install: /\bnpm\s+(?:install|i)\b(?!\s+[^-\s&|;])/,
    manifests: () => files(['package*.json']),
    needsSources: nodeNeedsSources,
  },
  {
    name: 'yarn',
    install: yarnInstall,
    manifests: () => files(['package.json'], ['yarn.lock']),
    needsSources: nodeNeedsSources,
  },
  {
    name: 'pnpm',
    install: /\bpnpm\s+(?:install|i)\b/,
    manifests: () => files(['package.json'], ['pnpm-lock.yaml']),
    needsSources: nodeNeedsSources,
  },
  {
    name: 'pip',
    install: headThenTailInStep(/\bpip3?\s+install\b/, /\s(?:-r|--requirement)[=\s]+\S+/),
    manifests: (command, destination, context) => {
      // Every requirements and constraints file the installs name (`-r a.txt -r dev.txt -c c.txt`).
      const paths: string[] = [];
      for (const match of pipInstallSteps(command).matchAll(/\s(?:-r|--requirement|-c|--constraint)(?:=|\s+)(\S+)/g)) {
        const named = match[1] as string;
        // pip fetches a file named by URL itself.
        if (URL_SCHEME.test(named)) continue;
        const path = contextPath(named, destination);
        if (!path) return null;
        if (!paths.includes(path)) paths.push(path);
      }
      if (paths.length === 0) return null;
      const all = context ? requirementFiles(paths, context) : paths;
      return all ? files(all) : null;
    },
  },
  {
    name: 'poetry',
    install: /\bpoetry\s+install\b/,
    manifests: () => files(['pyproject.toml'], ['poetry.lock']),
    // Without --no-root poetry installs the project itself, from its sources.
    needsSources: (command, read) => !/\s--no-root\b/.test(command) || PATH_DEPENDENCY.test(read('pyproject.toml') ?? ''),
  },
  {
    name: 'pipenv',
    install: /\bpipenv\s+(?:install|sync)\b/,
    manifests: () => files(['Pipfile'], ['Pipfile.lock']),
    needsSources: (_command, read) => PATH_DEPENDENCY.test(read('Pipfile') ?? ''),
  },
  {
    name: 'uv',
    install: /\buv\s+sync\b/,
    manifests: () => files(['pyproject.toml'], ['uv.lock']),
    // Without --no-install-project uv installs the project itself, from its sources.
    needsSources: (command, read) => {
      const project = read('pyproject.toml') ?? '';
      return !/\s--no-install-(?:project|workspace)\b/.test(command) || PATH_DEPENDENCY.test(project) || project.includes('[tool.uv.workspace]');
    },
  },
  {
    name: 'go',
    install: /\bgo\s+mod\s+download\b/,
    manifests: () => files(['go.mod'], ['go.sum']),
    // A module replaced by a folder of the project, or a workspace, is read from the sources.
    needsSources: (_command, read) => /=>\s*\.{1,2}\//.test(read('go.mod') ?? '') || read('go.work') !== undefined,
  },
  {
    name: 'cargo',
    install: /\bcargo\s+fetch\b/,
    manifests: () => files(['Cargo.toml'], ['Cargo.lock']),
    // cargo reads a package's targets (src/main.rs, src/lib.rs) with its manifest.
    needsSources: () => true,
  },
  {
    name: 'bundler',
    install: /\bbundle\s+install\b/,
    manifests: () => files(['Gemfile'], ['Gemfile.lock']),
    // `gemspec` reads the project's own .gemspec (and usually its version file).
    needsSources: (_command, read) => {
      const gemfile = read('Gemfile') ?? '';
      return GEMSPEC_LINE.test(gemfile) || PATH_DEPENDENCY.test(gemfile);
    },
  },
  {
    name: 'composer',
    install: /\bcomposer\s+install\b/,
    manifests: () => files(['composer.json'], ['composer.lock']),
    // Its scripts (Laravel's `artisan package:discover`) and its class map read the sources.
    needsSources: (command, read) =>
      !/\s--no-scripts\b/.test(command) || !/\s--no-autoloader\b/.test(command) || /"type"\s*:\s*"path"/.test(read('composer.json') ?? ''),
  },
  {
    name: 'maven',
    install: headThenTailInStep(/\bmvnw?\b/, /\sdependency:(?:go-offline|resolve)\b/),
    manifests: () => files(['pom.xml']),
    // The modules' own pom.xml files live in their folders.
    needsSources: (_command, read) => /<modules>/.test(read('pom.xml') ?? ''),
  },
  {
    name: 'gradle',
    install: headThenTailInStep(/\bgradlew?\b/, /\s(?:dependencies|--write-locks)\b/),
    manifests: () => null,
  },
  { name: 'dotnet', install: /\bdotnet\s+restore\b/, manifests: () => null },
  {
    name: 'bun',
    install: /\bbun\s+(?:install|i)\b(?!\s+[^-\s&|;])/,
    // bun.lockb until Bun 1.2, the text bun.lock since.
    manifests: () => files(['package.json'], ['bun.lock', 'bun.lockb']),
    needsSources: nodeNeedsSources,
  },
  {
    name: 'mix',
    install: /\bmix\s+deps\.get\b/,
    manifests: () => files(['mix.exs'], ['mix.lock']),
    // An umbrella's apps (`apps_path`) have their own mix.exs; a mix.exs may read a file of the project
    // (`version: File.read!("VERSION")`) or name a dependency by its path.
    needsSources: (_command, read) => {
      const project = read('mix.exs') ?? '';
      return MIX_READS_PROJECT.test(project) || PATH_DEPENDENCY.test(project);
    },
  },
  {
    name: 'pub',
    // `pub get --offline` (after the sources are copied, as Dart's own images do) downloads nothing.
    install: headWithoutInStep(/\b(?:(?:dart|flutter)\s+)?pub\s+get\b/, /\s--offline\b/),
    manifests: () => files(['pubspec.yaml'], ['pubspec.lock']),
    // A dependency given by `path:`, or a workspace (Dart 3.6), is read from the project.
    needsSources: (_command, read) => PUBSPEC_FROM_PROJECT.test(read('pubspec.yaml') ?? ''),
  },
  {
    name: 'swift',
    install: /\bswift\s+package\s+resolve\b/,
    manifests: () => files(['Package.swift'], ['Package.resolved']),
    // A package dependency given by a local path is read from the project.
    needsSources: (_command, read) => hasLocalSwiftPackage(read('Package.swift') ?? ''),
  },
  {
    name: 'cpanm',
    install: headThenTailInStep(/\bcpanm\b/, /\s--installdeps\s+\.(?![^\s&|;])/),
    // Without a cpanfile, cpanm reads the distribution's Makefile.PL or Build.PL, which can read anything.
    manifests: () => files(['cpanfile'], ['cpanfile.snapshot']),
  },
  {
    name: 'carton',
    install: /\bcarton\s+install\b/,
    manifests: () => files(['cpanfile'], ['cpanfile.snapshot']),
  },
  {
    name: 'pdm',
    install: /\bpdm\s+(?:install|sync)\b/,
    manifests: () => files(['pyproject.toml'], ['pdm.lock']),
    // Without --no-self pdm installs the project itself, from its sources.
    needsSources: (command, read) => !/\s--no-self\b/.test(command) || PYTHON_PATH_DEPENDENCY.test(read('pyproject.toml') ?? ''),
  },
  {
    name: 'shards',
    install: /\bshards\s+install\b/,
    manifests: () => files(['shard.yml'], ['shard.lock']),
    // A dependency given by `path:` is read from the project.
    needsSources: (_command, read) => YAML_PATH_KEY.test(read('shard.yml') ?? ''),
  },
  {
    name: 'leiningen',
    install: headThenTailInStep(/\blein\b/, /\sdeps\b/),
    manifests: () => files(['project.clj']),
    // project.clj is code: it may read any file of the project as it is loaded.
    needsSources: (_command, read) => /\(\s*(?:slurp|load-file)\b/.test(read('project.clj') ?? ''),
  },
  {
    name: 'clojure',
    // `clojure -P` (or `clj -A:build -P`) downloads the dependencies and stops.
    install: headThenTailInStep(/\b(?:clj|clojure)\b/, /\s-P(?![^\s&|;])/),
    manifests: () => files(['deps.edn']),
    // A dependency given by `:local/root` is read from the project.
    needsSources: (_command, read) => /:local\/root\b/.test(read('deps.edn') ?? ''),
  },
  {
    name: 'vcpkg',
    // Manifest mode: `vcpkg install` with no package names reads vcpkg.json.
    install: /\bvcpkg\s+install\b(?!\s+[^-\s&|;])/,
    manifests: () => files(['vcpkg.json'], ['vcpkg-configuration.json']),
    // Overlay ports and triplets are folders of the project.
    needsSources: (command, read) =>
      /\s--overlay-(?:ports|triplets)\b/.test(command) ||
      /"overlay-(?:ports|triplets)"/.test(`${read('vcpkg.json') ?? ''}${read('vcpkg-configuration.json') ?? ''}`),
  },
  // sbt's build is build.sbt plus the project/ folder, Haskell's a .cabal file of any name, and Julia's
  // instantiate also precompiles a package's own sources: reported without a fix.
  { name: 'sbt', install: headThenTailInStep(/\bsbt\b/, /\s(?:update|updateClassifiers)\b/), manifests: () => null },
  { name: 'stack', install: headThenTailInStep(/\bstack\b/, /\s--only-dependencies\b/), manifests: () => null },
  { name: 'cabal', install: headThenTailInStep(/\bcabal\b/, /\s--only-dependencies\b/), manifests: () => null },
  { name: 'julia', install: /\bPkg\.instantiate\s*\(/, manifests: () => null },
  // renv and conda environments: the files they read (an renv project's activation script and settings, an
  // environment file's own pip requirements) are not told by the command, so these are reported without a fix.
  { name: 'renv', install: /\brenv::restore\s*\(/, manifests: () => null },
  {
    name: 'conda',
    install: headThenTailInStep(/\b(?:conda|mamba|micromamba)\s+(?:env\s+(?:create|update)|create|install)\b/, /\s(?:-f|--file)[=\s]/),
    manifests: () => null,
  },
];

/**
 * The requirements files an install names and the files they include (`-r`, `-c`, relative to the including
 * file, as pip reads them),
 * or `null` when one of them installs from the context itself (`-e .`, `./pkg`, `file:`, a local `--find-links`
 * folder), which the install can then only do after the sources are copied. A file the context does not have
 * is listed all the same, for the presence check to find missing.
 */
function requirementFiles(named: readonly string[], context: BuildContextFiles): string[] | null {
  const found: string[] = [];
  const queue = [...named];
  while (queue.length > 0 && found.length < 32) {
    const path = queue.shift() as string;
    if (found.includes(path)) continue;
    found.push(path);
    const text = readQuietly(context, path);
    if (text === undefined) {
      if (context.has(path)) return null;
      continue;
    }
    const directory = path.includes('/') ? path.slice(0, path.lastIndexOf('/') + 1) : '';
    for (const line of text.replace(/\\\r?\n/g, ' ').split(/\r?\n/)) {
      const entry = withoutComment(line).trim();
      if (entry === '') continue;
      const include = /^(?:-r|--requirement|-c|--constraint)(?:=|\s*)(\S+)$/.exec(entry);
      if (include) {
        const target = include[1] as string;
        if (URL_SCHEME.test(target)) continue;
        const resolved = normalizeContextPath(target.startsWith('/') ? target : directory + target);
        if (resolved === null) return null;
        queue.push(resolved);
        continue;
      }
      if (installsFromContext(entry)) return null;
    }
  }
  // More files than a copy should list: the install cannot be told apart from the sources.
  return queue.length > 0 ? null : found;
}

const URL_SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;

/** The `pip install` steps of a command (each up to the end of its step), one after the other. */
function pipInstallSteps(command: string): string {
  let steps = '';
  for (const match of command.matchAll(/\bpip3?\s+install\b/g)) {
    steps += ` ${command.slice(match.index, stepEndFrom(command, match.index + match[0].length))}`;
  }
  return steps;
}

/** A requirement that installs from the file system: an editable or local path, a `file:` URL, a local index. */
function installsFromContext(entry: string): boolean {
  const option = /^(?:-e|--editable|-f|--find-links)(?:=|\s+)(\S+)/.exec(entry);
  if (option) return !URL_SCHEME.test(option[1] as string);
  return /^[./~]/.test(entry) || /\bfile:/i.test(entry);
}

/** `a/./b/../c` → `a/c`; `null` for a path above the context root. */
function normalizeContextPath(path: string): string | null {
  const parts: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (parts.length === 0) return null;
      parts.pop();
    } else parts.push(part);
  }
  return parts.length === 0 ? null : parts.join('/');
}

/** The caller's `read`, which may throw for a file it cannot read. */
export function readQuietly(context: BuildContextFiles, path: string): string | undefined {
  try {
    return context.read(path);
  } catch {
    return undefined;
  }
}

/**
 * The sources of the manifest copy, or `null` when the context lacks a file the install needs. With the context
 * known, exactly the files it holds (and its ignore file lets through); without it, each optional file is
 * written as a pattern that matches only that name (`go.su[m]`): a pattern that matches nothing copies nothing
 * (the classic builder only fails when no source of the COPY matches anything, and a required file always does).
 */
export function copySources(manifests: Manifests, present: ((path: string) => boolean) | null): readonly string[] | null {
  if (present === null) return [...manifests.required, ...manifests.optional.map(optionalPattern)];
  // A pattern (`package*.json`) is for the builder to expand.
  if (!manifests.required.every((path) => /[*?[]/.test(path) || present(path))) return null;
  return [...manifests.required, ...manifests.optional.filter(present)];
}

/** `go.sum` → `go.su[m]`: the same single file, as a pattern that may match nothing. */
function optionalPattern(path: string): string {
  return `${path.slice(0, -1)}[${path.slice(-1)}]`;
}

/** Whether a context path is a file the build can copy: there, and not excluded by the ignore file. */
export function contextPresence(settings: LintSettings): ((path: string) => boolean) | null {
  const context = settings.buildContext;
  if (context === undefined) return null;
  const ignore = settings.dockerignoreText === undefined ? null : ignoreMatcherFor(settings.dockerignoreText);
  return (path) => {
    if (ignore?.matches(path)) return false;
    try {
      return context.has(path);
    } catch {
      return false;
    }
  };
}

/**
 * The COPY lines that put `sources` where the broad copy would have: a file in a folder of the context lands
 * in the same folder under the destination (`COPY requirements/base.txt ./requirements/`), one line per folder.
 */
export function copyLines(head: string, sources: readonly string[], destination: string): string[] {
  const base = destination === '.' ? './' : destination.replace(/\/?$/, '/');
  const byFolder = new Map<string, string[]>();
  for (const source of sources) {
    const folder = source.includes('/') ? source.slice(0, source.lastIndexOf('/') + 1) : '';
    const list = byFolder.get(folder);
    if (list) list.push(source);
    else byFolder.set(folder, [source]);
  }
  return [...byFolder].map(([folder, list]) => [head, ...list, base + folder].join(' '));
}

/**
 * The context path of a file the install reads at `imagePath`, when the broad copy put the context at
 * `destination`: a relative path is taken as relative to the context only when the context was copied to
 * the working directory.
 */
function contextPath(imagePath: string, destination: string): string | null {
  if (imagePath === '' || imagePath.includes('$')) return null;
  const dest = withoutTrailing(destination, '/');
  if (imagePath.startsWith('/')) {
    return dest.startsWith('/') && imagePath.startsWith(`${dest}/`) ? imagePath.slice(dest.length + 1) : null;
  }
  return dest === '.' || dest === '' ? imagePath.replace(/^\.\//, '') : null;
}

/**
 * A requirements line without its comment: from the first `#` that starts the line or follows white space, when
 * no line terminator follows it (as `/(?:^|\s)#.*$/` read it, which tried `.*` from each `#`).
 */
export function withoutComment(line: string): string {
  for (let index = lastLineTerminator(line) + 1; index < line.length; index++) {
    if (line[index] !== '#') continue;
    if (index === 0) return '';
    if (/\s/.test(line[index - 1] as string)) return line.slice(0, index - 1);
  }
  return line;
}
