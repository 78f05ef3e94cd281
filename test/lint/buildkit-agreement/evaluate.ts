/**
 * Runs one agreement case through the linter and compares the outcome with BuildKit's warnings.
 *
 * Only findings of rules that implement a BuildKit check (`meta.buildkit`) take part, under that check's name:
 * a rule merged with a hadolint rule reports under the hadolint code, and still counts as the check. BuildKit
 * points at whole instructions where dfkit points at the token at fault, so a finding answers an expected
 * warning of the same check when the expected line falls inside the finding's instruction (its comment lines
 * above included) or inside the finding's own range; each finding answers one warning.
 *
 * Experimental checks (`CopyIgnoredFile`, `InvalidDefinitionDescription`): BuildKit runs them only where the
 * check options opt in (`# check=experimental=<name>` or `all`, or the `BUILDKIT_DOCKERFILE_CHECK` build
 * argument, which replaces the directive). dfkit reads the same opt-in; the cases are linted with its defaults.
 */
import { builtinRules, lint, type Finding, type RuleModule } from '../../../src/lint/index.js';
import type { Instruction } from '../../../src/parser/index.js';
import type { BuildkitCase, ExpectedWarning } from './cases.js';

/** A dfkit finding of a BuildKit check, as compared. */
export interface ReportedWarning {
  readonly rule: string;
  /** 1-based first line of the finding's instruction (of its own range outside any instruction). */
  readonly line: number;
  readonly message: string;
  /** The lines an expected warning may name to be answered by this finding. */
  readonly from: number;
  readonly to: number;
}

export interface CaseOutcome {
  readonly agreed: boolean;
  /** Whether every answered warning that gives a detail has dfkit's message word for word. */
  readonly sameDetails: boolean;
  readonly reported: readonly ReportedWarning[];
  /** Expected warnings no finding answered. */
  readonly missing: readonly ExpectedWarning[];
  /** Findings that answered no expected warning. */
  readonly unexpected: readonly ReportedWarning[];
}

const ruleById: ReadonlyMap<string, RuleModule> = new Map(builtinRules.map((rule) => [rule.meta.id, rule]));

/** The instruction a finding belongs to: the one its range starts in, or the one its comment is attached to. */
function ownerOf(instructions: readonly Instruction[], finding: Finding): Instruction | undefined {
  const offset = finding.range.start.offset;
  return instructions.find(
    (instruction) =>
      (instruction.range.start.offset <= offset && offset <= instruction.range.end.offset) ||
      instruction.comments.some((comment) => comment.range.start.offset <= offset && offset <= comment.range.end.offset),
  );
}

export function evaluate(testCase: BuildkitCase): CaseOutcome {
  const settings = {
    buildArgs: testCase.buildArgs ?? {},
    ...(testCase.images && { baseImages: testCase.images }),
    ...(testCase.platform !== undefined && { platform: testCase.platform }),
    ...(testCase.dockerignore === undefined ? {} : { dockerignoreText: testCase.dockerignore }),
  };
  const result = lint(testCase.dockerfile, { rules: builtinRules, settings });
  const instructions = result.parse.ast.instructions;

  const reported: ReportedWarning[] = [];
  for (const finding of result.findings) {
    const check = ruleById.get(finding.ruleId)?.meta.buildkit;
    if (!check) continue;
    const owner = ownerOf(instructions, finding);
    const ownFrom = finding.range.start.line + 1;
    const ownTo = finding.range.end.line + 1;
    reported.push({
      rule: check,
      line: owner?.startLine ?? ownFrom,
      message: finding.message,
      from: Math.min(ownFrom, owner?.startLine ?? ownFrom),
      to: Math.max(ownTo, owner?.endLine ?? ownTo),
    });
  }

  // Expected warnings in line order, each taking the unused finding whose span ends first: the greatest number
  // of warnings answered when spans are intervals.
  const expected = [...testCase.warnings].sort((a, b) => a.line - b.line);
  const used = new Set<ReportedWarning>();
  const missing: ExpectedWarning[] = [];
  let sameDetails = true;
  for (const warning of expected) {
    let best: ReportedWarning | undefined;
    for (const candidate of reported) {
      if (used.has(candidate) || candidate.rule !== warning.rule) continue;
      if (warning.line < candidate.from || warning.line > candidate.to) continue;
      // Among equal spans, the one with BuildKit's wording: two warnings on one line differ only by detail.
      const better =
        !best ||
        candidate.to < best.to ||
        (candidate.to === best.to && candidate.message === warning.detail && best.message !== warning.detail);
      if (better) best = candidate;
    }
    if (!best) {
      missing.push(warning);
      continue;
    }
    used.add(best);
    if (warning.detail !== undefined && best.message !== warning.detail) sameDetails = false;
  }
  const unexpected = reported.filter((warning) => !used.has(warning));
  return { agreed: missing.length === 0 && unexpected.length === 0, sameDetails, reported, missing, unexpected };
}

/** `Rule@line` for messages. */
export function describeWarnings(warnings: readonly { readonly rule: string; readonly line: number }[]): string {
  return warnings.length === 0 ? 'nothing' : warnings.map((w) => `${w.rule}@${w.line}`).join(', ');
}
