/**
 * The lint engine: parses, builds the stage/variable context, walks every instruction (ONBUILD triggers
 * included) through every enabled rule's visitor, then applies severity overrides, ignore lists and
 * suppression comments.
 */
import { instructionAt, parse, type Diagnostic, type Instruction, type ParseResult } from '../parser/index.js';
import { isSuppressed, readSuppressions } from './pragmas.js';
import { buildFileScope } from './scope.js';
import { SYNTAX_ERROR_CODES } from './syntax-errors.js';
import {
  codeOf,
  type InstructionScope,
  type ConfiguredSeverity,
  type Finding,
  type LintSettings,
  type LintSeverity,
  type RuleContext,
  type RuleModule,
  type RuleVisitor,
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

const DEFAULT_SETTINGS: LintSettings = { trustedRegistries: [], labelSchema: {}, strictLabels: false, buildArgs: {} };

const SEVERITY_ORDER: Readonly<Record<LintSeverity, number>> = { error: 0, warning: 1, info: 2, style: 3 };

/** Lints Dockerfile text. Never throws on any input; a rule that throws is reported, not propagated. */
export function lint(text: string, options: LintOptions & { readonly rules: readonly RuleModule[] }): LintResult {
  const parsed = parse(text);
  const { ast } = parsed;
  const settings: LintSettings = { ...DEFAULT_SETTINGS, ...options.settings };
  const scope = buildFileScope(ast, settings.buildArgs);
  const suppressions = readSuppressions(ast, { disableIgnorePragma: options.disableIgnorePragma ?? false });
  const ignored = new Set(options.ignored ?? []);
  const severities = options.severities ?? NO_SEVERITIES;
  const findings: Finding[] = [];

  for (const diagnostic of parsed.diagnostics) {
    if (diagnostic.severity === 'error' && SYNTAX_ERROR_CODES.has(diagnostic.code)) {
      findings.push(parseErrorFinding(diagnostic));
    }
  }

  const active: Array<{ rule: RuleModule; severity: LintSeverity; visitor: RuleVisitor; names: readonly string[] }> = [];
  for (const { rule, names, severity } of enabledRules(options.rules, options.severities)) {
    if (ignored.size > 0 && names.some((name) => ignored.has(name))) continue;
    const context: RuleContext = {
      ast,
      text,
      stages: scope.stages,
      settings,
      diagnostics: parsed.diagnostics,
      scopeOf: scope.scopeOf,
      report(descriptor) {
        const start = descriptor.range.start.offset;
        const ownerInstruction = instructionAt(ast.instructions, start);
        const owner = ownerInstruction ? ownerInstruction.range.start.offset : null;
        const instructionLine = ownerInstruction?.startLine;
        const findingNames = descriptor.code ? [descriptor.code, ...names] : names;
        if (descriptor.code && ignored.has(descriptor.code)) return;
        const findingSeverity = descriptor.code
          ? (severities[descriptor.code] ?? descriptor.severity ?? severity)
          : severity;
        if (findingSeverity === 'ignore') return;
        if (isSuppressed(suppressions, findingNames, rule.meta.buildkit, owner)) return;
        const fix = descriptor.fix ? { ...descriptor.fix, safety: descriptor.fix.safety ?? rule.meta.fixable ?? 'unsafe' } : undefined;
        findings.push({
          ruleId: rule.meta.id,
          code: descriptor.code ?? codeOf(rule.meta),
          severity: findingSeverity,
          message: descriptor.message,
          range: descriptor.range,
          ...(instructionLine !== undefined ? { instructionLine } : {}),
          ...(fix ? { fix } : {}),
        });
      },
    };
    try {
      active.push({ rule, severity, visitor: rule.create(context), names });
    } catch (error) {
      findings.push(ruleFailure(rule, error, ast.range));
    }
  }

  const call = (entry: (typeof active)[number], run: (visitor: RuleVisitor) => void): void => {
    try {
      run(entry.visitor);
    } catch (error) {
      findings.push(ruleFailure(entry.rule, error, ast.range));
    }
  };

  // Handlers are looked up once per kind, not once per instruction and rule: most rules watch a few kinds.
  type Handler = (node: Instruction, scope: InstructionScope) => void;
  const byKind = new Map<string, { entry: (typeof active)[number]; handler: Handler }[]>();
  for (const entry of active) {
    for (const [key, value] of Object.entries(entry.visitor)) {
      if (typeof value !== 'function' || key === 'Dockerfile' || key.includes(':') || key === 'Stage') continue;
      let list = byKind.get(key);
      if (!list) byKind.set(key, (list = []));
      list.push({ entry, handler: value as Handler });
    }
  }
  const visitInstruction = (instruction: Instruction): void => {
    const handlers = byKind.get(instruction.kind);
    if (handlers) {
      const instructionScope = scope.scopeOf(instruction);
      for (const { entry, handler } of handlers) {
        try {
          handler(instruction, instructionScope);
        } catch (error) {
          findings.push(ruleFailure(entry.rule, error, ast.range));
        }
      }
    }
    if (instruction.kind === 'ONBUILD' && instruction.trigger) visitInstruction(instruction.trigger);
  };
  const withHook = (hook: keyof RuleVisitor) => active.filter((entry) => typeof entry.visitor[hook] === 'function');
  const onFile = withHook('Dockerfile');
  const onFileExit = withHook('Dockerfile:exit');
  const onStage = withHook('Stage');
  const onStageExit = withHook('Stage:exit');

  for (const entry of onFile) call(entry, (v) => v.Dockerfile?.(ast));
  for (const instruction of ast.instructions) {
    if (instruction.kind === 'FROM') {
      const stage = scope.scopeOf(instruction).stage;
      const previous = stage && stage.index > 0 ? scope.stages[stage.index - 1] : undefined;
      if (previous) for (const entry of onStageExit) call(entry, (v) => v['Stage:exit']?.(previous));
      if (stage) for (const entry of onStage) call(entry, (v) => v.Stage?.(stage, instruction));
    }
    visitInstruction(instruction);
  }
  const last = scope.stages[scope.stages.length - 1];
  if (last) for (const entry of onStageExit) call(entry, (v) => v['Stage:exit']?.(last));
  for (const entry of onFileExit) call(entry, (v) => v['Dockerfile:exit']?.(ast));

  findings.sort(
    (a, b) =>
      a.range.start.offset - b.range.start.offset ||
      SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
      (a.code < b.code ? -1 : a.code > b.code ? 1 : 0),
  );
  return { findings, parse: parsed, pragmaShell: suppressions.shell };
}

const NO_SEVERITIES: Readonly<Record<string, ConfiguredSeverity>> = Object.freeze({});

interface EnabledRule {
  readonly rule: RuleModule;
  readonly names: readonly string[];
  readonly severity: LintSeverity;
}

/**
 * The rules a configuration switches on, with their names and severities, worked out once per rule list and
 * severity table: an editor lints the same configuration on every keystroke.
 */
const enabledCache = new WeakMap<readonly RuleModule[], WeakMap<object, EnabledRule[]>>();

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
      if (severity !== 'ignore') enabled.push({ rule, names, severity });
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

function parseErrorFinding(diagnostic: Diagnostic): Finding {
  return {
    ruleId: 'parse-error',
    code: PARSE_ERROR_CODE,
    severity: 'error',
    message: diagnostic.message,
    range: diagnostic.range,
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
