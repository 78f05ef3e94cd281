/** Agreement with BuildKit's build checks, case by case (see cases.ts); `npm run report:buildkit` prints the figures. */
import { describe, expect, it } from 'vitest';
import { builtinRules } from '../../../src/lint/index.js';
import { cases, CHECK_OPTIONS, type BuildkitCase } from './cases.js';
import { describeWarnings, evaluate } from './evaluate.js';

describe('BuildKit agreement', () => {
  const byCheck = new Map<string, BuildkitCase[]>();
  for (const testCase of cases) {
    const list = byCheck.get(testCase.check) ?? [];
    list.push(testCase);
    byCheck.set(testCase.check, list);
  }

  it('has unique case names', () => {
    const names = cases.map((c) => `${c.check} ${c.name}`);
    expect(new Set(names).size).toBe(names.length);
  });

  it('names only checks dfkit implements, and dfkit marks the experimental ones as BuildKit does', () => {
    const implemented = new Set(builtinRules.map((rule) => rule.meta.buildkit).filter((name) => name !== undefined));
    const named = new Set(cases.flatMap((c) => [...c.warnings.map((w) => w.rule), ...(c.check === CHECK_OPTIONS ? [] : [c.check])]));
    expect([...named].filter((name) => !implemented.has(name))).toEqual([]);
    const experimental = builtinRules.filter((rule) => rule.meta.buildkitExperimental).map((rule) => rule.meta.buildkit);
    expect(experimental.sort()).toEqual(['InvalidDefinitionDescription']);
  });

  for (const [check, checkCases] of byCheck) {
    describe(check, () => {
      it.each(checkCases.map((c) => [c.name, c] as const))('%s', (_name, testCase) => {
        const outcome = evaluate(testCase);
        const reported = describeWarnings(outcome.reported);
        if (testCase.divergence) {
          // dfkit deliberately (or, for now, unavoidably) differs from BuildKit here.
          expect(outcome.agreed, `expected to differ from BuildKit (${testCase.divergence}); dfkit reported ${reported}`).toBe(false);
        } else {
          expect(outcome.agreed, `BuildKit: ${describeWarnings(testCase.warnings)}; dfkit: ${reported}`).toBe(true);
        }
      });
    });
  }
});
