/**
 * hadolint-compatible configuration: the YAML file (found the way hadolint finds it), `HADOLINT_*` environment
 * variables and command-line settings, merged into one {@link LintConfig}, plus dfkit's own `.dfkit.yaml`.
 *
 * Sources merge in the order environment → hadolint file → `.dfkit.yaml` → command line. A setting with one value
 * (booleans, `failure-threshold`) takes the last source's value; lists (ignored codes, registries, formats,
 * plugins) are concatenated; maps (label schema, rules, build args) are combined, the later source winning per key;
 * severity overrides are combined so that a code listed at several levels gets the most severe one (hadolint
 * applies them style → info → warning → error).
 *
 * Unlike hadolint, which silently drops a config file it cannot parse, problems come back as values naming the
 * file, the setting and what is wrong; a file with a YAML syntax error contributes nothing, a bad setting only
 * loses that setting. This module reads files (it is the linter's I/O edge), but the working directory, home
 * directory and environment are passed in rather than read from the process, so callers and tests choose them.
 */
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { isAlias, isMap, isScalar, isSeq, Lexer, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import { levenshtein } from '../parser/suggest.js';
import { formatPlatform, parsePlatform } from '../parser/platform.js';
import { namesOf, PARSE_ERROR_CODE, type LintOptions } from './engine.js';
import { FORMAT_NAMES, isFormatName, type FormatName } from './formatters/types.js';
import { builtinRules } from './rules/index.js';
import type { ConfiguredSeverity, LabelType, LintSeverity, RuleModule } from './types.js';

/** The severity from which findings fail the run; `ignore` and `none` make every finding fail. */
export type FailureThreshold = ConfiguredSeverity | 'none';

/** A rule's setting in dfkit's `rules` map: a severity, or `off`. */
export type RuleSetting = LintSeverity | 'off';

/** The merged settings of a run. */
export interface LintConfig {
  /** Codes, BuildKit check names or dfkit rule ids whose findings are dropped (`ignored`, `--ignore`). */
  readonly ignored: readonly string[];
  /** Severity per code (`override`, `--error`…`--style`, `HADOLINT_OVERRIDE_*`). */
  readonly overrides: Readonly<Record<string, LintSeverity>>;
  /** `failure-threshold`, default `info`. */
  readonly failureThreshold: FailureThreshold;
  /** Registries base images may come from (`trustedRegistries`); empty trusts every registry. */
  readonly trustedRegistries: readonly string[];
  /** Required labels and their types (`label-schema`, `--require-label`). */
  readonly labelSchema: Readonly<Record<string, LabelType>>;
  readonly strictLabels: boolean;
  readonly disableIgnorePragma: boolean;
  readonly noFail: boolean;
  readonly noColor: boolean;
  readonly verbose: boolean;
  /** Output formats in order, paired with output files by position; empty means `tty`. */
  readonly formats: readonly FormatName[];
  /**
   * dfkit's `rules` key: severity or `off` per code, BuildKit name or rule id. It is the precise per-rule setting,
   * so it takes precedence over `overrides` whichever sources they come from.
   */
  readonly rules: Readonly<Record<string, RuleSetting>>;
  /** The config file (as shown in messages) that set each `rules` key, so a later check can name it. */
  readonly ruleSources?: Readonly<Record<string, string>>;
  /**
   * dfkit's `plugins` key: modules providing custom rules, as package names or paths. Relative paths in a config
   * file are resolved against that file's directory; nothing here loads them.
   */
  readonly plugins: readonly string[];
  /** dfkit's `build-args` key and `--build-arg`: values for ARGs, as `docker build --build-arg` would pass. */
  readonly buildArgs: Readonly<Record<string, string>>;
  /**
   * dfkit's `shellcheck-timeout` key and `--shellcheck-timeout`: the seconds one ShellCheck process may run
   * before it is killed; the RUNs it did not check are named on standard error.
   */
  readonly shellcheckTimeout: number;
  /**
   * dfkit's `resolve-images` key and `--resolve-images`: look base images up as a build does (the local engine,
   * then their registries) before linting. The linter itself asks nothing: the command line does the lookups.
   */
  readonly resolveImages: boolean;
  /** dfkit's `platform` key and `--platform`: the platform the build targets, for the looked-up images. */
  readonly platform?: string;
}

export const DEFAULT_CONFIG: LintConfig = {
  ignored: [],
  overrides: {},
  failureThreshold: 'info',
  trustedRegistries: [],
  labelSchema: {},
  strictLabels: false,
  disableIgnorePragma: false,
  noFail: false,
  noColor: false,
  verbose: false,
  formats: [],
  rules: {},
  plugins: [],
  buildArgs: {},
  shellcheckTimeout: 20,
  resolveImages: false,
};

/** Something wrong with a configuration source. Errors lose the setting they concern; warnings lose nothing. */
export interface ConfigProblem {
  readonly severity: 'error' | 'warning';
  /** The config file as shown to the user, `environment` or `command line`. */
  readonly source: string;
  /** The setting at fault (`failure-threshold`, `override.error`, `HADOLINT_IGNORE`…); absent for syntax errors. */
  readonly key?: string;
  /** 1-based position in the config file, when the problem is in one. */
  readonly line?: number;
  readonly column?: number;
  /** The full message, starting with the source: `.hadolint.yaml: failure-threshold: expected …`. */
  readonly message: string;
}

/** Where configuration is looked for: injected so that callers and tests decide, not the process. */
export interface ConfigLocation {
  readonly cwd: string;
  readonly home: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Defaults to the running platform; `win32` moves the per-user locations as hadolint does on Windows. */
  readonly platform?: NodeJS.Platform;
}

export interface ResolveConfigOptions extends ConfigLocation {
  /** `-c/--config`: read only this file (relative to `cwd`) instead of looking for hadolint and dfkit files. */
  readonly configPath?: string;
  /** Settings from the command line. */
  readonly cli?: Partial<LintConfig>;
}

export interface ResolvedConfig {
  readonly config: LintConfig;
  /** Absolute paths of the config files that were read, in merge order. */
  readonly files: readonly string[];
  readonly problems: readonly ConfigProblem[];
}

type Draft = { -readonly [K in keyof LintConfig]?: LintConfig[K] };

const LEVELS: readonly LintSeverity[] = ['error', 'warning', 'info', 'style'];
const THRESHOLDS: readonly FailureThreshold[] = ['error', 'warning', 'info', 'style', 'ignore', 'none'];
const LABEL_TYPES: readonly LabelType[] = ['text', 'url', 'semver', 'hash', 'rfc3339', 'spdx', 'email'];
const RULE_SETTINGS: readonly string[] = [...LEVELS, 'off', 'ignore'];
const RANK: Readonly<Record<LintSeverity, number>> = { error: 0, warning: 1, info: 2, style: 3 };

/** Values hadolint reads as true in its boolean environment variables; anything else is an explicit false. */
const TRUTHY = new Set(['1', 'y', 'on', 'true', 'yes']);
/** The false values one would write; another word is read as false too, with a warning, as it is likely a typo. */
const FALSY = new Set(['', '0', 'n', 'off', 'false', 'no']);

const HADOLINT_FILES = ['.hadolint.yaml', '.hadolint.yml'];
const DFKIT_FILES = ['.dfkit.yaml', '.dfkit.yml'];


/** hadolint's candidate config files, in the order it tries them. */
export function hadolintConfigCandidates(location: ConfigLocation): string[] {
  const { cwd, home, env } = location;
  const windows = (location.platform ?? process.platform) === 'win32';
  const join = windows ? path.win32.join : path.join;
  const isAbsolute = windows ? path.win32.isAbsolute : path.isAbsolute;
  const roaming = env.APPDATA || join(home, 'AppData', 'Roaming');
  // An XDG variable holding a relative path is to be ignored, per the XDG base directory specification.
  const xdgConfig =
    env.XDG_CONFIG_HOME && isAbsolute(env.XDG_CONFIG_HOME)
      ? env.XDG_CONFIG_HOME
      : windows
        ? roaming
        : join(home, '.config');
  const appData = windows ? join(roaming, 'hadolint') : join(home, '.hadolint');
  const documents = windows ? join(home, 'Documents') : home;
  return [
    ...HADOLINT_FILES.map((name) => join(cwd, name)),
    ...['hadolint.yaml', 'hadolint.yml'].map((name) => join(xdgConfig, name)),
    ...['hadolint.yaml', 'hadolint.yml', 'config.yaml', 'config.yml'].map((name) => join(appData, name)),
    ...HADOLINT_FILES.map((name) => join(documents, name)),
  ];
}

/** The hadolint config file (first existing candidate) and the `.dfkit.yaml`/`.dfkit.yml` of the working directory. */
export function discoverConfigFiles(location: ConfigLocation): { hadolint?: string; dfkit?: string } {
  const hadolint = hadolintConfigCandidates(location).find(isFile);
  const dfkit = DFKIT_FILES.map((name) => path.join(location.cwd, name)).find(isFile);
  return { ...(hadolint ? { hadolint } : {}), ...(dfkit ? { dfkit } : {}) };
}

function isFile(file: string): boolean {
  try {
    return statSync(file, { throwIfNoEntry: false })?.isFile() ?? false;
  } catch {
    return false;
  }
}


/** Reads every source and merges them (environment → hadolint file → `.dfkit.yaml` → command line). */
export function resolveConfig(options: ResolveConfigOptions): ResolvedConfig {
  const problems: ConfigProblem[] = [];
  const files: string[] = [];
  const parts: Partial<LintConfig>[] = [];

  const fromEnv = configFromEnvironment(options.env);
  parts.push(fromEnv.config);
  problems.push(...fromEnv.problems);

  const load = (file: string): void => {
    files.push(file);
    const loaded = loadConfigFile(file, options);
    parts.push(loaded.config);
    problems.push(...loaded.problems);
  };
  if (options.configPath !== undefined) {
    load(path.resolve(options.cwd, options.configPath));
  } else {
    const found = discoverConfigFiles(options);
    if (found.hadolint) load(found.hadolint);
    if (found.dfkit) load(found.dfkit);
  }

  if (options.cli) {
    const fromCli = checkCommandLine(options.cli);
    parts.push(fromCli.config);
    problems.push(...fromCli.problems);
  }
  return { config: parts.reduce<LintConfig>(mergeConfig, DEFAULT_CONFIG), files, problems };
}

/**
 * Warnings for `rules` keys no loaded rule answers to (by id, hadolint code or BuildKit name), which would
 * otherwise be ignored without a word. Known only once plugins are loaded, hence not part of reading the file.
 * ShellCheck codes, hadolint's retired codes and the parse-error code (DL1000) are accepted, as everywhere else.
 */
export function unknownRuleProblems(config: LintConfig, rules: readonly RuleModule[]): ConfigProblem[] {
  const names = rules.flatMap(namesOf);
  const known = new Set([...names, ...RETIRED_HADOLINT_CODES, PARSE_ERROR_CODE, 'parse-error']);
  const problems: ConfigProblem[] = [];
  for (const name of Object.keys(config.rules)) {
    if (known.has(name) || /^SC\d{4}$/.test(name)) continue;
    const source = config.ruleSources?.[name] ?? 'configuration';
    problems.push({
      severity: 'warning',
      source,
      key: `rules.${name}`,
      message: `${source}: rules.${name}: no rule has this name${suggestion(name, names)}; ignored (dfkit lint --rules lists them)`,
    });
  }
  return problems;
}

/** Adds a later source's settings to a merged configuration (see the module comment for the rules). */
export function mergeConfig(base: LintConfig, next: Partial<LintConfig>): LintConfig {
  const overrides: Record<string, LintSeverity> = { ...base.overrides };
  for (const [code, level] of Object.entries(next.overrides ?? {})) {
    const previous = overrides[code];
    if (!previous || RANK[level] < RANK[previous]) overrides[code] = level;
  }
  return {
    ignored: union(base.ignored, next.ignored),
    overrides,
    failureThreshold: next.failureThreshold ?? base.failureThreshold,
    trustedRegistries: union(base.trustedRegistries, next.trustedRegistries),
    // hadolint's map union keeps the first source's type for a label set twice, so an environment variable would
    // beat the command line; the later source winning is what the precedence promises.
    labelSchema: { ...base.labelSchema, ...next.labelSchema },
    strictLabels: next.strictLabels ?? base.strictLabels,
    disableIgnorePragma: next.disableIgnorePragma ?? base.disableIgnorePragma,
    noFail: next.noFail ?? base.noFail,
    noColor: next.noColor ?? base.noColor,
    verbose: next.verbose ?? base.verbose,
    // Repeats are kept: each format is paired with an output file by position.
    formats: [...base.formats, ...(next.formats ?? [])],
    rules: { ...base.rules, ...next.rules },
    ...(base.ruleSources || next.ruleSources ? { ruleSources: { ...base.ruleSources, ...next.ruleSources } } : {}),
    plugins: union(base.plugins, next.plugins),
    buildArgs: { ...base.buildArgs, ...next.buildArgs },
    shellcheckTimeout: next.shellcheckTimeout ?? base.shellcheckTimeout,
    resolveImages: next.resolveImages ?? base.resolveImages,
    ...((next.platform ?? base.platform) !== undefined && { platform: next.platform ?? base.platform }),
  };
}

function union(base: readonly string[], next: readonly string[] | undefined): readonly string[] {
  return next && next.length > 0 ? [...new Set([...base, ...next])] : base;
}

/**
 * The engine's options for a configuration. Names are mapped to rule ids through `rules` (default: the built-in
 * rules), so that a rule configured under its hadolint code and its dfkit id at once still resolves the way the
 * merge rules say.
 */
export function toLintOptions(config: LintConfig, rules: readonly RuleModule[] = builtinRules): LintOptions {
  const idOf = new Map<string, string>();
  for (const rule of rules) for (const name of namesOf(rule)) idOf.set(name, rule.meta.id);
  const canonical = (name: string): string => idOf.get(name) ?? name;

  const severities: Record<string, ConfiguredSeverity> = {};
  for (const [code, level] of Object.entries(config.overrides)) {
    const key = canonical(code);
    const previous = severities[key] as LintSeverity | undefined;
    if (!previous || RANK[level] < RANK[previous]) severities[key] = level;
  }
  for (const [name, setting] of Object.entries(config.rules)) {
    severities[canonical(name)] = setting === 'off' ? 'ignore' : setting;
  }
  return {
    severities,
    ignored: [...config.ignored],
    settings: {
      trustedRegistries: config.trustedRegistries,
      labelSchema: config.labelSchema,
      strictLabels: config.strictLabels,
      buildArgs: config.buildArgs,
    },
    disableIgnorePragma: config.disableIgnorePragma,
  };
}


export type LabelRequirement =
  | { readonly ok: true; readonly label: string; readonly type: LabelType }
  | { readonly ok: false; readonly error: string };

/**
 * Parses `--require-label`/`HADOLINT_REQUIRE_LABELS` entries: `LABEL:TYPE`, split at the first colon. A missing or
 * empty type means `text`, as in hadolint.
 */
export function parseLabelRequirement(text: string): LabelRequirement {
  const colon = text.indexOf(':');
  const label = (colon === -1 ? text : text.slice(0, colon)).trim();
  const type = colon === -1 ? '' : text.slice(colon + 1).trim();
  if (label === '') return { ok: false, error: `expected LABEL:TYPE, got ${JSON.stringify(text)}` };
  if (type === '') return { ok: true, label, type: 'text' };
  if (!isLabelType(type)) {
    return { ok: false, error: `label type must be one of ${LABEL_TYPES.join(', ')}, got ${JSON.stringify(type)}` };
  }
  return { ok: true, label, type };
}

function isLabelType(value: string): value is LabelType {
  return (LABEL_TYPES as readonly string[]).includes(value);
}


const ENVIRONMENT = 'environment';

/** hadolint's environment variables (and `NO_COLOR`). Values it would drop silently are dropped with a warning. */
export function configFromEnvironment(env: Readonly<Record<string, string | undefined>>): {
  config: Partial<LintConfig>;
  problems: ConfigProblem[];
} {
  const problems: ConfigProblem[] = [];
  const config: Draft = {};
  const warn = (key: string, message: string): void => {
    problems.push({ severity: 'warning', source: ENVIRONMENT, key, message: `${ENVIRONMENT}: ${key}: ${message}` });
  };
  const list = (name: string): string[] | undefined => {
    const value = env[name];
    if (value === undefined) return undefined;
    // hadolint neither trims nor drops empty entries, so `A, B` never matched B; we are lenient here.
    return value
      .split(',')
      .map((entry) => entry.trim())
      .filter((entry) => entry !== '');
  };
  const flag = (name: string): boolean | undefined => {
    const value = env[name];
    if (value === undefined) return undefined;
    const word = value.trim().toLowerCase();
    if (TRUTHY.has(word)) return true;
    if (!FALSY.has(word)) warn(name, `${JSON.stringify(value)} is read as false (true is one of ${[...TRUTHY].join(', ')})`);
    return false;
  };
  const codes = (name: string): string[] | undefined => {
    const entries = list(name);
    for (const code of entries ?? []) checkCode(code, (message) => warn(name, message));
    return entries;
  };

  // hadolint honours NO_COLOR whenever it is set, even to an empty string.
  if (env.NO_COLOR !== undefined) config.noColor = true;
  const noFail = flag('HADOLINT_NOFAIL');
  if (noFail !== undefined) config.noFail = noFail;
  const verbose = flag('HADOLINT_VERBOSE');
  if (verbose !== undefined) config.verbose = verbose;
  const strictLabels = flag('HADOLINT_STRICT_LABELS');
  if (strictLabels !== undefined) config.strictLabels = strictLabels;
  const disableIgnorePragma = flag('HADOLINT_DISABLE_IGNORE_PRAGMA');
  if (disableIgnorePragma !== undefined) config.disableIgnorePragma = disableIgnorePragma;

  const formats = list('HADOLINT_FORMAT');
  if (formats) {
    config.formats = formats.filter((name): name is FormatName => {
      if (isFormatName(name)) return true;
      warn('HADOLINT_FORMAT', `unknown format ${JSON.stringify(name)} skipped (known: ${FORMAT_NAMES.join(', ')})`);
      return false;
    });
  }
  const threshold = env.HADOLINT_FAILURE_THRESHOLD?.trim();
  if (threshold !== undefined) {
    if (isThreshold(threshold)) config.failureThreshold = threshold;
    else warn('HADOLINT_FAILURE_THRESHOLD', `${expected(THRESHOLDS)}, got ${JSON.stringify(threshold)}; ignored`);
  }

  const overrides: Record<string, LintSeverity> = {};
  // Applied from the mildest level up so that the most severe listing wins.
  for (const level of [...LEVELS].reverse()) {
    for (const code of codes(`HADOLINT_OVERRIDE_${level.toUpperCase()}`) ?? []) overrides[code] = level;
  }
  if (Object.keys(overrides).length > 0) config.overrides = overrides;
  const ignored = codes('HADOLINT_IGNORE');
  if (ignored) config.ignored = ignored;
  const registries = list('HADOLINT_TRUSTED_REGISTRIES');
  if (registries) config.trustedRegistries = registries;

  const labels = list('HADOLINT_REQUIRE_LABELS');
  if (labels) {
    const schema: Record<string, LabelType> = {};
    for (const entry of labels) {
      const requirement = parseLabelRequirement(entry);
      if (requirement.ok) schema[requirement.label] = requirement.type;
      else warn('HADOLINT_REQUIRE_LABELS', `${requirement.error}; skipped`);
    }
    config.labelSchema = schema;
  }
  return { config, problems };
}


const COMMAND_LINE = 'command line';

/** Checks values the command line passed through unchecked (a threshold or format is any string there). */
function checkCommandLine(cli: Partial<LintConfig>): { config: Partial<LintConfig>; problems: ConfigProblem[] } {
  const problems: ConfigProblem[] = [];
  const report = (severity: ConfigProblem['severity'], key: string, message: string): void => {
    problems.push({ severity, source: COMMAND_LINE, key, message: `${COMMAND_LINE}: ${key}: ${message}` });
  };
  const config: Draft = { ...cli };
  if (cli.failureThreshold !== undefined && !isThreshold(cli.failureThreshold)) {
    report('error', '--failure-threshold', `${expected(THRESHOLDS)}, got ${JSON.stringify(cli.failureThreshold)}`);
    delete config.failureThreshold;
  }
  if (cli.formats) {
    config.formats = cli.formats.filter((name) => {
      if (isFormatName(name)) return true;
      report('error', '--format', `${expected(FORMAT_NAMES)}, got ${JSON.stringify(name)}`);
      return false;
    });
  }
  for (const code of cli.ignored ?? []) checkCode(code, (message) => report('warning', '--ignore', message));
  for (const [code, level] of Object.entries(cli.overrides ?? {})) {
    checkCode(code, (message) => report('warning', `--${level}`, message));
  }
  return { config, problems };
}


/** Reads and checks one config file; `cwd` and `home` only shorten the file name shown in messages. */
export function loadConfigFile(
  file: string,
  location: Pick<ConfigLocation, 'cwd' | 'home'>,
): { config: Partial<LintConfig>; problems: ConfigProblem[] } {
  const source = displayPath(file, location.cwd, location.home);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error instanceof Error ? error.message : String(error));
    return {
      config: {},
      problems: [{ severity: 'error', source, message: `${source}: cannot read config file (${reason})` }],
    };
  }
  return parseConfigText(text, { source, baseDir: path.dirname(file) });
}

/**
 * Parses the text of a config file. Every hadolint key is understood, plus dfkit's `rules`, `plugins`,
 * `build-args`, `shellcheck-timeout`, `resolve-images` and `platform` (accepted in any config file; hadolint
 * ignores them).
 */
export function parseConfigText(
  text: string,
  options: { readonly source: string; readonly baseDir: string },
): { config: Partial<LintConfig>; problems: ConfigProblem[] } {
  const refused = refusedShape(text);
  if (refused !== null) return { config: {}, problems: [{ severity: 'error', source: options.source, message: `${options.source}: ${refused}` }] };
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false });
  const reader = new FileReader(options.source, options.baseDir, lineCounter, document);
  if (document.errors.length > 0) {
    for (const error of document.errors) reader.syntaxError(error.pos[0], error.message);
    return { config: {}, problems: reader.problems };
  }
  const root = reader.resolve(document.contents);
  if (root === null || (isScalar(root) && root.value === null)) return { config: {}, problems: reader.problems };
  if (!isMap(root)) {
    reader.report('error', root, undefined, `expected a mapping of settings, got ${describe(root)}`);
    return { config: {}, problems: reader.problems };
  }
  const config: Draft = {};
  let format: FormatName | undefined;
  for (const pair of root.items) {
    const keyNode = reader.resolve(pair.key as Node | null);
    const key = keyNode && isScalar(keyNode) ? String(keyNode.value) : String(keyNode);
    const value = reader.resolve(pair.value as Node | null);
    if (!KNOWN_KEYS.includes(key)) {
      reader.report('warning', keyNode ?? root, key, `unknown setting${suggestion(key, KNOWN_KEYS)}; ignored`);
      continue;
    }
    // An empty value (`ignored:` with nothing under it) sets nothing, as in hadolint.
    if (value === null || (isScalar(value) && value.value === null)) continue;
    const at = { key, node: value };
    switch (key) {
      case 'ignored': {
        const ignored = reader.codeList(at);
        if (ignored) config.ignored = ignored;
        break;
      }
      case 'override': {
        const overrides = reader.overrides(at);
        if (overrides) config.overrides = overrides;
        break;
      }
      case 'failure-threshold': {
        const threshold = reader.oneOf(at, THRESHOLDS);
        if (threshold) config.failureThreshold = threshold;
        break;
      }
      case 'trustedRegistries': {
        const registries = reader.stringList(at);
        if (registries) config.trustedRegistries = registries;
        break;
      }
      case 'label-schema': {
        const schema = reader.labelSchema(at);
        if (schema) config.labelSchema = schema;
        break;
      }
      case 'strict-labels':
      case 'disable-ignore-pragma':
      case 'no-fail':
      case 'no-color':
      case 'verbose': {
        const flag = reader.boolean(at);
        if (flag !== undefined) config[BOOLEAN_KEYS[key]] = flag;
        break;
      }
      case 'format':
        format = reader.oneOf(at, FORMAT_NAMES);
        break;
      case 'formats': {
        const formats = reader.stringList(at, FORMAT_NAMES);
        if (formats) config.formats = formats;
        break;
      }
      case 'rules': {
        const rules = reader.rules(at);
        if (rules) {
          config.rules = rules;
          config.ruleSources = Object.fromEntries(Object.keys(rules).map((name) => [name, options.source]));
        }
        break;
      }
      case 'plugins': {
        const plugins = reader.pluginList(at);
        if (plugins) config.plugins = plugins;
        break;
      }
      case 'build-args': {
        const buildArgs = reader.buildArgs(at);
        if (buildArgs) config.buildArgs = buildArgs;
        break;
      }
      case 'shellcheck-timeout': {
        const seconds = reader.seconds(at);
        if (seconds !== undefined) config.shellcheckTimeout = seconds;
        break;
      }
      case 'resolve-images': {
        const flag = reader.boolean(at);
        if (flag !== undefined) config.resolveImages = flag;
        break;
      }
      case 'platform': {
        const platform = reader.platform(at);
        if (platform !== undefined) config.platform = platform;
        break;
      }
    }
  }
  // hadolint appends `format` after `formats`.
  if (format) config.formats = [...(config.formats ?? []), format];
  return { config, problems: reader.problems };
}

/**
 * Config files are a few lines nested two or three deep. The YAML parser recurses once per level of nesting:
 * thousands of levels exhaust its stack (reported as an error per level), and a megabyte of `[` exhausts the
 * memory of the process. Files larger or deeper than this are refused before parsing, with one problem.
 */
const MAX_CONFIG_LENGTH = 256 * 1024;
const MAX_CONFIG_DEPTH = 64;

/**
 * Why `text` is not parsed, or `null`. The depth is counted on the YAML lexer's tokens, which come without
 * recursion: open flow brackets, plus outside them the indentation levels of the current line and the `-`
 * and `?` entries opening it. Lexing stops as soon as the limit is passed.
 */
function refusedShape(text: string): string | null {
  if (text.length > MAX_CONFIG_LENGTH) return `not read: ${text.length} characters is over the limit of ${MAX_CONFIG_LENGTH} for a config file`;
  const indents: number[] = [];
  let flow = 0;
  let block = 0;
  let lineStart = true;
  let indent = 0;
  for (const token of new Lexer().lex(text)) {
    if (/^\r?\n$/.test(token)) {
      lineStart = true;
      indent = 0;
      continue;
    }
    if (/^[ \t]+$/.test(token)) {
      if (lineStart) indent = token.length;
      continue;
    }
    if (token.startsWith('#') || token === '\u0002') continue;
    if (lineStart && flow === 0) {
      while (indents.length > 0 && (indents.at(-1) as number) >= indent) indents.pop();
      indents.push(indent);
      block = indents.length;
    }
    lineStart = false;
    if (token === '[' || token === '{') flow++;
    else if (token === ']' || token === '}') flow = Math.max(0, flow - 1);
    else if ((token === '-' || token === '?') && flow === 0) block++;
    if (block + flow > MAX_CONFIG_DEPTH) return `not read: nested more than ${MAX_CONFIG_DEPTH} levels deep`;
  }
  return null;
}

/**
 * What a usable time limit is, when `seconds` is not one (`null` when it is). A day is far beyond any ShellCheck
 * run worth waiting for.
 */
export function secondsProblem(seconds: number): string | null {
  if (!Number.isFinite(seconds) || seconds <= 0) return 'expected a number of seconds greater than 0';
  if (seconds > 86_400) return 'expected at most 86400 seconds (a day)';
  return null;
}

const BOOLEAN_KEYS = {
  'strict-labels': 'strictLabels',
  'disable-ignore-pragma': 'disableIgnorePragma',
  'no-fail': 'noFail',
  'no-color': 'noColor',
  verbose: 'verbose',
} as const;

const KNOWN_KEYS = [
  'ignored',
  'override',
  'failure-threshold',
  'trustedRegistries',
  'label-schema',
  ...Object.keys(BOOLEAN_KEYS),
  'format',
  'formats',
  'rules',
  'plugins',
  'build-args',
  'shellcheck-timeout',
  'resolve-images',
  'platform',
];

interface At {
  /** Dotted path of the setting, for messages. */
  readonly key: string;
  readonly node: Node;
}

/** Walks one parsed file, checking values and collecting problems with their positions. */
class FileReader {
  readonly problems: ConfigProblem[] = [];

  constructor(
    private readonly source: string,
    private readonly baseDir: string,
    private readonly lines: LineCounter,
    private readonly document: Document,
  ) {}

  /** Follows YAML aliases (`*anchor`) to the node they name. */
  resolve(node: Node | null | undefined): Node | null {
    if (!node) return null;
    if (isAlias(node)) return (node.resolve(this.document) as Node | undefined) ?? null;
    return node;
  }

  syntaxError(offset: number, message: string): void {
    const { line, col } = this.lines.linePos(offset);
    this.problems.push({
      severity: 'error',
      source: this.source,
      line,
      column: col,
      message: `${this.source}:${line}:${col}: ${message}`,
    });
  }

  report(severity: ConfigProblem['severity'], node: Node, key: string | undefined, message: string): void {
    const offset = node.range?.[0];
    const at = offset === undefined ? undefined : this.lines.linePos(offset);
    const position = at ? { line: at.line, column: at.col } : {};
    this.problems.push({
      severity,
      source: this.source,
      ...(key === undefined ? {} : { key }),
      ...position,
      message: `${this.source}: ${key === undefined ? '' : `${key}: `}${message}`,
    });
  }

  /** The items of a list; a single scalar counts as a one-item list (hadolint's README shows that form too). */
  private items(at: At): Array<{ node: Node; value: string }> | undefined {
    if (!isSeq(at.node) && !isScalar(at.node)) {
      this.report('error', at.node, at.key, `expected a list, got ${describe(at.node)}`);
      return undefined;
    }
    const entries = isSeq(at.node) ? at.node.items.map((item) => this.resolve(item as Node | null)) : [at.node];
    const values: Array<{ node: Node; value: string }> = [];
    for (const entry of entries) {
      if (entry && isScalar(entry) && (typeof entry.value === 'string' || typeof entry.value === 'number')) {
        values.push({ node: entry, value: String(entry.value) });
      } else {
        this.report('error', entry ?? at.node, at.key, `expected a string, got ${entry ? describe(entry) : 'null'}`);
      }
    }
    return values;
  }

  stringList<T extends string>(at: At, allowed?: readonly T[]): T[] | undefined {
    const items = this.items(at);
    if (!items) return undefined;
    const values: T[] = [];
    for (const { node, value } of items) {
      if (allowed && !(allowed as readonly string[]).includes(value)) {
        this.report('error', node, at.key, `${expected(allowed)}, got ${JSON.stringify(value)}`);
      } else values.push(value as T);
    }
    return values;
  }

  /** Module paths or package names; a blank one can name nothing, so it is refused here, where its line is known. */
  pluginList(at: At): string[] | undefined {
    const items = this.items(at);
    if (!items) return undefined;
    const plugins: string[] = [];
    for (const { node, value } of items) {
      if (value.trim() === '') this.report('error', node, at.key, 'expected a module path or package name, got an empty string');
      else plugins.push(this.pluginPath(value));
    }
    return plugins;
  }

  codeList(at: At): string[] | undefined {
    const items = this.items(at);
    if (!items) return undefined;
    const codes: string[] = [];
    for (const { node, value } of items) {
      checkCode(value, (message) => this.report('warning', node, at.key, message));
      codes.push(value);
    }
    return codes;
  }

  oneOf<T extends string>(at: At, allowed: readonly T[]): T | undefined {
    if (isScalar(at.node) && typeof at.node.value === 'string' && (allowed as readonly string[]).includes(at.node.value)) {
      return at.node.value as T;
    }
    this.report('error', at.node, at.key, `${expected(allowed)}, got ${describe(at.node)}`);
    return undefined;
  }

  /** A number of seconds greater than zero. */
  seconds(at: At): number | undefined {
    if (isScalar(at.node) && typeof at.node.value === 'number') {
      const problem = secondsProblem(at.node.value);
      if (problem === null) return at.node.value;
      this.report('error', at.node, at.key, `${problem}, got ${at.node.value}`);
      return undefined;
    }
    this.report('error', at.node, at.key, `expected a number of seconds, got ${describe(at.node)}`);
    return undefined;
  }

  /** A platform as the builder reads `--platform` (`os/arch[/variant]`), normalised. */
  platform(at: At): string | undefined {
    const parsed = isScalar(at.node) && typeof at.node.value === 'string' ? parsePlatform(at.node.value) : null;
    if (parsed) return formatPlatform(parsed);
    this.report('error', at.node, at.key, `expected a platform such as linux/arm64, got ${describe(at.node)}`);
    return undefined;
  }

  boolean(at: At): boolean | undefined {
    if (isScalar(at.node) && typeof at.node.value === 'boolean') return at.node.value;
    this.report('error', at.node, at.key, `expected true or false, got ${describe(at.node)}`);
    return undefined;
  }

  /** The entries of a mapping with string keys and non-null values. */
  private entries(at: At): Array<{ key: string; node: Node }> | undefined {
    if (!isMap(at.node)) {
      this.report('error', at.node, at.key, `expected a mapping, got ${describe(at.node)}`);
      return undefined;
    }
    const entries: Array<{ key: string; node: Node }> = [];
    for (const pair of at.node.items) {
      const keyNode = this.resolve(pair.key as Node | null);
      const key = keyNode && isScalar(keyNode) ? String(keyNode.value) : String(keyNode);
      const node = this.resolve(pair.value as Node | null);
      entries.push({ key, node: node ?? keyNode ?? at.node });
    }
    return entries;
  }

  overrides(at: At): Record<string, LintSeverity> | undefined {
    const entries = this.entries(at);
    if (!entries) return undefined;
    const lists: Partial<Record<LintSeverity, string[]>> = {};
    for (const entry of entries) {
      const key = `${at.key}.${entry.key}`;
      if (!isLevel(entry.key)) {
        const hint = entry.key === 'ignore' || entry.key === 'none' ? '; use the top-level `ignored` list' : suggestion(entry.key, LEVELS);
        this.report('warning', entry.node, key, `unknown level, expected one of ${LEVELS.join(', ')}${hint}; ignored`);
        continue;
      }
      if (isScalar(entry.node) && entry.node.value === null) continue;
      const codes = this.codeList({ key, node: entry.node });
      if (codes) lists[entry.key] = codes;
    }
    const overrides: Record<string, LintSeverity> = {};
    for (const level of [...LEVELS].reverse()) for (const code of lists[level] ?? []) overrides[code] = level;
    return overrides;
  }

  labelSchema(at: At): Record<string, LabelType> | undefined {
    const entries = this.entries(at);
    if (!entries) return undefined;
    const schema: Record<string, LabelType> = {};
    for (const entry of entries) {
      const node = entry.node;
      // hadolint reads an empty type as text.
      if (isScalar(node) && (node.value === null || node.value === '')) schema[entry.key] = 'text';
      else if (isScalar(node) && typeof node.value === 'string' && isLabelType(node.value)) schema[entry.key] = node.value;
      else this.report('error', node, `${at.key}.${entry.key}`, `${expected(LABEL_TYPES)}, got ${describe(node)}`);
    }
    return schema;
  }

  rules(at: At): Record<string, RuleSetting> | undefined {
    const entries = this.entries(at);
    if (!entries) return undefined;
    const rules: Record<string, RuleSetting> = {};
    for (const entry of entries) {
      const key = `${at.key}.${entry.key}`;
      checkCode(entry.key, (message) => this.report('warning', entry.node, key, message));
      const value = isScalar(entry.node) ? entry.node.value : undefined;
      if (typeof value === 'string' && RULE_SETTINGS.includes(value)) {
        rules[entry.key] = value === 'ignore' ? 'off' : (value as RuleSetting);
      } else {
        this.report('error', entry.node, key, `${expected(RULE_SETTINGS)}, got ${describe(entry.node)}`);
      }
    }
    return rules;
  }

  buildArgs(at: At): Record<string, string> | undefined {
    const entries = this.entries(at);
    if (!entries) return undefined;
    const args: Record<string, string> = {};
    for (const entry of entries) {
      const value = isScalar(entry.node) ? entry.node.value : undefined;
      if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') args[entry.key] = String(value);
      else this.report('error', entry.node, `${at.key}.${entry.key}`, `expected a string, got ${describe(entry.node)}`);
    }
    return args;
  }

  /** A relative module path means relative to the file that names it, whoever loads it later. */
  pluginPath(plugin: string): string {
    return plugin.startsWith('./') || plugin.startsWith('../') ? path.resolve(this.baseDir, plugin) : plugin;
  }
}


/** hadolint codes of rules it has removed; configurations may still name them. */
const RETIRED_HADOLINT_CODES: readonly string[] = ['DL3005', 'DL3017', 'DL3031', 'DL3039'];

const CODE_SHAPE = /^(?:(?:DL|SC)\d{4}|[A-Z][A-Za-z0-9]*|[a-z][a-z0-9]*(?:-[a-z0-9]+)*)$/;

/**
 * Codes are matched exactly, as in hadolint, so an odd-looking one is reported — but only as a warning, since
 * retired and future codes must stay accepted.
 */
function checkCode(code: string, warn: (message: string) => void): void {
  if (/^(?:dl|sc)\d{4}$/i.test(code) && !/^(?:DL|SC)\d{4}$/.test(code)) {
    warn(`${JSON.stringify(code)} never matches: codes are case-sensitive (did you mean "${code.toUpperCase()}"?)`);
  } else if (!CODE_SHAPE.test(code)) {
    warn(`${JSON.stringify(code)} is not a rule code (such as DL3008 or SC2086), BuildKit check name or dfkit rule id`);
  }
}

function isThreshold(value: string): value is FailureThreshold {
  return (THRESHOLDS as readonly string[]).includes(value);
}

function isLevel(value: string): value is LintSeverity {
  return (LEVELS as readonly string[]).includes(value);
}

function expected(allowed: readonly string[]): string {
  return `expected one of ${allowed.join(', ')}`;
}

function describe(node: Node): string {
  if (isMap(node)) return 'a mapping';
  if (isSeq(node)) return 'a list';
  if (isScalar(node)) return typeof node.value === 'string' ? JSON.stringify(node.value) : String(node.value);
  return 'an unsupported value';
}

function suggestion(word: string, candidates: readonly string[]): string {
  let best: string | undefined;
  let distance = 3;
  for (const candidate of candidates) {
    const d = levenshtein(word.toLowerCase(), candidate.toLowerCase());
    if (d < distance) {
      best = candidate;
      distance = d;
    }
  }
  return best ? ` (did you mean ${JSON.stringify(best)}?)` : '';
}

/** The path as a user would recognise it: relative to the working directory, under `~`, or absolute. */
function displayPath(file: string, cwd: string, home: string): string {
  const inside = (base: string): string | undefined => {
    const relative = path.relative(base, file);
    return relative !== '' && relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative)
      ? relative
      : undefined;
  };
  const fromCwd = inside(cwd);
  if (fromCwd) return fromCwd;
  const fromHome = inside(home);
  return fromHome ? `~${path.sep}${fromHome}` : file;
}
