/**
 * Stages built on earlier stages: their ancestors are listed as a walk up the parents lists them, `someInChain`
 * answers what asking every stage of the chain answers, and a chain of many thousand stages lints whole.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lint } from '../../src/lint/index.js';
import { buildFileScope, someInChain } from '../../src/lint/scope.js';
import type { StageInfo } from '../../src/lint/types.js';
import { parse } from '../../src/parser/index.js';

/** A file of `parents.length` stages; stage i is built on stage parents[i] when that is an earlier one. */
function stagesOf(parents: readonly number[]): readonly StageInfo[] {
  const text = parents.map((parent, index) => `FROM ${parent < index ? `s${parent}` : 'alpine:3.20'} AS s${index}\n`).join('');
  return buildFileScope(parse(text).ast, {}).stages;
}

const forests = fc.array(fc.nat(12), { minLength: 1, maxLength: 12 });

describe('stage chains', () => {
  it('lists a stage’s ancestors nearest first, as its parents lead', () => {
    fc.assert(
      fc.property(forests, (parents) => {
        for (const stage of stagesOf(parents)) {
          const walked: number[] = [];
          for (let at = stage.parent; at; at = at.parent) walked.push(at.index);
          expect(stage.ancestors.map((ancestor) => ancestor.index)).toEqual(walked);
          expect(stage.parent?.index).toBe(parents[stage.index]! < stage.index ? parents[stage.index] : undefined);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('someInChain answers as asking the stage and each of its ancestors does, whatever was asked before', () => {
    fc.assert(
      fc.property(forests, fc.array(fc.boolean(), { minLength: 12, maxLength: 12 }), fc.array(fc.nat(11)), (parents, marks, order) => {
        const stages = stagesOf(parents);
        const test = (stage: StageInfo): boolean => marks[stage.index] === true;
        const memo = new Map<StageInfo, boolean>();
        for (const index of [...order, ...stages.keys()]) {
          const stage = stages[index % stages.length]!;
          expect(someInChain(stage, test, memo)).toBe([stage, ...stage.ancestors].some(test));
        }
        expect(someInChain(null, test, memo)).toBe(false);
      }),
      { numRuns: 500 },
    );
  });

  it('lints a chain of 20,000 stages, each built on the one before', () => {
    const stages = 20_000;
    const lines = ['FROM alpine:3.20 AS s0', 'ARG VERSION=1', 'SHELL ["/bin/bash", "-c"]'];
    for (let index = 1; index < stages; index++) lines.push(`FROM s${index - 1} AS s${index}`, 'COPY a b', 'CMD echo $VERSION');
    const { findings } = lint(`${lines.join('\n')}\n`);
    const count = (code: string): number => findings.filter((finding) => finding.code === code).length;
    // Every COPY goes to a relative path with no WORKDIR anywhere in its chain.
    expect(count('DL3045')).toBe(stages - 1);
    // The SHELL of the first stage reaches every stage built on it, so no shell-form CMD is reported…
    expect(count('DL3025')).toBe(0);
    // …and VERSION is declared by the first stage of every chain.
    expect(count('UndefinedVar')).toBe(0);
    // Each stage's CMD overrides nothing of its own stage.
    expect(count('DL4003')).toBe(0);
  });
});
