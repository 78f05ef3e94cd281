import type { Instruction, RunInstruction } from '../../parser/index.js';
import { runScripts } from '../run-script.js';
import type { RuleModule } from '../types.js';

/** The commands a RUN executes at top level; nested ones belong to a command already counted. */
function commandCount(run: RunInstruction): number {
  let count = 0;
  for (const script of runScripts(run)) count += script.script.commands.filter((c) => !c.nested).length;
  return count;
}

function flagsOf(run: RunInstruction): string {
  return run.flags.map((f) => f.text).join(' ');
}

export const consecutiveRuns: RuleModule = {
  meta: {
    id: 'consecutive-runs',
    hadolint: 'DL3059',
    severity: 'info',
    category: 'performance',
    docs: {
      summary: 'Consolidate consecutive RUN instructions',
      description:
        'Flags a `RUN` right after another `RUN` (comments between them do not count) with the same flags, ' +
        'when neither runs more than two commands. Chains of several commands are taken as a deliberate split.',
      rationale:
        'Every RUN makes a layer. Short consecutive RUNs with the same mounts and options can share one, which ' +
        'makes the image smaller and the build faster.',
      example: 'FROM debian:12\nRUN mkdir /app\nRUN chown app /app',
      useInstead: 'FROM debian:12\nRUN mkdir /app && chown app /app',
    },
  },
  create(context) {
    return {
      Stage(stage) {
        let previous: Instruction | null = null;
        for (const instruction of stage.stage.instructions) {
          if (
            instruction.kind === 'RUN' &&
            previous !== null &&
            previous.kind === 'RUN' &&
            flagsOf(previous) === flagsOf(instruction) &&
            commandCount(previous) <= 2 &&
            commandCount(instruction) <= 2
          ) {
            context.report({
              message: 'Multiple consecutive `RUN` instructions. Consider consolidation.',
              range: instruction.keywordRange,
            });
          }
          previous = instruction;
        }
      },
    };
  },
};
