/** Agreement with hadolint, case by case (see cases.ts); `npm run report:hadolint` prints the figures. */
import { describe, expect, it } from 'vitest';
import { cases, type AgreementCase } from './cases.js';
import { evaluate, shellCheckAvailable } from './evaluate.js';

function describeExpectation(testCase: AgreementCase): string {
  if (testCase.expect === 'clean') return 'no finding';
  const parts = ['a finding'];
  if (testCase.count !== undefined) parts.push(`on ${testCase.count} instruction(s)`);
  if (testCase.lines !== undefined) parts.push(`on line(s) ${testCase.lines.join(', ')}`);
  return parts.join(' ');
}

describe('hadolint agreement', () => {
  const byRule = new Map<string, AgreementCase[]>();
  for (const testCase of cases) {
    const list = byRule.get(testCase.rule) ?? [];
    list.push(testCase);
    byRule.set(testCase.rule, list);
  }

  it('has unique case names', () => {
    const names = cases.map((c) => `${c.rule} ${c.name}`);
    expect(new Set(names).size).toBe(names.length);
  });

  for (const [rule, ruleCases] of byRule) {
    describe.skipIf(rule === 'ShellCheck' && !shellCheckAvailable)(rule, () => {
      it.each(ruleCases.map((c) => [c.name, c] as const))('%s', (_name, testCase) => {
        const outcome = evaluate(testCase);
        const reported = outcome.lines.length === 0 ? 'no finding' : `findings on line(s) ${outcome.lines.join(', ')}`;
        if (testCase.divergence) {
          // dfkit deliberately differs from hadolint here.
          expect(outcome.agreed, `expected to differ from hadolint (${testCase.divergence}); dfkit reported ${reported}`).toBe(false);
        } else {
          expect(outcome.agreed, `hadolint: ${describeExpectation(testCase)}; dfkit: ${reported}`).toBe(true);
        }
      });
    });
  }
});
