/**
 * Fixes that move an instruction further down its stage (a per-build ARG or LABEL below the expensive steps):
 * its whole lines, with the comment lines directly above it, go above a later instruction (and its comments) or
 * below the stage's last one.
 */
import { parse, type Instruction } from '../parser/index.js';
import { lineBreakAt, lineEndOf, lineStartOf } from './source-lines.js';
import type { ReportDescriptor } from './types.js';

export interface Lines {
  readonly start: number;
  readonly end: number;
}

/**
 * Where the lines of `instruction` and the comment lines directly above it start, and their indentation: the
 * place for a line that goes above it (and above its pragmas). `null` when other text precedes it on that line.
 */
export function placeAbove(source: string, instruction: Instruction): { at: number; indent: string } | null {
  const first = instruction.comments[0]?.range.start.offset ?? instruction.range.start.offset;
  const at = lineStartIfAlone(source, first);
  return at === null ? null : { at, indent: source.slice(at, first) };
}

function topOf(source: string, instruction: Instruction): number | null {
  return placeAbove(source, instruction)?.at ?? null;
}

/**
 * The whole lines `instruction` takes (with the comment lines directly above it unless `withComments` is false),
 * line breaks included, when it shares them with nothing else: what removing or moving it takes.
 */
export function linesOf(source: string, instruction: Instruction, withComments = true): Lines | null {
  const first = withComments ? topOf(source, instruction) : lineStartIfAlone(source, instruction.range.start.offset);
  const last = instruction.range.end.offset;
  const end = lineEndOf(source, last);
  if (first === null || !/^[ \t\r]*\n?$/.test(source.slice(last, end))) return null;
  return { start: first, end };
}

function lineStartIfAlone(source: string, offset: number): number | null {
  const start = lineStartOf(source, offset);
  return /^[ \t]*$/.test(source.slice(start, offset)) ? start : null;
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
  const block = linesOf(source, instruction);
  const at = topOf(source, target);
  if (block === null || at === null || at < block.end) return undefined;
  return moveTo(source, block, at, description);
}

/** Moves `instruction` (with its comments) to just below the later `last`, the last instruction of its stage. */
export function moveBelow(source: string, instruction: Instruction, last: Instruction, description: string): ReportDescriptor['fix'] {
  const block = linesOf(source, instruction);
  const at = lineAfter(source, last);
  if (block === null || at === null || last.range.start.offset < block.end) return undefined;
  return moveTo(source, block, at, description);
}

/**
 * Where a line goes to stand right below `instruction`: the start of the line after it (or the text's end).
 * `null` when the file ends inside its continuation (its last line ends with the escape character, with only
 * blank and comment lines after it): a line put there would be read as part of it, so a COPY moved below
 * `RUN npm ci \` would become words of the RUN.
 */
export function lineAfter(source: string, instruction: Instruction): number | null {
  const at = lineEndOf(source, instruction.range.end.offset);
  // Text after it (an instruction, or a comment the continuation did not take in) means it was closed.
  if (/\S/.test(source.slice(at))) return at;
  // Only a parse says whether it was left open (the escape character, a doubled one, a line of just the marker).
  // Every fix moving something below the file's last instruction asks the same: it is parsed once per text.
  if (lastProbe?.source !== source || lastProbe.at !== at) {
    const separator = at === source.length && !/\n$/.test(source) ? '\n' : '';
    const probe = parse(`${source.slice(0, at)}${separator}EXPOSE 1\n`).ast.instructions;
    lastProbe = { source, at, stands: probe[probe.length - 1]?.range.start.offset === at + separator.length };
  }
  return lastProbe.stands ? at : null;
}

/** The last question `lineAfter` asked the parser: whether a line at `at` in `source` stands alone. */
let lastProbe: { readonly source: string; readonly at: number; readonly stands: boolean } | null = null;
