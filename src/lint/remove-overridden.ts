/**
 * The fix of the rules that flag an instruction a later one of the same kind overrides (CMD, ENTRYPOINT,
 * HEALTHCHECK): the earlier one goes, so the Dockerfile says what the image does.
 */
import type { Instruction } from '../parser/index.js';
import { linesOf } from './move-instruction.js';
import { isPragmaLine } from './pragmas.js';
import type { ReportDescriptor } from './types.js';

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
