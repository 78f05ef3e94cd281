/**
 * Folding ranges: stages, instructions continued over several lines, heredoc bodies and blocks of two or more
 * comment lines. A fold keeps its first line visible and hides the rest. Lines are the protocol's, read from
 * offsets (see `protocol-lines.ts`).
 */
import { FoldingRangeKind, type FoldingRange } from 'vscode-languageserver';
import type { Analysis } from './analysis.js';
import type { ProtocolLines } from './protocol-lines.js';

export function foldingRanges(analysis: Analysis): FoldingRange[] {
  const { lines } = analysis;
  const ranges: FoldingRange[] = [];
  const add = (startLine: number, endLine: number, kind?: FoldingRangeKind): void => {
    if (endLine > startLine) ranges.push({ startLine, endLine, ...(kind ? { kind } : {}) });
  };
  const lineOf = (position: { readonly offset: number }): number => lines.lineOf(position.offset);
  for (const stage of analysis.stages) add(lineOf(stage.range.start), lastLineOf(lines, stage.range.end.offset), FoldingRangeKind.Region);
  for (const instruction of analysis.ast.instructions) {
    const first = instruction.heredocs[0];
    // The instruction line and its continuations, up to where a heredoc body starts.
    const end = first ? lineOf(first.bodyRange.start) - 1 : lastLineOf(lines, instruction.range.end.offset);
    add(lineOf(instruction.range.start), end);
    for (const heredoc of instruction.heredocs) {
      const last = heredoc.terminatorRange ? lineOf(heredoc.terminatorRange.start) : lastLineOf(lines, heredoc.bodyRange.end.offset);
      add(lineOf(heredoc.bodyRange.start) - 1, last);
    }
  }
  // A block is comments on consecutive lines (a comment with a lone `\r` in it covers two lines of its own).
  let blockStart = -1;
  let previous = -2;
  const closeBlock = (): void => {
    if (blockStart >= 0) add(blockStart, previous, FoldingRangeKind.Comment);
  };
  for (const comment of analysis.ast.comments) {
    const line = lineOf(comment.range.start);
    if (line !== previous + 1) {
      closeBlock();
      blockStart = line;
    }
    previous = Math.max(line, lastLineOf(lines, comment.range.end.offset));
  }
  closeBlock();
  return ranges.sort((a, b) => a.startLine - b.startLine || b.endLine - a.endLine);
}

/** The line of the last character before `end` (a range ending right after a line break ends on the line before). */
function lastLineOf(lines: ProtocolLines, end: number): number {
  const line = lines.lineOf(end);
  return end > 0 && lines.lineStart(line) === end ? line - 1 : line;
}
