/**
 * Runs one agreement case through the linter and compares the outcome with what hadolint does. hadolint
 * reports at most one finding per instruction, at the instruction's first line, so findings are counted by
 * the instruction they belong to.
 */
import { findShellCheck } from '../../../src/lint/node/shellcheck-program.js';
import { builtinRules, createShellCheckRule, lint, type Finding, type RuleModule } from '../../../src/lint/index.js';
import type { AgreementCase } from './cases.js';

export interface CaseOutcome {
  readonly agreed: boolean;
  /** 1-based first lines of the instructions the rule reported on (one entry per instruction). */
  readonly lines: readonly number[];
  /** What dfkit reported, for messages. */
  readonly findings: readonly Finding[];
}

const runner = findShellCheck();
const shellCheckRules: readonly RuleModule[] | null = runner ? [createShellCheckRule(runner)] : null;

/** Whether ShellCheck cases can run here (the `shellcheck` program is installed). */
export const shellCheckAvailable = shellCheckRules !== null;

function matchesRule(testCase: AgreementCase, finding: Finding): boolean {
  return testCase.rule === 'ShellCheck' ? /^SC\d+$/.test(finding.code) : finding.code === testCase.rule;
}

export function evaluate(testCase: AgreementCase): CaseOutcome {
  const rules = testCase.rule === 'ShellCheck' ? (shellCheckRules ?? []) : builtinRules;
  const result = lint(testCase.dockerfile, { ...testCase.options, rules });
  const findings = result.findings.filter((finding) => matchesRule(testCase, finding));
  const instructions = result.parse.ast.instructions;
  const lineOf = (finding: Finding): number => {
    const offset = finding.range.start.offset;
    const owner = instructions.find((i) => i.range.start.offset <= offset && offset < Math.max(i.range.end.offset, i.range.start.offset + 1));
    return (owner ?? finding).range.start.line + 1;
  };
  const lines = [...new Set(findings.map(lineOf))].sort((a, b) => a - b);
  let agreed: boolean;
  if (testCase.expect === 'clean') agreed = lines.length === 0;
  else {
    agreed = lines.length > 0;
    if (testCase.count !== undefined) agreed &&= lines.length === testCase.count;
    if (testCase.lines !== undefined) agreed &&= lines.join(',') === testCase.lines.join(',');
  }
  return { agreed, lines, findings };
}
