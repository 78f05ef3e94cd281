/**
 * Table-driven rule tests in the style of ESLint's RuleTester: `valid` Dockerfiles produce no finding of the
 * rule; `invalid` ones produce exactly the listed findings (message, 1-based line, the text the range covers)
 * and, when `output` is given, applying the rule's fixes gives exactly that text — and applying them again
 * changes nothing.
 */
import { describe, expect, it } from 'vitest';
import { applyFixes, lint, type LintSettings, type RuleModule } from '../../src/lint/index.js';

export interface ExpectedFinding {
  /** The whole message, or a pattern it must match. */
  readonly message?: string | RegExp;
  /** 1-based line of the range start. */
  readonly line?: number;
  /** The source text the finding's range covers. */
  readonly text?: string;
}

export interface InvalidCase {
  readonly code: string;
  readonly errors: readonly ExpectedFinding[];
  /** Text after applying the rule's fixes (safe and unsafe). */
  readonly output?: string;
  readonly settings?: Partial<LintSettings>;
}

export interface ValidCase {
  readonly code: string;
  readonly settings?: Partial<LintSettings>;
}

export interface RuleTests {
  readonly valid: readonly (string | ValidCase)[];
  readonly invalid: readonly InvalidCase[];
}

function findingsOf(rule: RuleModule, code: string, settings?: Partial<LintSettings>) {
  // The rule runs even when its default severity is `ignore`, so that off-by-default rules are testable.
  const result = lint(code, { rules: [rule], severities: { [rule.meta.id]: rule.meta.severity === 'ignore' ? 'info' : rule.meta.severity }, settings });
  return result.findings.filter((f) => f.ruleId === rule.meta.id);
}

export function testRule(rule: RuleModule, tests: RuleTests): void {
  describe(`${rule.meta.id}${rule.meta.hadolint ? ` (${rule.meta.hadolint})` : ''}${rule.meta.buildkit ? ` (${rule.meta.buildkit})` : ''}`, () => {
    const valid = tests.valid.map((c) => (typeof c === 'string' ? { code: c } : c));
    if (valid.length > 0) {
      it.each(valid.map((c) => [c.code, c] as const))('valid: %j', (_code, c) => {
        expect(findingsOf(rule, c.code, c.settings).map((f) => f.message)).toEqual([]);
      });
    }
    if (tests.invalid.length > 0) {
      it.each(tests.invalid.map((c) => [c.code, c] as const))('invalid: %j', (_code, c) => {
        const findings = findingsOf(rule, c.code, c.settings);
        expect(findings).toHaveLength(c.errors.length);
        c.errors.forEach((expected, index) => {
          const finding = findings[index];
          if (!finding) return;
          if (typeof expected.message === 'string') expect(finding.message).toBe(expected.message);
          else if (expected.message !== undefined) expect(finding.message).toMatch(expected.message);
          if (expected.line !== undefined) expect(finding.range.start.line + 1).toBe(expected.line);
          if (expected.text !== undefined) {
            expect(c.code.slice(finding.range.start.offset, finding.range.end.offset)).toBe(expected.text);
          }
        });
        if (c.output !== undefined) {
          const fixed = applyFixes(c.code, findings, ['safe', 'unsafe']).text;
          expect(fixed).toBe(c.output);
          const again = applyFixes(fixed, findingsOf(rule, fixed, c.settings), ['safe', 'unsafe']).text;
          expect(again).toBe(fixed);
        }
      });
    }
  });
}
