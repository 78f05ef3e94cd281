/**
 * The lint engine: parses, builds the stage/variable context, walks every instruction (ONBUILD triggers
 * included) through every enabled rule's visitor, then applies severity overrides, ignore lists and
 * suppression comments.
 */
import { instructionAt, parse, type Diagnostic, type Instruction, type ParseResult, type Range } from '../parser/index.js';
import { settledRange, startOffsetOf } from '../parser/source.js';
import { reportedRangeProblem } from './reported-range.js';
import { chunksOf, movedEdits, recordReport, type Chunk, type ChunkMemo, type RecordedReport } from './chunks.js';
import { lineTableOf } from './line-table.js';
import { isSuppressed, optsIn, readSuppressions, type Suppressions } from './pragmas.js';
import { buildFileScope } from './scope.js';
import { SYNTAX_ERROR_CODES } from './syntax-errors.js';
import {
  codeOf,
  type InstructionScope,
  type ConfiguredSeverity,
  type Finding,
  type FixSafety,
  type LintSettings,
  type LintSeverity,
  type ReportDescriptor,
  type RuleContext,
  type RuleModule,
  type RuleVisitor,
  type StageInfo,
} from './types.js';

export interface LintOptions {
  /** The rules to run; defaults to every built-in rule. */
  readonly rules?: readonly RuleModule[];
  readonly settings?: Partial<LintSettings>;
  /** Severity per code, rule id or BuildKit name; `ignore` switches a rule off. */
  readonly severities?: Readonly<Record<string, ConfiguredSeverity>>;
  /** Codes, rule ids or BuildKit names whose findings are dropped. */
  readonly ignored?: readonly string[];
  /** Do not honour `# hadolint ignore=` pragmas (hadolint's `--disable-ignore-pragma`). */
  readonly disableIgnorePragma?: boolean;
}

export interface LintResult {
  readonly findings: readonly Finding[];
  readonly parse: ParseResult;
  /** The shell named by a `# hadolint shell=` pragma, if any. */
  readonly pragmaShell: string | null;
}

/** The code and rule id of parse errors, as hadolint reports them. */
export const PARSE_ERROR_CODE = 'DL1000';

/** The build argument BuildKit reads check options from, in place of the file's `# check=` directive. */
const CHECK_OPTIONS_ARG = 'BUILDKIT_DOCKERFILE_CHECK';

const DEFAULT_SETTINGS: LintSettings = { trustedRegistries: [], labelSchema: {}, strictLabels: false, buildArgs: {} };

const SEVERITY_ORDER: Readonly<Record<LintSeverity, number>> = { error: 0, warning: 1, info: 2, style: 3 };

/** Lints Dockerfile text. Never throws on any input; a rule that throws is reported, not propagated. */
export function lint(text: string, options: LintOptions & { readonly rules: readonly RuleModule[] }): LintResult {
  return lintWith(text, options, options.rules);
}

type Handler = (node: Instruction, scope: InstructionScope) => void;

/**
 * How a rule's reports are reused by an incremental lint: never (`NEVER`, rules that see the whole file), for
 * any unchanged chunk (`MOVED`, stage-local rules), or only while the chunk starts on the same line
 * (`SAME_LINE`, stage-local rules whose messages cite line numbers). A chunk is walked skipping the rules whose
 * level is at most the chunk's replay level.
 */
const NEVER = 0;
const MOVED = 1;
const SAME_LINE = 2;
type Replay = typeof NEVER | typeof MOVED | typeof SAME_LINE;

function replayOf(rule: RuleModule): Replay {
  if (rule.meta.locality !== 'stage') return NEVER;
  return rule.meta.citesLines ? SAME_LINE : MOVED;
}

/** A rule switched on for one file: its visitor and what its findings are built from. */
interface ActiveRule {
  readonly enabled: EnabledRule;
  /** Its visitor, once its `create` has returned. */
  visitor: RuleVisitor;
  /** Whether its reports about an unchanged chunk are replayed (incremental lints only). */
  readonly replay: Replay;
}

/** One rule's handler for one instruction kind. */
interface KindHandler {
  readonly entry: ActiveRule;
  readonly handler: Handler;
}

const NO_VISITOR: RuleVisitor = Object.freeze({});

/**
 * `lint` with the rule list passed on its own: the public door then needs no copy of the caller's options
 * (an editor lints on every keystroke, so per-file copies and closures add up).
 *
 * With a `memo` (an incremental linter's, see `incremental.ts`), the rules marked `locality: 'stage'` do not
 * visit a chunk (a stage, or the text before the first FROM) whose key the memo knows: what they reported
 * about it is replayed, moved to where the chunk is now, and goes through severities, ignore lists and
 * suppression comments like a fresh report. Everything else runs as without a memo, so the findings are the
 * same. `parseText` is the incremental linter's parser, which must return what `parse` returns.
 */
export function lintWith(
  text: string,
  options: LintOptions,
  rules: readonly RuleModule[],
  memo?: ChunkMemo,
  parseText: (text: string) => ParseResult = parse,
): LintResult {
  const parsed = parseText(text);
  const { ast } = parsed;
  const settings = settingsOf(options.settings);
  const scope = buildFileScope(ast, settings.buildArgs, memo !== undefined);
  const suppressions = readSuppressions(ast, {
    disableIgnorePragma: options.disableIgnorePragma ?? false,
    checkOptions: settings.buildArgs[CHECK_OPTIONS_ARG],
    text,
  });
  const ignored = new Set(options.ignored ?? []);
  const severities = options.severities ?? NO_SEVERITIES;
  const findings: Finding[] = [];
  const instructions = ast.instructions;
  // Most files have no suppression comment: then no finding needs the suppression lookup.
  const anySuppression =
    suppressions.file.size > 0 ||
    suppressions.byInstruction.size > 0 ||
    suppressions.byStage.length > 0 ||
    suppressions.checkSkips.size > 0 ||
    suppressions.checkSkipsByInstruction.size > 0;
  // An incremental parse moves the nodes it reuses when the next version is parsed, and with them the ranges
  // made for them: findings keep ranges of their own, on this version's line table, so they stay as they are.
  // (Ranges already on a line table, as replayed reports' are, never move and are kept.)
  const fixedLines = memo ? lineTableOf({ ast, text }) : null;
  const ownRange = (range: Finding['range']): Finding['range'] => (fixedLines ? settledRange(range, fixedLines) : range);

  for (const diagnostic of parsed.diagnostics) {
    if (diagnostic.severity === 'error' && SYNTAX_ERROR_CODES.has(diagnostic.code)) {
      findings.push(parseErrorFinding(diagnostic, ownRange(diagnostic.range)));
    }
  }

  // Incremental lints: the chunk being walked, and whether its stage rules' reports are replayed or recorded.
  let chunks = memo ? chunksOf(text, ast, scope.stages, memo.intern) : null;
  let chunk: Chunk | null = null;
  /** Rules with a replay level from 1 up to this one are skipped in the current chunk (0: none are). */
  let replayed: Replay = NEVER;
  let recorded: RecordedReport[] | null = null;

  /**
   * Makes the finding for one report (unless it is ignored or suppressed). `shift` moves the fix's edits: a
   * replayed report's are recorded from its chunk's start.
   */
  const accept = (
    enabled: EnabledRule,
    ownCode: string | undefined,
    ownSeverity: LintSeverity | undefined,
    message: string,
    range: Range,
    fix: ReportDescriptor['fix'],
    shift: number,
  ): void => {
    let findingSeverity: ConfiguredSeverity = enabled.severity;
    let findingNames = enabled.names;
    if (ownCode) {
      if (ignored.has(ownCode)) return;
      findingSeverity = severities[ownCode] ?? ownSeverity ?? enabled.severity;
      if (findingSeverity === 'ignore') return;
      findingNames = [ownCode, ...enabled.names];
    }
    const rangeProblem = reportedRangeProblem(range, text.length);
    // Thrown into the rule's handler, which then fails as a rule does, by name, instead of the whole lint.
    if (rangeProblem) throw new TypeError(`reported an invalid range: ${rangeProblem}`);
    const ownerInstruction = instructionAt(instructions, startOffsetOf(range));
    if (anySuppression) {
      const owner = ownerInstruction ? startOffsetOf(ownerInstruction.range) : null;
      const buildkit = enabled.rule.meta.buildkit;
      const optedIn = buildkit !== undefined && enabled.rule.meta.buildkitExperimental === true && optsIn(suppressions, buildkit);
      if (isSuppressed(suppressions, findingNames, buildkit, owner, optedIn)) return;
    }
    // Built field by field, in the order findings have always had, with no temporary objects spread in:
    // this runs for every finding of every file.
    const finding: { -readonly [K in keyof Finding]: Finding[K] } = {
      ruleId: enabled.rule.meta.id,
      code: ownCode ?? enabled.code,
      severity: findingSeverity,
      message,
      range: ownRange(range),
    };
    const instructionLine = ownerInstruction?.startLine;
    if (instructionLine !== undefined) finding.instructionLine = instructionLine;
    if (fix) {
      // Field by field too (a spread of the rule's object was 1% of a lint), in the order `Fix` declares them.
      finding.fix = {
        description: fix.description,
        safety: fix.safety ?? enabled.defaultSafety,
        edits: shift === 0 ? fix.edits : movedEdits(fix.edits, shift),
      };
    }
    findings.push(finding);
  };
  /**
   * The rule whose `create` or handler runs now. Every rule gets the same context, whose `report` reports for
   * the rule running: one context per file instead of one per rule and file (with their report closures, some
   * 7% of a lint's allocations, on every keystroke in an editor). A report made after the lint, when no rule
   * runs, has no lint to go to and is dropped.
   */
  let running: ActiveRule | null = null;
  const report = (descriptor: ReportDescriptor): void => {
    const entry = running;
    if (entry === null) return;
    if (entry.replay !== NEVER && recorded && chunk) {
      const recordedReport = recordReport(entry.enabled.rule, descriptor, chunk.start, chunk.end);
      // A report that would not move with its chunk is never replayed: the chunk is visited next time too.
      if (recordedReport) recorded.push(recordedReport);
      else recorded = null;
    }
    accept(entry.enabled, descriptor.code, descriptor.severity, descriptor.message, descriptor.range, descriptor.fix, 0);
  };
  const context: RuleContext = {
    ast,
    text,
    stages: scope.stages,
    settings,
    diagnostics: parsed.diagnostics,
    scopeOf: scope.scopeOf,
    report,
  };

  const active: ActiveRule[] = [];
  const fileRules = withOptIns(enabledRules(rules, options.severities), rules, suppressions, severities);
  for (const enabled of fileRules) {
    if (ignored.size > 0 && enabled.names.some((name) => ignored.has(name))) continue;
    const entry: ActiveRule = { enabled, visitor: NO_VISITOR, replay: memo === undefined ? NEVER : replayOf(enabled.rule) };
    running = entry;
    try {
      entry.visitor = enabled.rule.create(context);
      active.push(entry);
    } catch (error) {
      findings.push(ruleFailure(enabled.rule, error, ast.range));
      // Its reports would be missing from what this version records, and replaying another version's would
      // report for a rule that failed here: this version neither replays nor records.
      if (entry.replay !== NEVER) chunks = null;
    }
  }

  // Handlers are looked up once per kind, not once per instruction and rule: most rules watch a few kinds.
  const byKind = new Map<string, KindHandler[]>();
  const onFile: ActiveRule[] = [];
  const onFileExit: ActiveRule[] = [];
  const onStage: ActiveRule[] = [];
  const onStageExit: ActiveRule[] = [];
  for (const entry of active) {
    const visitor = entry.visitor;
    // `for…in`, not `Object.entries`: no array per key, for some ninety visitors on every keystroke. The
    // own-property test is `hasOwnProperty` inside the loop, which V8 answers from the loop's own key cache
    // (`Object.hasOwn` is a full lookup). The file and stage handlers are sorted out in the same loop: reading
    // them by name from ninety visitors of ninety shapes cost more than the loop itself.
    const plain = Object.getPrototypeOf(visitor) === Object.prototype;
    for (const key in visitor) {
      if (!hasOwnProperty.call(visitor, key)) continue;
      const value: unknown = visitor[key as keyof RuleVisitor];
      if (typeof value !== 'function') continue;
      if (key === 'Dockerfile') {
        if (plain) onFile.push(entry);
      } else if (key === 'Stage') {
        if (plain) onStage.push(entry);
      } else if (key === 'Dockerfile:exit') {
        if (plain) onFileExit.push(entry);
      } else if (key === 'Stage:exit') {
        if (plain) onStageExit.push(entry);
      } else if (!key.includes(':')) {
        let list = byKind.get(key);
        if (!list) byKind.set(key, (list = []));
        list.push({ entry, handler: value as Handler });
      }
    }
    // A visitor made by a class may have these as methods, which `for…in` does not list.
    if (!plain) {
      if (typeof visitor.Dockerfile === 'function') onFile.push(entry);
      if (typeof visitor['Dockerfile:exit'] === 'function') onFileExit.push(entry);
      if (typeof visitor.Stage === 'function') onStage.push(entry);
      if (typeof visitor['Stage:exit'] === 'function') onStageExit.push(entry);
    }
  }

  const failed = (rule: RuleModule, error: unknown): void => {
    // A failure is not a report: a chunk where a stage rule failed is visited again next time.
    if (memo && replayOf(rule) !== NEVER) recorded = null;
    findings.push(ruleFailure(rule, error, ast.range));
  };
  const visitInstruction = (instruction: Instruction): void => {
    const handlers = byKind.get(instruction.kind);
    if (handlers) {
      const instructionScope = scope.scopeOf(instruction);
      for (const { entry, handler } of handlers) {
        if (entry.replay !== NEVER && entry.replay <= replayed) continue;
        running = entry;
        try {
          handler(instruction, instructionScope);
        } catch (error) {
          failed(entry.enabled.rule, error);
        }
      }
    }
    if (instruction.kind === 'ONBUILD' && instruction.trigger) visitInstruction(instruction.trigger);
  };
  const exitStage = (stage: StageInfo): void => {
    for (const entry of onStageExit) {
      if (entry.replay !== NEVER && entry.replay <= replayed) continue;
      running = entry;
      try {
        entry.visitor['Stage:exit']?.(stage);
      } catch (error) {
        failed(entry.enabled.rule, error);
      }
    }
  };

  for (const entry of onFile) {
    running = entry;
    try {
      entry.visitor.Dockerfile?.(ast);
    } catch (error) {
      failed(entry.enabled.rule, error);
    }
  }
  let replayable: ReadonlyMap<RuleModule, EnabledRule> | undefined;
  /** Ends the chunk walked so far (keeping what was recorded) and starts chunk `index`. */
  const enterChunk = (index: number): void => {
    leaveChunk();
    if (!chunks || !memo) return;
    chunk = chunks[index] ?? null;
    if (!chunk) return;
    const known = memo.get(chunk);
    if (!known) {
      recorded = [];
      return;
    }
    // Reports whose messages cite lines are stale when the chunk starts on another line: those rules visit it.
    const sameLine = known.line === chunk.line;
    replayed = sameLine ? SAME_LINE : MOVED;
    const lines = lineTableOf({ ast, text });
    const kept: RecordedReport[] | null = sameLine ? null : [];
    for (const report of known.reports) {
      const rule = report.rule;
      if (!sameLine && replayOf(rule) === SAME_LINE) continue;
      kept?.push(report);
      // A recorded rule is enabled: the linter's configuration does not change, and a chunk is recorded only
      // when every stage rule was set up.
      // The configuration's own table, unless the file opted in to more rules than it enables.
      replayable ??=
        fileRules === enabledRules(rules, options.severities)
          ? enabledByRule(rules, options.severities)
          : new Map(fileRules.map((entry) => [entry.rule, entry]));
      const enabled = replayable.get(rule);
      if (!enabled) continue;
      const range = lines.range(chunk.start + report.start, chunk.start + report.end);
      accept(enabled, report.code, report.severity, report.message, range, report.fix, chunk.start);
    }
    // Kept for the next version, which may leave this chunk alone too; or completed by the rules that visit it.
    if (kept) recorded = kept;
    else memo.set(chunk, known);
  };
  const leaveChunk = (): void => {
    if (chunk && recorded && memo) memo.set(chunk, { line: chunk.line, reports: recorded });
    chunk = null;
    recorded = null;
    replayed = NEVER;
  };

  enterChunk(0);
  for (const instruction of instructions) {
    if (instruction.kind === 'FROM') {
      const stage = scope.scopeOf(instruction).stage;
      const previous = stage && stage.index > 0 ? scope.stages[stage.index - 1] : undefined;
      if (previous) exitStage(previous);
      if (stage) {
        enterChunk(stage.index + 1);
        for (const entry of onStage) {
          if (entry.replay !== NEVER && entry.replay <= replayed) continue;
          running = entry;
          try {
            entry.visitor.Stage?.(stage, instruction);
          } catch (error) {
            failed(entry.enabled.rule, error);
          }
        }
      }
    }
    visitInstruction(instruction);
  }
  const last = scope.stages[scope.stages.length - 1];
  if (last) exitStage(last);
  leaveChunk();
  for (const entry of onFileExit) {
    running = entry;
    try {
      entry.visitor['Dockerfile:exit']?.(ast);
    } catch (error) {
      failed(entry.enabled.rule, error);
    }
  }
  running = null;

  findings.sort(
    (a, b) =>
      startOffsetOf(a.range) - startOffsetOf(b.range) ||
      SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
      (a.code < b.code ? -1 : a.code > b.code ? 1 : 0),
  );
  return { findings, parse: parsed, pragmaShell: suppressions.shell };
}

/** The settings rules see: the defaults with the caller's values over them. */
function settingsOf(given: Partial<LintSettings> | undefined): LintSettings {
  if (given === undefined) {
    return {
      trustedRegistries: DEFAULT_SETTINGS.trustedRegistries,
      labelSchema: DEFAULT_SETTINGS.labelSchema,
      strictLabels: DEFAULT_SETTINGS.strictLabels,
      buildArgs: DEFAULT_SETTINGS.buildArgs,
    };
  }
  return { ...DEFAULT_SETTINGS, ...given };
}

const hasOwnProperty = Object.prototype.hasOwnProperty;

const NO_SEVERITIES: Readonly<Record<string, ConfiguredSeverity>> = Object.freeze({});

/**
 * The enabled rules, plus the experimental BuildKit checks the file's check options opt in to that are off by
 * default here and that the configuration leaves alone (a configured severity, `off` included, is the user's
 * word): BuildKit runs an opted-in check, at warning level.
 */
function withOptIns(
  enabled: EnabledRule[],
  rules: readonly RuleModule[],
  suppressions: Suppressions,
  configured: Readonly<Record<string, ConfiguredSeverity>>,
): EnabledRule[] {
  if (suppressions.experimental.size === 0) return enabled;
  let extra: EnabledRule[] | undefined;
  for (const rule of rules) {
    const { buildkit, buildkitExperimental, severity } = rule.meta;
    if (!buildkit || buildkitExperimental !== true || severity !== 'ignore' || !optsIn(suppressions, buildkit)) continue;
    const names = namesOf(rule);
    if (names.some((name) => configured[name] !== undefined)) continue;
    (extra ??= []).push({ rule, names, severity: 'warning', code: codeOf(rule.meta), defaultSafety: rule.meta.fixable ?? 'unsafe' });
  }
  return extra ? [...enabled, ...extra] : enabled;
}

interface EnabledRule {
  readonly rule: RuleModule;
  readonly names: readonly string[];
  readonly severity: LintSeverity;
  /** The code its findings carry unless they bring their own. */
  readonly code: string;
  /** The safety of its fixes when a fix does not say. */
  readonly defaultSafety: FixSafety;
}

/**
 * The rules a configuration switches on, with their names and severities, worked out once per rule list and
 * severity table: an editor lints the same configuration on every keystroke.
 */
const enabledCache = new WeakMap<readonly RuleModule[], WeakMap<object, EnabledRule[]>>();

/** The same, by rule. */
function enabledByRule(
  rules: readonly RuleModule[],
  configured: Readonly<Record<string, ConfiguredSeverity>> | undefined,
): ReadonlyMap<RuleModule, EnabledRule> {
  const enabled = enabledRules(rules, configured);
  let byRule = byRuleCache.get(enabled);
  if (!byRule) byRuleCache.set(enabled, (byRule = new Map(enabled.map((entry) => [entry.rule, entry]))));
  return byRule;
}

const byRuleCache = new WeakMap<readonly EnabledRule[], ReadonlyMap<RuleModule, EnabledRule>>();

function enabledRules(
  rules: readonly RuleModule[],
  configured: Readonly<Record<string, ConfiguredSeverity>> | undefined,
): EnabledRule[] {
  const severities = configured ?? NO_SEVERITIES;
  let bySeverities = enabledCache.get(rules);
  if (!bySeverities) enabledCache.set(rules, (bySeverities = new WeakMap()));
  let enabled = bySeverities.get(severities);
  if (!enabled) {
    enabled = [];
    for (const rule of rules) {
      const names = namesOf(rule);
      const severity = severityOf(rule, names, severities);
      if (severity !== 'ignore') {
        enabled.push({ rule, names, severity, code: codeOf(rule.meta), defaultSafety: rule.meta.fixable ?? 'unsafe' });
      }
    }
    bySeverities.set(severities, enabled);
  }
  return enabled;
}

/** Every name a rule answers to in configuration and suppressions. */
export function namesOf(rule: RuleModule): string[] {
  const names = [rule.meta.id];
  if (rule.meta.hadolint) names.push(rule.meta.hadolint);
  if (rule.meta.buildkit) names.push(rule.meta.buildkit);
  return names;
}

function severityOf(
  rule: RuleModule,
  names: readonly string[],
  severities: Readonly<Record<string, ConfiguredSeverity>>,
): ConfiguredSeverity {
  for (const name of names) {
    const configured = severities[name];
    if (configured) return configured;
  }
  return rule.meta.severity;
}

function parseErrorFinding(diagnostic: Diagnostic, range: Finding['range']): Finding {
  return {
    ruleId: 'parse-error',
    code: PARSE_ERROR_CODE,
    severity: 'error',
    message: diagnostic.message,
    range,
  };
}

function ruleFailure(rule: RuleModule, error: unknown, range: Finding['range']): Finding {
  const message = error instanceof Error ? error.message : String(error);
  return {
    ruleId: rule.meta.id,
    code: codeOf(rule.meta),
    severity: 'error',
    message: `rule ${rule.meta.id} failed: ${message}`,
    range,
  };
}
