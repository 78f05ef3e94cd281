/** Per-stage lookups answer what a walk over the rest of the stage answers. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse } from '../../src/parser/index.js';
import { defines, firstBetween, StageLookups, usesVariable } from '../../src/lint/stage-lookups.js';

const LINES = [
  'ARG A', 'ARG A=1 B', 'ENV A=$B', 'ENV B=${A}x', 'RUN echo $A$B', 'RUN echo $$A', 'RUN echo ${AB}', 'RUN echo \\$A',
  'LABEL x=${A:-$B}', 'COPY $A /b', 'ARG a-b', 'RUN echo ${a-b}', 'RUN echo $a-b', 'WORKDIR /w', 'ENV "A"=2',
];
const NAMES = ['A', 'B', 'AB', 'a-b', 'a', 'Z'];

describe('StageLookups', () => {
  it('finds the uses, definitions and RUNs a walk finds', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...LINES), { maxLength: 12 }), fc.constantFrom(...NAMES), fc.nat(12), (lines, name, from) => {
        const instructions = parse(`FROM a\n${lines.join('\n')}\n`).ast.instructions.slice(1);
        const lookups = new StageLookups(instructions);
        const walk = (test: (index: number) => boolean): number[] => instructions.flatMap((_, index) => (test(index) ? [index] : []));
        expect(lookups.uses(name)).toEqual(walk((index) => usesVariable(instructions[index]!, name)));
        expect(lookups.definitions(name)).toEqual(walk((index) => defines(instructions[index]!, name)));
        const runs = walk((index) => instructions[index]!.kind === 'RUN');
        expect(lookups.nextRun(from)).toBe(runs.find((index) => index > from) ?? -1);
      }),
      { numRuns: 2000 },
    );
  });

  it('firstBetween finds the first position inside the bounds', () => {
    expect(firstBetween([1, 4, 9], 1)).toBe(4);
    expect(firstBetween([1, 4, 9], 0, 4)).toBe(1);
    expect(firstBetween([1, 4, 9], 1, 4)).toBe(-1);
    expect(firstBetween([1, 4, 9], 9)).toBe(-1);
    expect(firstBetween([], -1)).toBe(-1);
  });
});
