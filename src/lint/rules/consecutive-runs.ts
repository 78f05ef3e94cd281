import type { RunInstruction } from '../../parser/index.js';
import { runScripts } from '../run-script.js';
import type { RuleModule } from '../types.js';

/** The commands a RUN executes, those in command substitutions included (assignments alone are not commands). */
function commandCount(run: RunInstruction): number {
  let count = 0;
  for (const script of runScripts(run)) count += script.script.commands.filter((c) => c.name !== null).length;
  return count;
}

/**
 * Only RUNs of a single command are worth merging: hadolint leaves two RUNs alone as soon as either chains
 * commands (`a && b`, `a; b`, a pipe), taking the split as deliberate.
 */
const MAX_COMMANDS = 1;

function flagsOf(run: RunInstruction): string {
  return run.flags.map((f) => f.text).join(' ');
}

export const consecutiveRuns: RuleModule = {
  meta: {
    id: 'consecutive-runs',
    hadolint: 'DL3059',
    severity: 'info',
    category: 'performance',
    locality: 'stage',
    docs: {
      summary: 'Consolidate consecutive RUN instructions',
      description:
        'Flags a `RUN` right after another `RUN` (comments between them do not count) with the same flags, ' +
        'when each runs a single command. Chains of several commands are taken as a deliberate split.',
      rationale:
        'Every RUN makes a layer. Short consecutive RUNs with the same mounts and options can share one, which ' +
        'makes the image smaller and the build faster.',
      example: 'FROM debian:12\nRUN mkdir /app\nRUN chown app /app',
      useInstead: 'FROM debian:12\nRUN mkdir /app && chown app /app',
    },
  },
  create(context) {
    // The RUN a later one is compared with: after a report it stays the same (so a run of short RUNs is
    // reported RUN by RUN), and any other instruction, FROM included, starts afresh. Instructions before the
    // first FROM are compared too. An ONBUILD's trigger is compared with nothing.
    // Since every FROM starts afresh, nothing carries from one stage to the next: the rule is stage-local.
    //
    // Only RUNs are visited (a handler for every other kind, on every lint, cost more than the rule's own work):
    // an instruction between two RUNs shows as a gap between their places in the file's instructions. The
    // engine visits those in order, so each RUN is looked for after the last one; a chunk an incremental lint
    // skips ends before a FROM, and FROM starts afresh anyway.
    const instructions = context.ast.instructions;
    let anchor: { flags: string; count: number } | null = null;
    let lastIndex = -1;
    return {
      RUN(instruction, scope) {
        if (scope.inOnbuild) return;
        const index = instructions.indexOf(instruction, lastIndex + 1);
        const follows = index !== -1 && lastIndex !== -1 && index === lastIndex + 1;
        lastIndex = index;
        const flags = flagsOf(instruction);
        const count = commandCount(instruction);
        if (!follows || anchor === null || anchor.flags !== flags || anchor.count > MAX_COMMANDS || count > MAX_COMMANDS) {
          anchor = { flags, count };
          return;
        }
        context.report({
          message: 'Multiple consecutive `RUN` instructions. Consider consolidation.',
          range: instruction.keywordRange,
        });
      },
    };
  },
};
