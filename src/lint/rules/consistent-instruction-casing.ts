import type { Instruction } from '../../parser/index.js';
import type { RuleModule } from '../types.js';

/** ConsistentInstructionCasing: a keyword in mixed case, or in the case most keywords of the file do not use. */
export const consistentInstructionCasing: RuleModule = {
  meta: {
    id: 'consistent-instruction-casing',
    buildkit: 'ConsistentInstructionCasing',
    severity: 'warning',
    category: 'style',
    fixable: 'safe',
    docs: {
      summary: 'All instructions should use the same casing',
      description:
        'Counts the instruction keywords written all in upper case and all in lower case; the larger group sets ' +
        'the casing of the file (upper case on a tie). Flags every keyword in mixed case (`Run`) or in the other ' +
        'case. Keywords of ONBUILD triggers are checked against that casing but not counted, and unknown ' +
        'instructions are ignored. Unlike BuildKit, ARGs before the first FROM are counted and checked too.',
      rationale: 'One casing throughout makes a Dockerfile easier to scan; the builder accepts either.',
      example: 'FROM alpine\nrun apk add curl\nCOPY . /app',
      useInstead: 'FROM alpine\nRUN apk add curl\nCOPY . /app',
      fixSafety: 'Keywords are case-insensitive, so only the spelling changes.',
    },
  },
  create(context) {
    return {
      Dockerfile(ast) {
        const counted = ast.instructions.filter((i) => i.kind !== 'UNKNOWN');
        let lower = 0;
        let upper = 0;
        for (const instruction of counted) {
          const keyword = instruction.keyword;
          if (keyword === keyword.toLowerCase()) lower++;
          else if (keyword === keyword.toUpperCase()) upper++;
        }
        const majorityLower = lower > upper;
        const check = (instruction: Instruction): void => {
          const keyword = instruction.keyword;
          const wanted = majorityLower ? keyword.toLowerCase() : keyword.toUpperCase();
          if (keyword !== wanted) {
            context.report({
              message: `Command '${keyword}' should match the case of the command majority (${majorityLower ? 'lowercase' : 'uppercase'})`,
              range: instruction.keywordRange,
              fix: {
                description: `Write '${wanted}'`,
                edits: [{ start: instruction.keywordRange.start.offset, end: instruction.keywordRange.end.offset, text: wanted }],
              },
            });
          }
          if (instruction.kind === 'ONBUILD' && instruction.trigger && instruction.trigger.kind !== 'UNKNOWN') {
            check(instruction.trigger);
          }
        };
        for (const instruction of counted) check(instruction);
      },
    };
  },
};
