/**
 * Fixes that move an instruction further down its stage (a per-build ARG or LABEL below the expensive steps):
 * its whole lines, with the comment lines directly above it, go above a later instruction (and its comments) or
 * below the stage's last one.
 */
import type { Instruction } from '../parser/index.js';
import { lineBreakAt, lineEndOf, lineStartOf } from './source-lines.js';
import type { ReportDescriptor } from './types.js';

interface Lines {
  readonly start: number;
  readonly end: number;
}

/**
 * Where the lines of `instruction` and the comment lines directly above it start, and their indentation: the
 * place for a line that goes above it (and above its pragmas). `null` when other text precedes it on that line.
 */
export function placeAbove(source: string, instruction: Instruction): { at: number; indent: string } | null {
  const first = instruction.comments[0]?.range.start.offset ?? instruction.range.start.offset;
  const at = lineStartOf(source, first);
  const indent = source.slice(at, first);
  return /^[ \t]*$/.test(indent) ? { at, indent } : null;
}

function topOf(source: string, instruction: Instruction): number | null {
  return placeAbove(source, instruction)?.at ?? null;
}

/** The lines `instruction` and its comments take, when it shares them with nothing else. */
function blockOf(source: string, instruction: Instruction): Lines | null {
  const start = topOf(source, instruction);
  const last = instruction.range.end.offset;
  const end = lineEndOf(source, last);
  if (start === null || !/^[ \t\r]*\n?$/.test(source.slice(last, end))) return null;
  return { start, end };
}

/** Takes the block out and puts it at `at` (a line start, or the text's end after a last line without a break). */
function moveTo(source: string, block: Lines, at: number, description: string): ReportDescriptor['fix'] {
  const eol = lineBreakAt(source, 0);
  let text = source.slice(block.start, block.end);
  if (!text.endsWith('\n')) text += eol;
  // After a last line without a line break, the block starts on a line of its own and ends as the file did.
  if (at === source.length && !source.endsWith('\n')) text = eol + text.slice(0, -eol.length);
  return {
    description,
    edits: [
      { start: block.start, end: block.end, text: '' },
      { start: at, end: at, text },
    ],
  };
}

/** Moves `instruction` (with its comments) to just above the later `target` and its comments. */
export function moveAbove(source: string, instruction: Instruction, target: Instruction, description: string): ReportDescriptor['fix'] {
  const block = blockOf(source, instruction);
  const at = topOf(source, target);
  if (block === null || at === null || at < block.end) return undefined;
  return moveTo(source, block, at, description);
}

/** Moves `instruction` (with its comments) to just below the later `last`, the last instruction of its stage. */
export function moveBelow(source: string, instruction: Instruction, last: Instruction, description: string): ReportDescriptor['fix'] {
  const block = blockOf(source, instruction);
  if (block === null || last.range.start.offset < block.end) return undefined;
  return moveTo(source, block, lineEndOf(source, last.range.end.offset), description);
}
