import type { Command, Range, RunInstruction } from '../../parser/index.js';
import { cacheMountFix } from '../cache-mount-fix.js';
import { NodeSlot } from '../node-slot.js';
import { runScripts, type RunScript } from '../run-script.js';
import { parseScript } from '../parse-script.js';
import { basename, flagIndex, unwrappedCommands, type ShellScript } from '../shell/index.js';
import type { InstructionScope, RuleModule } from '../types.js';
import { APK_OPTIONS_WITH_VALUE, APK_SIMULATE_OPTIONS } from './apk-pinned-versions.js';
import { APT_GET_OPTIONS_WITH_VALUE, APT_GET_SIMULATE_OPTIONS } from './apt-get-assume-yes.js';
import { frontendPin, MOUNT_FEATURE, pinSupports } from './frontend-version.js';
import { withoutTrailing } from '../../parser/trailing.js';

/*
 * The cache rules find package installs and builds at the start of a script's simple commands, as the shell
 * parser shared by every RUN rule reads them (a RUN's texts are parsed once and the parses kept with the node),
 * with anchored regular expressions over each command's text. The helpers are exported for the other cache rules.
 */

/** Shell text run by a RUN, and how to map offsets in it back to the source. */
export interface Script {
  readonly text: string;
  /** The text parsed as shell, made once: for the shell form and heredoc bodies, the parse the shell rules use. */
  parse(): ShellScript;
  range(start: number, end: number): Range;
}

/**
 * One simple command of a script, from its command word to its end: the program a wrapper runs (`sudo -u x`,
 * `env A=1`, `timeout 5`, `xargs`…) rather than the wrapper, commands in `$(…)` and in the script of `sh -c '…'`
 * included; assignments before the command word are not part of it.
 */
export interface Step {
  /** Offset of the command word in the script's text. */
  readonly start: number;
  /** The command's text, from the command word to its last word or redirection. */
  readonly text: string;
  /**
   * The command word's name: its value after the last `/` (`apt-get` of `/usr/bin/apt-get install`). A command
   * pattern (`^(?:\S*\/)?word…`) can match only a step whose name starts with `word`.
   */
  readonly name: string;
}

/** A step whose text is cut from its script only when read: most steps are ruled out by their name alone. */
class CommandStep implements Step {
  #text: string | null = null;

  constructor(
    private readonly source: string,
    readonly start: number,
    private readonly end: number,
    readonly name: string,
  ) {}

  get text(): string {
    return (this.#text ??= this.source.slice(this.start, this.end).trimEnd());
  }
}

/**
 * A command found in a step: `[start, end)` in the script, and the words as written. Its range is made when
 * read, so a match kept for a RUN node stays right when an edit above moves the node.
 */
export interface CommandMatch {
  readonly script: Script;
  readonly step: Step;
  readonly start: number;
  readonly end: number;
  readonly words: string;
  readonly range: Range;
}

class FoundCommand implements CommandMatch {
  constructor(
    readonly script: Script,
    readonly step: Step,
    readonly start: number,
    readonly end: number,
    readonly words: string,
  ) {}

  get range(): Range {
    return this.script.range(this.start, this.end);
  }
}

const stepCache = new NodeSlot<ShellScript, readonly Step[]>();

/** The simple commands of a script (once per parse: several cache rules ask for the same one). */
export function stepsOf(script: Script): readonly Step[] {
  const parsed = script.parse();
  let cached = stepCache.get(parsed);
  if (!cached) stepCache.set(parsed, (cached = commandSteps(script.text, parsed)));
  return cached;
}

function commandSteps(text: string, parsed: ShellScript): Step[] {
  const steps: Step[] = [];
  // The unwrapped commands the command-name index is built from, shared with it.
  for (const command of unwrappedCommands(parsed)) {
    const word = command.name;
    if (word === null) continue;
    steps.push(new CommandStep(text, word.start, command.end, basename(word.value)));
  }
  return steps;
}

/** Matches `pattern` (anchored with `^`) at the command word of a step of `script`. */
export function matchStep(script: Script, step: Step, pattern: RegExp): CommandMatch | null {
  const match = pattern.exec(step.text);
  if (!match) return null;
  const start = step.start + match.index;
  const end = start + match[0].length;
  return new FoundCommand(script, step, start, end, match[0].replace(/\s+/g, ' '));
}

/** The shell-form command of `run`, parsed as the shell rules parse it: the same parse, taken from them. */
function shellScript(run: RunInstruction, command: Command): Script {
  return {
    text: command.text,
    parse: () => (runScripts(run)[0] as RunScript).script,
    range: (start, end) => command.rangeOf(start, end),
  };
}

/**
 * The exec form as a shell line that reads as the same program and arguments: the words joined by spaces, each
 * one that a shell would split, expand or read as an assignment put in single quotes (so the script of
 * `["sh", "-c", "…"]` is parsed as a script). Offsets map into each element's JSON text when it is written
 * without escapes, and to the whole element otherwise.
 */
function execScript(command: Command): Script {
  const parts: Array<{ from: number; to: number; json: number | null; whole: Range }> = [];
  let text = '';
  let searchFrom = 0;
  for (const word of command.args) {
    if (text !== '') text += ' ';
    const value = word.value;
    const written = JSON.stringify(value);
    const at = command.text.indexOf(written, searchFrom);
    if (at !== -1) searchFrom = at + written.length;
    const quote = !PLAIN_WORD.test(value);
    // A quote inside the word is written `'\''`: offsets in it no longer line up with the JSON text.
    const json = at === -1 || value.includes("'") ? null : at + 1;
    const from = text.length + (quote ? 1 : 0);
    parts.push({ from, to: from + value.length, json, whole: word.range });
    text += quote ? `'${value.replace(/'/g, "'\\''")}'` : value;
  }
  const locate = (offset: number, end: boolean): Range['start'] => {
    const part = parts.find((p) => (end ? offset > p.from && offset <= p.to : offset >= p.from && offset < p.to)) ?? parts[parts.length - 1];
    if (!part) return command.range.start;
    if (part.json === null) return end ? part.whole.end : part.whole.start;
    const inner = part.json + Math.min(Math.max(offset - part.from, 0), part.to - part.from);
    return command.rangeOf(inner, inner)[end ? 'end' : 'start'];
  };
  let parsed: ShellScript | null = null;
  return {
    text,
    parse: () => (parsed ??= parseScript(text, 'heredoc')),
    range: (start, end) => ({ start: locate(start, false), end: locate(end, true) }),
  };
}

/** A word a shell reads as itself: nothing to split, expand or quote, and no assignment. */
const PLAIN_WORD = /^(?![A-Za-z_][A-Za-z0-9_]*=)[\w@%+=:,./-]+$/;

/**
 * The scripts a RUN executes: its command, and the heredoc bodies the shell rules read as scripts too (the
 * script itself, `RUN <<EOF`, or fed to a shell, `RUN bash <<EOF`; not a file, `cat <<EOF >x`, nor another
 * language's input).
 */
export function scriptsOf(run: RunInstruction): Script[] {
  let scripts = scriptCache.get(run);
  if (!scripts) scriptCache.set(run, (scripts = readScripts(run)));
  return scripts;
}

/**
 * Keyed by node: an incremental parse hands back the same node, moved when an edit lies before it; scripts,
 * steps and matches make their ranges when asked, on the node's own placement, so they move with it.
 */
const scriptCache = new NodeSlot<RunInstruction, Script[]>();

function readScripts(run: RunInstruction): Script[] {
  const command = run.command;
  if (!command) return [];
  if (command.form === 'exec') return [execScript(command)];
  const scripts = [shellScript(run, command)];
  if (run.heredocs.length > 0) {
    for (const script of runScripts(run)) {
      if (script.origin === 'heredoc') scripts.push({ text: script.text, parse: () => script.script, range: (start, end) => script.rangeOf(start, end) });
    }
  }
  return scripts;
}

/** The directories named by cache options in a step (`--cache-dir /x`, `--cache=/x`). */
function optionValues(step: string, options: readonly string[]): string[] {
  const values: string[] = [];
  for (const option of options) {
    // Most steps move no cache: a step without the option's text is not matched against its pattern.
    if (!step.includes(option)) continue;
    const pattern = cachedPattern(
      `(?:^|\\s)${option.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?:=|\\s+)(\\S+)`,
      'g',
    );
    for (const match of step.matchAll(pattern)) if (match[1]) values.push(match[1].replace(/^["']|["']$/g, ''));
  }
  return values;
}

/** Whether a step's words, split from its text, hold one of `flags` (read as `hasFlag` reads a command's). */
export function stepHasFlag(step: string, flags: readonly string[], withValue: readonly string[] = []): boolean {
  const words = step.split(/\s+/);
  return flagIndex(words.length, (i) => words[i] as string, flags, withValue) >= 0;
}

/** An apt-get or apt step that only simulates (`-s`, `--dry-run`…) and so downloads and installs nothing. */
export const aptStepSimulates = (step: string): boolean =>
  stepHasFlag(step, APT_GET_SIMULATE_OPTIONS, APT_GET_OPTIONS_WITH_VALUE);

/** An apk step that only simulates (`-s`, `--simulate`) and so downloads and installs nothing. */
export const apkStepSimulates = (step: string): boolean =>
  stepHasFlag(step, APK_SIMULATE_OPTIONS, APK_OPTIONS_WITH_VALUE);

/** A package manager or build tool whose downloads a cache mount can keep between builds. */
export interface PackageManager {
  readonly name: string;
  /** How the command's name starts (`pip` and `python` for pip): steps whose name does not are not matched. */
  readonly stems: readonly string[];
  /** Matches the install or build command at a step's command word. */
  readonly command: RegExp;
  /** Absolute cache directories. */
  readonly dirs: readonly string[];
  /** Cache directories under the user's home. */
  readonly homeDirs: readonly string[];
  /** Variables that move the cache, with the cache's path below their value (`''` for the value itself). */
  readonly envDirs: Readonly<Record<string, string>>;
  /** Command-line options that move the cache. */
  readonly dirOptions: readonly string[];
  /** The step turns the cache off, so there is nothing to keep. */
  readonly optedOut?: (step: string, env: ReadonlyMap<string, string>) => boolean;
  /** The step only simulates: it downloads and installs nothing, so it is no install at all. */
  readonly simulates?: (step: string) => boolean;
  /** The mounts to suggest. */
  readonly suggestion: string;
  /** What a run without the cache repeats, for the message. */
  readonly redo: string;
}

const cmd = (words: string): string => `^(?:\\S*\\/)?${words}`;
// In the option lists below an option's value never starts with `-`: such a word is read as an option anyway,
// and letting both readings compete made the matching take time exponential in the number of options.
const hasOption = (step: string, ...options: string[]): boolean =>
  options.some((option) => step.includes(option) && cachedPattern(`(?:^|\\s)${option}(?=[\\s=]|$)`).test(step));

const patterns = new Map<string, RegExp>();

/** Compiles a pattern built from a rule's tables once, not on every step. */
function cachedPattern(source: string, flags = ''): RegExp {
  const key = `${flags}/${source}`;
  let pattern = patterns.get(key);
  if (!pattern) patterns.set(key, (pattern = new RegExp(source, flags)));
  return pattern;
}
const envSet = (env: ReadonlyMap<string, string>, name: string): boolean => (env.get(name) ?? '') !== '';
const mount = (target: string, extra = ''): string => `--mount=type=cache,target=${target}${extra}`;

export const PACKAGE_MANAGERS: readonly PackageManager[] = [
  {
    name: 'apt',
    stems: ['apt'],
    command: new RegExp(cmd('(?:apt-get|apt)(?:\\s+(?:-[oct]\\s+(?!-)\\S+|-\\S+))*\\s+(?:install|upgrade|dist-upgrade|full-upgrade|build-dep|reinstall)\\b')),
    dirs: ['/var/cache/apt', '/var/lib/apt'],
    homeDirs: [],
    envDirs: {},
    dirOptions: [],
    simulates: aptStepSimulates,
    suggestion: `${mount('/var/cache/apt', ',sharing=locked')} ${mount('/var/lib/apt', ',sharing=locked')}`,
    redo: 'downloads every package again',
  },
  {
    name: 'apk',
    stems: ['apk'],
    command: new RegExp(cmd('apk(?:\\s+(?:-[pX]\\s+(?!-)\\S+|--repository\\s+(?!-)\\S+|-\\S+))*\\s+(?:add|upgrade)\\b')),
    dirs: ['/var/cache/apk', '/etc/apk/cache'],
    homeDirs: [],
    envDirs: {},
    dirOptions: ['--cache-dir'],
    optedOut: (step) => hasOption(step, '--no-cache'),
    simulates: apkStepSimulates,
    suggestion: mount('/var/cache/apk', ',sharing=locked'),
    redo: 'downloads every package again',
  },
  {
    name: 'pip',
    stems: ['pip', 'python'],
    command: new RegExp(cmd('(?:pip(?:\\d(?:\\.\\d+)?)?|python(?:\\d(?:\\.\\d+)?)?\\s+-m\\s+pip)(?:\\s+-\\S+)*\\s+install\\b')),
    dirs: [],
    homeDirs: ['.cache/pip'],
    envDirs: { PIP_CACHE_DIR: '', XDG_CACHE_HOME: '/pip' },
    dirOptions: ['--cache-dir'],
    optedOut: (step, env) => hasOption(step, '--no-cache-dir') || envSet(env, 'PIP_NO_CACHE_DIR'),
    suggestion: mount('/root/.cache/pip'),
    redo: 'downloads every package again',
  },
  {
    name: 'uv',
    stems: ['uv'],
    command: new RegExp(cmd('uv(?:\\s+-\\S+)*\\s+(?:pip\\s+(?:install|sync)|sync|add|tool\\s+install)\\b')),
    dirs: [],
    homeDirs: ['.cache/uv'],
    envDirs: { UV_CACHE_DIR: '', XDG_CACHE_HOME: '/uv' },
    dirOptions: ['--cache-dir'],
    optedOut: (step, env) => hasOption(step, '--no-cache', '-n') || envSet(env, 'UV_NO_CACHE'),
    suggestion: mount('/root/.cache/uv'),
    redo: 'downloads every package again',
  },
  {
    name: 'npm',
    stems: ['npm'],
    command: new RegExp(cmd('npm(?:\\s+-\\S+)*\\s+(?:ci|install|i)\\b')),
    dirs: [],
    homeDirs: ['.npm'],
    envDirs: { npm_config_cache: '', NPM_CONFIG_CACHE: '' },
    dirOptions: ['--cache'],
    suggestion: mount('/root/.npm'),
    redo: 'downloads every package again',
  },
  {
    name: 'bun',
    stems: ['bun'],
    command: new RegExp(cmd('bun(?:\\s+-\\S+)*\\s+(?:install|i|add)\\b')),
    dirs: [],
    homeDirs: ['.bun/install/cache'],
    envDirs: { BUN_INSTALL_CACHE_DIR: '', BUN_INSTALL: '/install/cache', XDG_CACHE_HOME: '/.bun/install/cache' },
    dirOptions: ['--cache-dir'],
    optedOut: (step) => hasOption(step, '--no-cache'),
    suggestion: mount('/root/.bun/install/cache'),
    redo: 'downloads every package again',
  },
  {
    name: 'yarn',
    stems: ['yarn'],
    command: new RegExp(cmd('yarn(?:\\s+(?:install|add)\\b|(?!\\s+(?:-v|--version|-h|--help)\\b)(?=(?:\\s+-\\S+)*\\s*$))')),
    dirs: ['/usr/local/share/.cache/yarn'],
    homeDirs: ['.cache/yarn', '.yarn/berry/cache'],
    envDirs: { YARN_CACHE_FOLDER: '' },
    dirOptions: ['--cache-folder'],
    suggestion: mount('/usr/local/share/.cache/yarn'),
    redo: 'downloads every package again',
  },
  {
    name: 'pnpm',
    stems: ['pnpm'],
    command: new RegExp(cmd('pnpm(?:\\s+-\\S+)*\\s+(?:install|i|add|fetch)\\b')),
    dirs: ['/pnpm/store'],
    homeDirs: ['.local/share/pnpm/store'],
    envDirs: { PNPM_HOME: '/store', npm_config_store_dir: '' },
    dirOptions: ['--store-dir'],
    suggestion: mount('/root/.local/share/pnpm/store'),
    redo: 'downloads every package again',
  },
  {
    name: 'go',
    stems: ['go'],
    command: new RegExp(cmd('go\\s+(?:build|install|test|mod\\s+download)\\b')),
    dirs: ['/go/pkg/mod'],
    homeDirs: ['.cache/go-build', 'go/pkg/mod'],
    envDirs: { GOCACHE: '', GOMODCACHE: '', GOPATH: '/pkg/mod' },
    dirOptions: [],
    suggestion: `${mount('/root/.cache/go-build')} ${mount('/go/pkg/mod')}`,
    redo: 'rebuilds its module and build caches from scratch',
  },
  {
    name: 'cargo',
    stems: ['cargo'],
    command: new RegExp(cmd('cargo(?:\\s+\\+\\S+)?(?:\\s+-\\S+)*\\s+(?:build|fetch|install|test)\\b')),
    dirs: ['/usr/local/cargo/registry', '/usr/local/cargo/git'],
    homeDirs: ['.cargo/registry', '.cargo/git'],
    envDirs: { CARGO_HOME: '/registry', CARGO_TARGET_DIR: '' },
    dirOptions: ['--target-dir'],
    suggestion: mount('/usr/local/cargo/registry'),
    redo: 'downloads every crate again',
  },
  {
    name: 'maven',
    stems: ['mvn'],
    command: new RegExp(cmd('mvnw?(?=\\s+\\S)(?!\\s+(?:-v|--version|-h|--help)\\s*$)')),
    dirs: [],
    homeDirs: ['.m2'],
    envDirs: {},
    dirOptions: ['-Dmaven.repo.local'],
    suggestion: mount('/root/.m2'),
    redo: 'downloads every dependency again',
  },
  {
    name: 'gradle',
    stems: ['gradle'],
    command: new RegExp(cmd('gradlew?(?=\\s+\\S)(?!\\s+(?:-v|--version|-h|--help)\\s*$)')),
    dirs: [],
    homeDirs: ['.gradle'],
    envDirs: { GRADLE_USER_HOME: '' },
    dirOptions: ['--gradle-user-home', '-g'],
    suggestion: mount('/root/.gradle'),
    redo: 'downloads every dependency again',
  },
  {
    name: 'bundler',
    stems: ['bundle'],
    command: new RegExp(cmd('bundle(?:\\s+-\\S+)*\\s+install\\b')),
    dirs: ['/usr/local/bundle/cache'],
    homeDirs: ['.bundle/cache', '.gem'],
    envDirs: { GEM_HOME: '/cache', BUNDLE_PATH: '/cache', BUNDLE_USER_CACHE: '' },
    dirOptions: [],
    optedOut: (step) => hasOption(step, '--no-cache'),
    suggestion: mount('/usr/local/bundle/cache'),
    redo: 'downloads every gem again',
  },
  {
    name: 'mix',
    stems: ['mix'],
    // Hex keeps the package tarballs it downloads; `mix deps.get` unpacks them into the project's deps/.
    command: new RegExp(cmd('mix\\s+deps\\.get\\b')),
    dirs: [],
    homeDirs: ['.hex/packages'],
    envDirs: { HEX_HOME: '/packages' },
    dirOptions: [],
    suggestion: mount('/root/.hex/packages'),
    redo: 'downloads every package again',
  },
  {
    name: 'composer',
    stems: ['composer'],
    command: new RegExp(cmd('composer(?:\\s+-\\S+)*\\s+(?:install|update|require)\\b')),
    dirs: ['/tmp/cache'],
    homeDirs: ['.composer/cache', '.cache/composer'],
    envDirs: { COMPOSER_CACHE_DIR: '', COMPOSER_HOME: '/cache' },
    dirOptions: [],
    optedOut: (step, env) => hasOption(step, '--no-cache') || envSet(env, 'COMPOSER_NO_CACHE'),
    suggestion: mount('/root/.composer/cache'),
    redo: 'downloads every package again',
  },
  {
    name: 'dotnet',
    stems: ['dotnet'],
    command: new RegExp(cmd('dotnet\\s+(?:restore|build|publish|test)\\b')),
    dirs: [],
    homeDirs: ['.nuget/packages'],
    envDirs: { NUGET_PACKAGES: '' },
    dirOptions: ['--packages'],
    // Build, publish and test restore first unless told not to; without a restore nothing is downloaded.
    optedOut: (step) => hasOption(step, '--no-restore'),
    suggestion: mount('/root/.nuget/packages'),
    redo: 'downloads every NuGet package again',
  },
  {
    name: 'poetry',
    stems: ['poetry'],
    command: new RegExp(cmd('poetry(?:\\s+-\\S+)*\\s+(?:install|sync|add|update|lock)\\b')),
    dirs: [],
    // Only the downloads: the cache directory also holds the virtual environments poetry makes by default.
    homeDirs: ['.cache/pypoetry/cache', '.cache/pypoetry/artifacts'],
    envDirs: { POETRY_CACHE_DIR: '', XDG_CACHE_HOME: '/pypoetry' },
    dirOptions: [],
    optedOut: (step) => hasOption(step, '--no-cache'),
    suggestion: `${mount('/root/.cache/pypoetry/cache')} ${mount('/root/.cache/pypoetry/artifacts')}`,
    redo: 'downloads every package again',
  },
  {
    name: 'pipenv',
    stems: ['pipenv'],
    command: new RegExp(cmd('pipenv(?:\\s+-\\S+)*\\s+(?:install|sync)\\b')),
    dirs: [],
    homeDirs: ['.cache/pipenv'],
    envDirs: { PIPENV_CACHE_DIR: '', XDG_CACHE_HOME: '/pipenv' },
    dirOptions: [],
    suggestion: mount('/root/.cache/pipenv'),
    redo: 'downloads every package again',
  },
  {
    name: 'pdm',
    stems: ['pdm'],
    command: new RegExp(cmd('pdm(?:\\s+-\\S+)*\\s+(?:install|sync|add|update)\\b')),
    dirs: [],
    homeDirs: ['.cache/pdm'],
    envDirs: { PDM_CACHE_DIR: '', XDG_CACHE_HOME: '/pdm' },
    dirOptions: [],
    suggestion: mount('/root/.cache/pdm'),
    redo: 'downloads every package again',
  },
  {
    name: 'shards',
    stems: ['shards'],
    command: new RegExp(cmd('shards(?:\\s+-\\S+)*\\s+(?:install|update|build)\\b')),
    dirs: [],
    homeDirs: ['.cache/shards'],
    envDirs: { SHARDS_CACHE_PATH: '', XDG_CACHE_HOME: '/shards' },
    dirOptions: [],
    suggestion: mount('/root/.cache/shards'),
    redo: 'clones every shard again',
  },
  {
    // Leiningen and the Clojure CLI keep their jars in Maven's local repository; the CLI, git dependencies in .gitlibs.
    name: 'clojure',
    stems: ['lein', 'clj', 'clojure'],
    command: new RegExp(cmd('(?:lein(?=\\s+\\S)(?!\\s+(?:-v|version|-h|help)\\s*$)|(?:clj|clojure)(?:\\s+-\\S+)*\\s+-P(?![^\\s&|;]))')),
    dirs: [],
    homeDirs: ['.m2'],
    envDirs: {},
    dirOptions: [],
    suggestion: mount('/root/.m2'),
    redo: 'downloads every dependency again',
  },
  {
    name: 'sbt',
    stems: ['sbt'],
    command: new RegExp(cmd('sbt(?=\\s+\\S)(?!\\s+(?:-v|--version|-h|--help)\\s*$)')),
    dirs: [],
    homeDirs: ['.cache/coursier', '.ivy2/cache'],
    envDirs: { COURSIER_CACHE: '' },
    dirOptions: [],
    suggestion: `${mount('/root/.cache/coursier')} ${mount('/root/.ivy2/cache')}`,
    redo: 'downloads every dependency again',
  },
  {
    name: 'stack',
    stems: ['stack'],
    command: new RegExp(cmd('stack(?:\\s+-\\S+)*\\s+(?:build|install|setup|test)\\b')),
    dirs: [],
    homeDirs: ['.stack'],
    envDirs: { STACK_ROOT: '' },
    dirOptions: ['--stack-root'],
    suggestion: mount('/root/.stack'),
    redo: 'downloads and builds every dependency again',
  },
  {
    name: 'cabal',
    stems: ['cabal'],
    command: new RegExp(cmd('cabal(?:\\s+-\\S+)*\\s+(?:v2-)?(?:update|build|install|test)\\b')),
    dirs: [],
    homeDirs: ['.cabal/packages', '.cache/cabal/packages'],
    envDirs: { CABAL_DIR: '/packages' },
    dirOptions: [],
    suggestion: mount('/root/.cache/cabal/packages'),
    redo: 'downloads every package again',
  },
];

/** A package install or dependency build found in a RUN. */
export interface InstallMatch extends CommandMatch {
  readonly manager: PackageManager;
}

class FoundInstall extends FoundCommand implements InstallMatch {
  constructor(script: Script, step: Step, start: number, end: number, words: string, readonly manager: PackageManager) {
    super(script, step, start, end, words);
  }
}

/** Every install of every package manager in the scripts, in order. */
export function findInstalls(scripts: readonly Script[]): InstallMatch[] {
  let cached = installCache.get(scripts);
  if (!cached) installCache.set(scripts, (cached = scanInstalls(scripts)));
  return cached;
}

const installCache = new NodeSlot<readonly Script[], InstallMatch[]>();

/**
 * Quick tests for a table of commands whose patterns are each `^(?:\S*\/)?` and a word starting with one of
 * `stems`: `name`, whether a step's name starts with a stem (a step whose name does not matches none of the
 * patterns, and its text is never cut); `anywhere`, whether a text holds a stem where a command word could start
 * (not inside another word) — a script without one has no step that could match, and its steps are not asked
 * for at all (most RUNs of real files install nothing).
 */
export function stemTests(stems: readonly string[]): { readonly name: RegExp; readonly anywhere: RegExp } {
  const words = stems.join('|');
  return { name: new RegExp(`^(?:${words})`), anywhere: new RegExp(`(?<![\\w.-])(?:${words})`) };
}

const MANAGER_STEMS = stemTests(PACKAGE_MANAGERS.flatMap((manager) => manager.stems));

function scanInstalls(scripts: readonly Script[]): InstallMatch[] {
  const found: InstallMatch[] = [];
  for (const script of scripts) {
    if (!MANAGER_STEMS.anywhere.test(script.text)) continue;
    for (const step of stepsOf(script)) {
      if (!MANAGER_STEMS.name.test(step.name)) continue;
      for (const manager of PACKAGE_MANAGERS) {
        if (!startsWithOneOf(step.name, manager.stems)) continue;
        const match = matchStep(script, step, manager.command);
        if (match && !manager.simulates?.(step.text)) {
          found.push(new FoundInstall(script, match.step, match.start, match.end, match.words, manager));
        }
      }
    }
  }
  return found;
}

/** Whether `name` starts with one of `stems`. */
export function startsWithOneOf(name: string, stems: readonly string[]): boolean {
  for (const stem of stems) if (name.startsWith(stem)) return true;
  return false;
}

function clean(path: string): string {
  return withoutTrailing(path, '/').replace(/\/{2,}/g, '/');
}

/** Whether a mount at `target` holds `dir`: the same directory, a parent of it, or a directory inside it. */
function holds(target: string, dir: string): boolean {
  const t = clean(target);
  const d = clean(dir);
  return t === d || d.startsWith(`${t}/`) || t.startsWith(`${d}/`);
}

/** Where the manager keeps its cache for this step: the standard places and any the step or ENV moves it to. */
function cacheDirs(manager: PackageManager, step: string, env: ReadonlyMap<string, string>): string[] {
  const dirs = [...manager.dirs, ...optionValues(step, manager.dirOptions)];
  for (const [name, below] of Object.entries(manager.envDirs)) {
    const inline = step.includes(`${name}=`) ? cachedPattern(`(?:^|\\s)${name}=(\\S+)`).exec(step)?.[1] : undefined;
    const value = inline ?? env.get(name);
    if (value) dirs.push(`${value.replace(/^["']|["']$/g, '')}${below}`);
  }
  return dirs;
}

function mountCovers(target: string, manager: PackageManager, dirs: readonly string[], home: string): boolean {
  if (dirs.some((dir) => holds(target, dir))) return true;
  // Any user's home: the cache follows the USER the RUN runs as.
  const relative = /^(?:\/root|\/home\/[^/]+)\/(.*)$/.exec(target)?.[1] ??
    (home !== '' && target.startsWith(`${home}/`) ? target.slice(home.length + 1) : null);
  if (relative !== null && manager.homeDirs.some((dir) => holds(relative, dir))) return true;
  // A build's own output directory (cargo's `target`, relative to the working directory).
  return manager.name === 'cargo' && /(?:^|\/)target\/?$/.test(target);
}

function isCacheMountWithTarget(mount: RunInstruction['mounts'][number]): boolean {
  return mount.type === 'cache' && mount.target !== null;
}

/** Whether the RUN has a cache mount where the manager keeps its downloads. */
function hasCacheMount(run: RunInstruction, install: InstallMatch, scope: InstructionScope): boolean {
  // Most RUNs have no cache mount: then the cache directories, read from the step and the ENV, are not needed.
  if (!run.mounts.some(isCacheMountWithTarget)) return false;
  const home = scope.env.get('HOME') ?? '';
  const dirs = cacheDirs(install.manager, install.step.text, scope.env);
  return run.mounts.some((m) => {
    if (m.type !== 'cache' || m.target === null) return false;
    // A target written with a variable is only known at build time.
    if (m.target.includes('$')) return true;
    return mountCovers(m.target, install.manager, dirs, home);
  });
}

export const packageCacheMount: RuleModule = {
  meta: {
    id: 'package-cache-mount',
    severity: 'style',
    category: 'performance',
    locality: 'stage',
    citesLines: true,
    fixable: 'unsafe',
    docs: {
      summary: 'Keep package downloads in a cache mount',
      description:
        'Flags a `RUN` that installs packages or fetches dependencies (apt-get/apt install, apk add without ' +
        '`--no-cache`, pip and uv, npm ci/install, bun install, yarn, pnpm, go build and go mod download, cargo, ' +
        'maven, gradle, bundle install, mix deps.get, composer, dotnet restore, poetry, pipenv, pdm, shards, lein ' +
        'and clojure -P, sbt, stack, cabal) without a `--mount=type=cache` on ' +
        'that tool\'s cache directory: /var/cache/apt and /var/lib/apt, /var/cache/apk, /root/.cache/pip, ' +
        '/root/.cache/uv, /root/.npm, /root/.bun/install/cache, /usr/local/share/.cache/yarn, ' +
        '/root/.local/share/pnpm/store, /root/.cache/go-build and /go/pkg/mod, /usr/local/cargo/registry and the ' +
        'target directory, /root/.m2, /root/.gradle, /usr/local/bundle/cache, /root/.hex/packages, ' +
        '/root/.composer/cache, /root/.nuget/packages, /root/.cache/pypoetry/cache and /root/.cache/pypoetry/artifacts ' +
        '(not the virtual environments beside them), /root/.cache/pipenv, /root/.cache/pdm, /root/.cache/shards, ' +
        '/root/.m2 for Clojure, /root/.cache/coursier and /root/.ivy2/cache, /root/.stack, ' +
        '/root/.cache/cabal/packages (or ~/.cabal/packages). Any user\'s home counts, as does a directory the step or ' +
        'an ENV moves the cache to (`PIP_CACHE_DIR`, `npm --cache`, `GOMODCACHE`…). A step that turns the cache ' +
        'off (`apk add --no-cache`, `pip install --no-cache-dir`, `uv --no-cache`, `composer --no-cache`, `bun ' +
        'install --no-cache`) is left alone: that choice keeps the image small, and a cache mount is the way to ' +
        'have both. So is a simulated install (`apt-get install -s`, `--dry-run` and the other spellings; `apk ' +
        'add --simulate`), which downloads nothing. Not reported when `# syntax=` pins a frontend older than 1.2, ' +
        'which has no mounts.',
      rationale:
        'A RUN is re-executed whenever its cache is lost: its command changed, an earlier step missed, or a ' +
        'copied manifest changed. Without a cache mount each re-run downloads every package again, because ' +
        'the downloads of the previous run went away with its layer (or were deleted to keep the image ' +
        'small). A cache mount keeps them on the builder between builds without putting them in the image. ' +
        'For apt on Debian and Ubuntu images, also remove /etc/apt/apt.conf.d/docker-clean (or set ' +
        'Binary::apt::APT::Keep-Downloaded-Packages) so the downloaded packages are kept in the mount; ' +
        '`sharing=locked` keeps concurrent builds from corrupting apt\'s lock files.',
      example: 'FROM node:20\nWORKDIR /app\nCOPY package.json package-lock.json ./\nRUN npm ci',
      useInstead:
        'FROM node:20\nWORKDIR /app\nCOPY package.json package-lock.json ./\nRUN --mount=type=cache,target=/root/.npm npm ci',
      fixSafety:
        'Unsafe: the suggested mount goes right after the RUN keyword, for pip, uv, npm, bun, yarn, mix, ' +
        'composer, poetry and pipenv, whose caches hold only downloads (for poetry, its cache and artifacts ' +
        'folders, not its virtual environments); offered when the cache is where the mount points (no option ' +
        'or ENV moves it, no USER other than root and no HOME other than /root before the RUN) and the stage ' +
        'already needs BuildKit (a `# syntax=` directive, or a mount on a RUN of the stage or a stage it is built ' +
        'on), since the classic builder rejects `RUN --mount`. Not offered for apt and apk (their package indexes ' +
        'live in the cache, and a later install reads them from the image), go, cargo, maven, gradle, dotnet and ' +
        'bundler, shards, the JVM tools, stack and cabal (a later build reads what was fetched there), pnpm (its ' +
        'store is what node_modules links to) or pdm (its cache can hold the installed packages). ' +
        'What can change: the downloads are no longer in the image, so a later step that reads that cache without ' +
        'the same mount finds it empty.',
    },
  },
  create(context) {
    if (!pinSupports(frontendPin(context.text), MOUNT_FEATURE)) return {};
    return {
      RUN(node, scope) {
        // A trigger runs in another build, whose own `# syntax=` decides whether mounts exist.
        if (scope.inOnbuild) return;
        const seen = new Set<string>();
        for (const install of findInstalls(scriptsOf(node))) {
          const { manager } = install;
          if (seen.has(manager.name) || manager.optedOut?.(install.step.text, scope.env)) continue;
          if (hasCacheMount(node, install, scope)) continue;
          seen.add(manager.name);
          const moved = cacheDirs(manager, install.step.text, scope.env).length > manager.dirs.length;
          const fix = cacheMountFix(context.text, node, scope, manager, moved);
          context.report({
            ...(fix ? { fix } : {}),
            message:
              `${install.words} on line ${install.range.start.line + 1} ${manager.redo} each time this ` +
              `RUN loses its cache (its command, a file copied before it or any earlier step changed); add ` +
              `${manager.suggestion} so the ${manager.name} cache survives between builds`,
            range: install.range,
          });
        }
      },
    };
  },
};
