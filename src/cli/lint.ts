/**
 * `dfkit lint [paths…|-]`: hadolint's command line (flags, config files, environment, formats, exit codes),
 * plus directory discovery, `--fix`/`--fix-unsafe`/`--diff`, `--build-arg` and rule documentation.
 */
import {
  applyFixes,
  baseImageReferences,
  builtinRules,
  lint,
  PARSE_ERROR_CODE,
  type Finding,
  type FixSafety,
  type LintOptions,
  type LintResult,
  type LintSeverity,
  type RuleMeta,
} from '../lint/index.js';
import { resolveConfig, toLintOptions, parseLabelRequirement, secondsProblem, unknownRuleProblems, type LintConfig } from '../lint/config.js';
import { formatters, type FormatName } from '../lint/formatters/index.js';
import { renderRuleDoc } from '../lint/rule-docs.js';
import { dirname, resolve } from 'node:path';
import { patchPath, unifiedDiff } from './diff.js';
import { loadPlugins } from '../lint/node/plugins.js';
import { answeringFirst, findShellCheck } from '../lint/node/shellcheck-program.js';
import { createShellCheckRule } from '../lint/shellcheck.js';
import { buildContextIn } from '../lint/node/context-file.js';
import { fixSummary } from './fix-summary.js';
import { VERSION } from './version.js';
import { discoverDockerfiles, discoveryMessages, nothingFoundMessage } from './discover.js';
import { parseCommandLine } from './command-line.js';
import { asksForHelp, CliError, type CommandIO } from './io.js';
import { rewriteHazard, samePath } from './rewrite-guard.js';
import { rewriteInPlace } from './rewrite-in-place.js';
import { reportTargets, sharedOutputProblem, STDOUT } from './report-targets.js';
import { forTerminal } from './terminal-text.js';
import { encodingHazard, readDockerfile } from './read-dockerfile.js';
import { mapInOrder } from './map-in-order.js';
import { ignoreFileFor } from '../planner/context.js';
import { formatPlatform, parsePlatform } from '../parser/index.js';

/** Dockerfiles read at once: a few more than Node's four I/O threads, to keep them busy. */
const READS_AT_ONCE = 8;

const USAGE = `Usage: dfkit lint [paths…|-] [options]

Lints Dockerfiles (files, directories searched recursively, or - for standard input).

hadolint options:
  -c, --config FILE            configuration file (default: hadolint's lookup, then .dfkit.yaml)
  -f, --format FORMAT          tty, json, sarif, checkstyle, codeclimate, gitlab_codeclimate, gnu, codacy,
                               junit, sonarqube, sonarqube_mqr, github (repeatable, paired with --output)
  -o, --output FILE            write a format to a file, - for standard output (repeatable)
  -t, --failure-threshold SEV  error, warning, info, style, ignore or none (default info)
      --ignore CODE            ignore a rule (repeatable)
      --error/--warning/--info/--style CODE   change a rule's severity (repeatable)
      --trusted-registry REG   allow base images from REG only (repeatable)
      --require-label L:TYPE   require a label of a type (repeatable)
      --strict-labels          flag labels outside the schema
      --disable-ignore-pragma  ignore "# hadolint ignore=" comments
      --no-fail                always exit 0
      --no-color               no colours
      --file-path-in-report P  the path to print in checkstyle, codeclimate, gitlab_codeclimate,
                               sonarqube(_mqr) and junit reports
  -V, --verbose                print the configuration in use
  -v, --version                print the version and exit
dfkit options:
      --fix                    apply safe fixes: rewrite files in place, print the fixed text for -
      --fix-unsafe             apply unsafe fixes too
      --diff                   print the fixes as a diff instead of writing them
                               (with --diff, or --fix on -, standard output holds only the diff or the
                               fixed text, and the report goes to standard error or to the -o file)
      --build-arg K=V          a build argument value (repeatable)
      --resolve-images         look base images up as a build does (the local Docker engine, then
                               their registries): their environment (UndefinedVar then checks
                               every variable) and platform (InvalidBaseImagePlatform)
      --platform OS/ARCH       the platform the build targets, with --resolve-images (default: the
                               engine's own, or this machine's)
      --shellcheck-timeout S   seconds one ShellCheck process may run (default 20); the RUNs
                               it did not check are named on standard error
      --exact-positions        report the exact token (line and column) in hadolint's formats too;
                               by default they report the instruction's first line, as hadolint does
      --rule ID                explain a rule
      --rules                  list every rule (fix: --fix fixes it; fix?: only --fix-unsafe)
`;

const SEVERITY_RANK: Readonly<Record<LintSeverity, number>> = { error: 0, warning: 1, info: 2, style: 3 };

interface Parsed {
  readonly paths: string[];
  readonly configPath: string | undefined;
  readonly cli: Partial<LintConfig>;
  readonly outputs: string[];
  readonly fix: FixSafety[] | null;
  readonly diff: boolean;
  readonly filePathInReport: string | undefined;
  readonly exactPositions: boolean;
  readonly rule: string | undefined;
  readonly listRules: boolean;
  /** Whether `--platform` was given (it needs `--resolve-images`, from the command line or a config file). */
  readonly platformFlag: boolean;
}

function parse(argv: readonly string[]): Parsed {
  const { values, positionals } = parseCommandLine(
    argv,
    {
      config: { type: 'string', short: 'c' },
      format: { type: 'string', short: 'f', multiple: true },
      output: { type: 'string', short: 'o', multiple: true },
      'failure-threshold': { type: 'string', short: 't' },
      ignore: { type: 'string', multiple: true },
      error: { type: 'string', multiple: true },
      warning: { type: 'string', multiple: true },
      info: { type: 'string', multiple: true },
      style: { type: 'string', multiple: true },
      'trusted-registry': { type: 'string', multiple: true },
      'require-label': { type: 'string', multiple: true },
      'strict-labels': { type: 'boolean' },
      'disable-ignore-pragma': { type: 'boolean' },
      'no-fail': { type: 'boolean' },
      'no-color': { type: 'boolean' },
      'file-path-in-report': { type: 'string' },
      verbose: { type: 'boolean', short: 'V' },
      fix: { type: 'boolean' },
      'fix-unsafe': { type: 'boolean' },
      diff: { type: 'boolean' },
      'build-arg': { type: 'string', multiple: true },
      'resolve-images': { type: 'boolean' },
      platform: { type: 'string' },
      'shellcheck-timeout': { type: 'string' },
      'exact-positions': { type: 'boolean' },
      rule: { type: 'string' },
      rules: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    USAGE,
  );

  const cli: { -readonly [K in keyof LintConfig]?: LintConfig[K] } = {};
  if (values.ignore) cli.ignored = values.ignore;
  const overrides: Record<string, LintSeverity> = {};
  // hadolint applies overrides from the mildest up, so a code listed twice gets the more severe level.
  for (const level of ['style', 'info', 'warning', 'error'] as const) for (const code of values[level] ?? []) overrides[code] = level;
  if (Object.keys(overrides).length > 0) cli.overrides = overrides;
  if (values['failure-threshold'] !== undefined) cli.failureThreshold = values['failure-threshold'] as LintConfig['failureThreshold'];
  if (values['trusted-registry']) cli.trustedRegistries = values['trusted-registry'];
  if (values['require-label']) {
    const schema: Record<string, LintConfig['labelSchema'][string]> = {};
    for (const requirement of values['require-label']) {
      const parsedLabel = parseLabelRequirement(requirement);
      if (!parsedLabel.ok) throw new CliError(`--require-label ${requirement}: ${parsedLabel.error}`);
      schema[parsedLabel.label] = parsedLabel.type;
    }
    cli.labelSchema = schema;
  }
  if (values['strict-labels']) cli.strictLabels = true;
  if (values['disable-ignore-pragma']) cli.disableIgnorePragma = true;
  if (values['no-fail']) cli.noFail = true;
  if (values['no-color']) cli.noColor = true;
  if (values.verbose) cli.verbose = true;
  if (values.format) cli.formats = values.format as FormatName[];
  if (values['build-arg']) {
    const buildArgs: Record<string, string> = {};
    for (const pair of values['build-arg']) {
      const equals = pair.indexOf('=');
      if (equals <= 0) throw new CliError(`--build-arg ${pair}: expected NAME=VALUE`);
      buildArgs[pair.slice(0, equals)] = pair.slice(equals + 1);
    }
    cli.buildArgs = buildArgs;
  }
  const timeout = values['shellcheck-timeout'];
  if (timeout !== undefined) {
    const seconds = /^\s*$/.test(timeout) ? Number.NaN : Number(timeout);
    const problem = secondsProblem(seconds);
    if (problem !== null) throw new CliError(`--shellcheck-timeout ${timeout}: ${problem}`);
    cli.shellcheckTimeout = seconds;
  }
  const platform = values.platform;
  if (platform !== undefined) {
    const parsed = parsePlatform(platform);
    if (parsed === null) throw new CliError(`--platform ${platform}: expected os/arch or os/arch/variant, e.g. linux/arm64`);
    cli.platform = formatPlatform(parsed);
  }
  if (values['resolve-images']) cli.resolveImages = true;
  const fix: FixSafety[] | null = values['fix-unsafe'] ? ['safe', 'unsafe'] : values.fix || values.diff ? ['safe'] : null;
  return {
    paths: positionals.length > 0 ? positionals : ['.'],
    configPath: values.config,
    cli,
    outputs: values.output ?? [],
    fix,
    diff: values.diff ?? false,
    filePathInReport: values['file-path-in-report'],
    exactPositions: values['exact-positions'] ?? false,
    rule: values.rule,
    listRules: values.rules ?? false,
    platformFlag: platform !== undefined,
  };
}

function findRule(name: string): RuleMeta | undefined {
  return builtinRules.find((r) => r.meta.id === name || r.meta.hadolint === name || r.meta.buildkit === name)?.meta;
}

/** How many passes of fixes one file gets at most. */
const MAX_FIX_PASSES = 200;

/**
 * From the text's first lint, applies fixes with `fix` until the text stops changing. Files that fail to parse are
 * never fixed.
 */
function lintFile(
  text: string,
  first: LintResult,
  options: LintOptions,
  fix: FixSafety[] | null,
): { findings: readonly Finding[]; fixed: string; original: readonly Finding[]; applied: number } {
  let current = text;
  let result = first;
  const original = result.findings;
  let applied = 0;
  if (!fix || hasParseErrors(result)) return { findings: result.findings, fixed: text, original, applied };
  // Fixes that edit the same place wait for the next pass (a dozen per-build LABELs each moving below the same
  // install take a pass each); a text seen before ends the loop, should two fixes ever undo each other.
  const seen = new Set<string>([current]);
  for (let pass = 0; pass < MAX_FIX_PASSES; pass++) {
    const outcome = applyFixes(current, result.findings, fix);
    if (outcome.applied.length === 0 || seen.has(outcome.text)) break;
    seen.add(outcome.text);
    const next = lint(outcome.text, options);
    if (hasParseErrors(next)) break; // A fix must never break the file.
    current = outcome.text;
    result = next;
    applied += outcome.applied.length;
  }
  return { findings: result.findings, fixed: current, original, applied };
}

/**
 * Whether the parser reports an error anywhere (an unknown instruction as well as what hadolint calls DL1000):
 * a file it cannot read whole is never rewritten, as `fmt` refuses to format it.
 */
function hasParseErrors(result: LintResult): boolean {
  return result.parse.diagnostics.some((diagnostic) => diagnostic.severity === 'error');
}

/**
 * `-v`, `--version`, or `-v` among short switches (`-Vv`), as hadolint reads them; a value-taking letter before
 * it (`-fv`) makes it that option's value.
 */
function asksForVersion(argv: readonly string[]): boolean {
  const end = argv.indexOf('--');
  return (end < 0 ? argv : argv.slice(0, end)).some((arg) => arg === '--version' || /^-[Vh]*v[A-Za-z]*$/.test(arg));
}

export async function runLint(argv: readonly string[], io: CommandIO): Promise<number> {
  if (asksForHelp(argv)) {
    io.stdout(USAGE);
    return 0;
  }
  // hadolint's `-v`/`--version`, so scripts that ask `hadolint -v` keep working.
  if (asksForVersion(argv)) {
    io.stdout(`dfkit ${VERSION}\n`);
    return 0;
  }
  const args = parse(argv);
  if (args.listRules) {
    for (const rule of builtinRules) {
      const { id, hadolint, buildkit, severity, docs, fixable } = rule.meta;
      // The fix column as Ruff marks fixable rules: `fix` applied by --fix, `fix?` only by --fix-unsafe.
      const fix = fixable === 'safe' ? 'fix' : fixable === 'unsafe' ? 'fix?' : '';
      io.stdout(`${(hadolint ?? buildkit ?? id).padEnd(34)} ${severity.padEnd(8)} ${fix.padEnd(5)}${id}: ${docs.summary}\n`);
    }
    return 0;
  }
  if (args.rule !== undefined) {
    const meta = findRule(args.rule);
    if (!meta) throw new CliError(`unknown rule '${args.rule}' (dfkit lint --rules lists them)`);
    const rule = builtinRules.find((r) => r.meta === meta);
    if (rule) io.stdout(renderRuleDoc(rule));
    return 0;
  }

  const resolved = resolveConfig({ cwd: io.cwd, home: io.home, env: io.env, configPath: args.configPath, cli: args.cli });
  for (const problem of resolved.problems) io.stderr(`dfkit: ${problem.message}\n`);
  if (resolved.problems.some((p) => p.severity === 'error')) return 2;
  const config = resolved.config;
  if (config.verbose) {
    io.stderr(`dfkit: configuration from ${resolved.files.length > 0 ? resolved.files.join(', ') : 'defaults'}\n`);
    io.stderr(`${JSON.stringify(config, null, 2)}\n`);
  }
  const targets = reportTargets<FormatName>(config.formats, args.outputs, 'tty');
  const sharedOutput = sharedOutputProblem(targets);
  if (sharedOutput !== null) throw new CliError(sharedOutput);
  const plugins = await loadPlugins(config.plugins, io.cwd);
  for (const problem of plugins.problems) io.stderr(`dfkit: ${problem}\n`);
  if (plugins.problems.length > 0) return 2;
  const found = findShellCheck('shellcheck', { timeoutMs: config.shellcheckTimeout * 1000 });
  if (!found && config.verbose) io.stderr('dfkit: shellcheck is not installed; SC findings are skipped\n');
  const shellcheck = found ? answeringFirst(found) : null;
  // The lines (0-based) of the RUNs ShellCheck did not check, while the text as read is linted.
  let uncheckedRuns: number[] | null = null;
  const shellcheckRule = shellcheck
    ? createShellCheckRule(shellcheck.runner, { onUnchecked: (node) => uncheckedRuns?.push(node.range.start.line) })
    : null;
  const rules = [...builtinRules, ...plugins.rules, ...(shellcheckRule ? [shellcheckRule] : [])];
  for (const problem of unknownRuleProblems(config, rules)) io.stderr(`dfkit: ${problem.message}\n`);
  const baseOptions = { ...toLintOptions(config, rules), rules };

  const discovery = await discoverDockerfiles(args.paths, io.cwd);
  const { files } = discovery;
  io.stderr(discoveryMessages(discovery));
  if (files.length === 0) {
    io.stderr(nothingFoundMessage(args.paths));
    return 1;
  }

  for (const target of args.outputs) {
    if (target === STDOUT) continue;
    const over = files.find((file) => file.path !== '-' && samePath(resolve(io.cwd, target), resolve(io.cwd, file.path)));
    if (over) throw new CliError(`refusing to write a report over '${over.display}', which is being linted`);
  }

  if (args.platformFlag && !config.resolveImages) {
    throw new CliError('--platform names the platform base images are checked against: use it with --resolve-images');
  }
  // The engine and registry client is loaded only when images are looked up.
  const images = config.resolveImages
    ? await (await import('./resolve-base-images.js')).connectBaseImageResolver(io.env, (message) => io.stderr(`dfkit: ${message}\n`), config.platform)
    : null;
  // The fixed text of standard input, or the diffs, own standard output so they can be redirected whole
  // (`dfkit lint --fix - < Dockerfile > fixed`); the report then goes to standard error or its -o file.
  const printsFixes = args.diff || (args.fix !== null && files.some((file) => file.path === '-'));
  const results = [];
  let printedFixes = '';
  let notRewritten = false;
  // Read several at once: one after the other, a folder of small files kept the process mostly waiting.
  const inputs = await mapInOrder(files, READS_AT_ONCE, async ({ display, path: file }) => {
    const source = await readDockerfile(io, file);
    // The context is the Dockerfile's folder, as with `docker build -f <file> <its folder>`.
    const contextDirectory = file === '-' ? io.cwd : dirname(file);
    const ignoreFile = ignoreFileFor(contextDirectory, file === '-' ? null : file)?.path;
    const ignoreText = ignoreFile === undefined ? undefined : await io.readFile(ignoreFile);
    const options: LintOptions = {
      ...baseOptions,
      settings: {
        ...baseOptions.settings,
        dockerignore: ignoreFile === undefined ? 'absent' : 'present',
        ...(ignoreText !== undefined ? { dockerignoreText: ignoreText } : {}),
        buildContext: buildContextIn(contextDirectory),
        ...(source.encoding !== 'utf-8' ? { encoding: source.encoding } : {}),
        ...(images && {
          baseImages: await images.resolve(baseImageReferences(source.text, baseOptions.settings?.buildArgs)),
          platform: images.platform,
          buildPlatform: images.buildPlatform,
        }),
      },
    };
    return { display, file, source, options };
  });
  // ShellCheck starts slower than it checks a RUN, and checks one script after the other: the RUNs of every
  // file are checked first, by one process per core.
  if (shellcheck) {
    await shellcheck.prefetch((collect) => {
      for (const { source, options } of inputs) lint(source.text, { ...options, rules: [createShellCheckRule(collect)] });
    });
  }
  let fixesMade = 0;
  let filesFixed = 0;
  for (const { display, file, source, options } of inputs) {
    const text = source.text;
    uncheckedRuns = [];
    const first = lint(text, options);
    for (const line of uncheckedRuns) {
      io.stderr(
        `dfkit: ${display}:${line + 1}: ShellCheck gave no answer for this RUN within ${config.shellcheckTimeout} s; ` +
          'its SC findings are missing (--shellcheck-timeout sets the limit)\n',
      );
    }
    uncheckedRuns = null;
    const { findings, fixed, original, applied } = lintFile(text, first, options, args.fix);
    let changed = fixed !== text;
    if (args.diff) printedFixes += unifiedDiff(patchPath(display, io.cwd), text, fixed);
    // Standard input is printed even when nothing changed, so the redirected copy is never left empty.
    else if (args.fix !== null && file === '-') printedFixes += fixed;
    else if (changed) {
      const hazard = encodingHazard(source) ?? (await rewriteHazard(file, text));
      if (hazard === null) await rewriteInPlace(file, fixed);
      else {
        io.stderr(`dfkit: ${display}: not rewritten: ${hazard}\n`);
        notRewritten = true;
        changed = false;
      }
    }
    if (changed) {
      fixesMade += applied;
      filesFixed++;
    }
    // A preview leaves the file as it is: its report is about the file as it is, lines and excerpts alike.
    results.push(args.diff ? { file: display, findings: original, source: text } : { file: display, findings, source: fixed });
  }

  const formats = targets.map((target) => target.format);
  const metas = new Map(rules.map((rule) => [rule.meta.hadolint ?? rule.meta.buildkit ?? rule.meta.id, rule.meta]));
  for (const { format: name, output: destination } of targets) {
    const formatter = formatters[name];
    if (!formatter) throw new CliError(`unknown format '${name}'`);
    // `-o -` is standard output, as in hadolint.
    const target = destination === STDOUT ? undefined : destination;
    // File names and lines reach the terminal-facing reports with their control characters escaped.
    const shown = name === 'tty' || name === 'gnu' ? results.map(forTerminal) : results;
    const output = formatter(shown, {
      // Whether standard error is a terminal is not known, so a report sent there has no colours.
      noColor: config.noColor || !io.isTTY || target !== undefined || printsFixes,
      filePathInReport: args.filePathInReport,
      rules: metas,
      toolVersion: VERSION,
      ...(args.exactPositions ? { positions: 'exact' as const } : {}),
    });
    if (target !== undefined) await io.writeFile(target, output);
    else if (printsFixes) io.stderr(output);
    else io.stdout(output);
  }
  if (printedFixes) io.stdout(printedFixes);
  // For a person at a terminal: scripts, CI logs and the other formats get exactly hadolint's output.
  if (io.isTTY && formats.every((name) => name === 'tty')) {
    io.stderr(
      fixSummary({
        allowed: args.fix,
        preview: args.diff,
        fixed: fixesMade,
        files: filesFixed,
        findings: results.flatMap((result) => result.findings),
      }),
    );
  }

  if (notRewritten) return 2;
  // A path that could not be read fails the run, whatever the other files gave (hadolint stops there with exit 1
  // and no report; the files that could be read are reported here).
  if (discovery.unreadable.length > 0) return 1;
  // hadolint always exits 0 for the streaming formats, whose consumers decide what fails.
  if (config.noFail || formats.includes('codeclimate') || formats.includes('codacy')) return 0;
  const threshold = config.failureThreshold;
  const failing = results.some((result) =>
    result.findings.some(
      (f) =>
        f.code === PARSE_ERROR_CODE ||
        threshold === 'ignore' ||
        threshold === 'none' ||
        SEVERITY_RANK[f.severity] <= SEVERITY_RANK[threshold],
    ),
  );
  return failing ? 1 : 0;
}
