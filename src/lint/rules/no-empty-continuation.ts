import type { Instruction } from '../../parser/index.js';
import type { RuleModule, TextEdit } from '../types.js';

/** The parser's diagnostic for a blank line inside a continued instruction. */
const EMPTY_CONTINUATION = 'empty-continuation-line';

/**
 * Deletions of every blank line from `from` to the end of the line holding `to`, skipping heredoc bodies (whose
 * blank lines are content). Inside a continued instruction every such line is skipped by the parser, so removing
 * them keeps the instruction as it is.
 */
function blankLineDeletions(text: string, instruction: Instruction | undefined, from: number, to: number): TextEdit[] {
  const bodies = instruction?.heredocs.map((h) => [h.bodyRange.start.offset, h.range.end.offset] as const) ?? [];
  const edits: TextEdit[] = [];
  let lineStart = from;
  while (lineStart <= to && lineStart < text.length) {
    const newline = text.indexOf('\n', lineStart);
    const lineEnd = newline < 0 ? text.length : newline;
    const inBody = bodies.some(([start, end]) => lineStart >= start && lineStart < end);
    if (!inBody && /^[ \t\r\f\v]*$/.test(text.slice(lineStart, lineEnd))) {
      // The last line has no newline to take with it; emptying it is enough.
      const end = newline < 0 ? lineEnd : newline + 1;
      if (end > lineStart) edits.push({ start: lineStart, end, text: '' });
    }
    if (newline < 0) break;
    lineStart = newline + 1;
  }
  return edits;
}

/**
 * The instruction a blank line belongs to: the last one starting before it. The line may come after that
 * instruction's own range, as the last thing in the file.
 */
function lastStartingBefore(instructions: readonly Instruction[], offset: number): Instruction | undefined {
  let low = 0;
  let high = instructions.length - 1;
  let found: Instruction | undefined;
  while (low <= high) {
    const middle = (low + high) >>> 1;
    const candidate = instructions[middle] as Instruction;
    if (candidate.range.start.offset <= offset) {
      found = candidate;
      low = middle + 1;
    } else high = middle - 1;
  }
  return found;
}

/** NoEmptyContinuation: a blank line inside an instruction continued with `\`. */
export const noEmptyContinuation: RuleModule = {
  meta: {
    id: 'no-empty-continuation',
    buildkit: 'NoEmptyContinuation',
    severity: 'warning',
    category: 'compatibility',
    fixable: 'safe',
    docs: {
      summary: 'Empty continuation lines will become errors in a future release',
      description:
        'Flags an instruction continued with the escape character whose continuation contains a blank (or ' +
        'white-space only) line. Comment lines inside a continuation are fine. One finding per instruction, at its ' +
        'first blank line.',
      rationale:
        'The builder skips such lines today but has deprecated them, and a blank line is easy to mistake for the end ' +
        'of the instruction, hiding that the next line still belongs to it.',
      example: 'RUN apk add \\\n\n    curl',
      useInstead: 'RUN apk add \\\n    curl',
      fixSafety: 'The blank lines are deleted; the builder already ignores them, so the instruction is unchanged.',
    },
  },
  create(context) {
    return {
      Dockerfile(ast) {
        const instructions = ast.instructions;
        for (const diagnostic of context.diagnostics) {
          if (diagnostic.code !== EMPTY_CONTINUATION) continue;
          const offset = diagnostic.range.start.offset;
          const owner = lastStartingBefore(instructions, offset);
          const from = owner ? context.text.indexOf('\n', owner.range.start.offset) + 1 : offset;
          const to = Math.max(owner?.range.end.offset ?? offset, offset);
          const edits = from > 0 ? blankLineDeletions(context.text, owner, from, to) : [];
          context.report({
            message: 'Empty continuation line',
            range: diagnostic.range,
            ...(edits.length > 0 ? { fix: { description: 'Delete the empty continuation lines', edits } } : {}),
          });
        }
      },
    };
  },
};
