/**
 * The fix of the rules that flag an instruction a later one of the same kind overrides (CMD, ENTRYPOINT,
 * HEALTHCHECK): the earlier one goes, so the Dockerfile says what the image does.
 */
import type { Instruction } from '../parser/index.js';
import { isPragmaLine } from './pragmas.js';
import { lineStartOf, wholeLinesOf } from './source-lines.js';
import type { ReportDescriptor } from './types.js';

/**
 * Removes `overridden`'s whole lines. `undefined` when it shares a line with other text or carries pragma
 * comments (once it is gone they would apply to the next instruction).
 */
export function removeOverridden(source: string, overridden: Instruction): ReportDescriptor['fix'] {
  if (overridden.comments.some((comment) => isPragmaLine(comment.raw))) return undefined;
  const start = overridden.range.start.offset;
  const end = overridden.range.end.offset;
  const lines = wholeLinesOf(source, start, end);
  if (lines.start !== lineStartOf(source, start) || !/^[ \t\r]*\n?$/.test(source.slice(end, lines.end))) return undefined;
  return {
    description: `Remove the ${overridden.name} that a later one overrides`,
    edits: [{ start: lines.start, end: lines.end, text: '' }],
  };
}
