/**
 * The rules that flag an instruction a later one of the same kind overrides (CMD, ENTRYPOINT, HEALTHCHECK), and
 * their fix: the earlier one goes, so the Dockerfile says what the image does.
 */
import type { Instruction } from '../parser/index.js';
import { linesOf } from './move-instruction.js';
import { isPragmaLine } from './pragmas.js';
import type { InstructionScope, ReportDescriptor, RuleContext, RuleVisitor } from './types.js';

/** The instructions of which only a stage's last one counts. */
export type OverridingKind = 'CMD' | 'ENTRYPOINT' | 'HEALTHCHECK';

/**
 * The visitor of such a rule: each instruction of `kind` after the first of its stage is reported with
 * `message`, and the fix removes the one it overrides. A trigger (`ONBUILD CMD …`) sets a downstream image's
 * instruction, not this stage's, and is left out.
 */
export function overriddenInstructionVisitor(context: RuleContext, kind: OverridingKind, message: string): RuleVisitor {
  let previous: Instruction | null = null;
  const handler = (node: Instruction, scope: InstructionScope): void => {
    if (scope.inOnbuild) return;
    if (previous) {
      const fix = removeOverridden(context.text, previous);
      context.report({ message, range: node.keywordRange, ...(fix ? { fix } : {}) });
    }
    previous = node;
  };
  const Stage = (): void => {
    previous = null;
  };
  // Written out per kind: an object with a computed key is slower to make and to read the handlers of, and
  // the linter makes one for each rule on every lint.
  if (kind === 'CMD') return { Stage, CMD: handler };
  if (kind === 'ENTRYPOINT') return { Stage, ENTRYPOINT: handler };
  return { Stage, HEALTHCHECK: handler };
}

/**
 * Removes `overridden`'s whole lines. `undefined` when it shares a line with other text or carries pragma
 * comments (once it is gone they would apply to the next instruction).
 */
export function removeOverridden(source: string, overridden: Instruction): ReportDescriptor['fix'] {
  if (overridden.comments.some((comment) => isPragmaLine(comment.raw))) return undefined;
  const lines = linesOf(source, overridden, false);
  if (lines === null) return undefined;
  return {
    description: `Remove the ${overridden.name} that a later one overrides`,
    edits: [{ start: lines.start, end: lines.end, text: '' }],
  };
}
