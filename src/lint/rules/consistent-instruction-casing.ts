import type { Instruction } from '../../parser/index.js';
import type { RuleModule } from '../types.js';

/** ConsistentInstructionCasing: a keyword in mixed case, or in the case most keywords of the file do not use. */
const UNCASED = 0;
const LOWER = 1;
const UPPER = 2;
const MIXED = 3;
type Casing = typeof UNCASED | typeof LOWER | typeof UPPER | typeof MIXED;

/**
 * Whether a keyword has no cased letter, or is all lower case, all upper case, or mixed: the same answers as
 * comparing it with its lower- and upper-case copies, without making the copies.
 */
function casingOf(keyword: string): Casing {
  let lower = false;
  let upper = false;
  for (let index = 0; index < keyword.length; index++) {
    const code = keyword.charCodeAt(index);
    if (code >= 97 && code <= 122) lower = true;
    else if (code >= 65 && code <= 90) upper = true;
    else if (code > 127) return casingByCopies(keyword);
  }
  return lower ? (upper ? MIXED : LOWER) : upper ? UPPER : UNCASED;
}

function casingByCopies(keyword: string): Casing {
  const isLower = keyword === keyword.toLowerCase();
  const isUpper = keyword === keyword.toUpperCase();
  return isLower ? (isUpper ? UNCASED : LOWER) : isUpper ? UPPER : MIXED;
}

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
        'case. As in BuildKit, only the stages\' instructions count and are checked: not the ARGs before the ' +
        'first FROM, nor the keywords of ONBUILD triggers (the ONBUILD keyword is); unknown instructions are ignored.',
      rationale: 'One casing throughout makes a Dockerfile easier to scan; the builder accepts either.',
      example: 'FROM alpine\nrun apk add curl\nCOPY . /app',
      useInstead: 'FROM alpine\nRUN apk add curl\nCOPY . /app',
      fixSafety: 'Keywords are case-insensitive, so only the spelling changes.',
    },
  },
  create(context) {
    return {
      Dockerfile(ast) {
        // Runs over every instruction on every lint: keywords are classified by their characters, without
        // making a lower- and an upper-case copy of each.
        let lower = 0;
        let upper = 0;
        // The stages' instructions: from the first FROM on.
        const first = ast.instructions.findIndex((instruction) => instruction.kind === 'FROM');
        const staged = first < 0 ? [] : ast.instructions.slice(first);
        for (const instruction of staged) {
          if (instruction.kind === 'UNKNOWN') continue;
          const casing = casingOf(instruction.keyword);
          if (casing === LOWER || casing === UNCASED) lower++;
          else if (casing === UPPER) upper++;
        }
        const majorityLower = lower > upper;
        const check = (instruction: Instruction): void => {
          const keyword = instruction.keyword;
          const casing = casingOf(keyword);
          if (casing !== UNCASED && casing !== (majorityLower ? LOWER : UPPER)) {
            const wanted = majorityLower ? keyword.toLowerCase() : keyword.toUpperCase();
            context.report({
              message: `Command '${keyword}' should match the case of the command majority (${majorityLower ? 'lowercase' : 'uppercase'})`,
              range: instruction.keywordRange,
              fix: {
                description: `Write '${wanted}'`,
                edits: [{ start: instruction.keywordRange.start.offset, end: instruction.keywordRange.end.offset, text: wanted }],
              },
            });
          }
        };
        for (const instruction of staged) if (instruction.kind !== 'UNKNOWN') check(instruction);
      },
    };
  },
};
