/**
 * Folding ranges: stages, instructions continued over several lines, heredoc bodies and blocks of two or more
 * comment lines. A fold keeps its first line visible and hides the rest.
 */
import { FoldingRangeKind, type FoldingRange } from 'vscode-languageserver';
import type { Analysis } from './analysis.js';

export function foldingRanges(analysis: Analysis): FoldingRange[] {
  const ranges: FoldingRange[] = [];
  const add = (startLine: number, endLine: number, kind?: FoldingRangeKind): void => {
    if (endLine > startLine) ranges.push({ startLine, endLine, ...(kind ? { kind } : {}) });
  };
  for (const stage of analysis.stages) add(stage.range.start.line, lastLineOf(analysis, stage.range.end.offset), FoldingRangeKind.Region);
  for (const instruction of analysis.ast.instructions) {
    const first = instruction.heredocs[0];
    // The instruction line and its continuations, up to where a heredoc body starts.
    const end = first ? first.bodyRange.start.line - 1 : lastLineOf(analysis, instruction.range.end.offset);
    add(instruction.range.start.line, end);
    for (const heredoc of instruction.heredocs) {
      const last = heredoc.terminatorRange ? heredoc.terminatorRange.start.line : lastLineOf(analysis, heredoc.bodyRange.end.offset);
      add(heredoc.bodyRange.start.line - 1, last);
    }
  }
  let blockStart = -1;
  let previous = -2;
  const closeBlock = (): void => {
    if (blockStart >= 0) add(blockStart, previous, FoldingRangeKind.Comment);
  };
  for (const comment of analysis.ast.comments) {
    const line = comment.range.start.line;
    if (line !== previous + 1) {
      closeBlock();
      blockStart = line;
    }
    previous = line;
  }
  closeBlock();
  return ranges.sort((a, b) => a.startLine - b.startLine || b.endLine - a.endLine);
}

/** The line of the last character before `end` (a range ending right after a line break ends on the line before). */
function lastLineOf(analysis: Analysis, end: number): number {
  const line = analysis.lines.lineOf(end);
  return end > 0 && analysis.lines.lineStart(line) === end ? line - 1 : line;
}
