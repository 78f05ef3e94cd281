/**
 * An instruction's head — its logical line across continuation lines, without heredoc bodies — split into the
 * words the builder reads (keyword, flags, arguments, JSON punctuation) and the gaps between them.
 */
import type { Instruction, Range } from '../parser/index.js';
import { readGap, type Gap } from './gap.js';

export type AtomRole = 'keyword' | 'subkeyword' | 'punctuation' | 'command' | 'word';

export interface Atom {
  readonly role: AtomRole;
  readonly start: number;
  readonly end: number;
}

/** Atoms and gaps alternate: `gaps[i]` comes after `atoms[i]`; the last gap is the tail of the line. */
export interface Head {
  readonly start: number;
  readonly end: number;
  readonly atoms: readonly Atom[];
  readonly gaps: readonly Gap[];
  readonly execForm: boolean;
}

const offsetOf = (range: Range, side: 'start' | 'end'): number => range[side].offset;

/** Where the head ends: before the line break that precedes the first heredoc body, else the instruction's end. */
export function headEnd(text: string, instruction: Instruction): number {
  const end = offsetOf(instruction.range, 'end');
  if (instruction.heredocs.length === 0) return end;
  let bodyStart = Math.min(...instruction.heredocs.map((heredoc) => offsetOf(heredoc.bodyRange, 'start')));
  if (text[bodyStart - 1] !== '\n') return bodyStart;
  bodyStart--;
  while (text[bodyStart - 1] === '\r') bodyStart--;
  return bodyStart;
}

function isExecForm(instruction: Instruction): boolean {
  switch (instruction.kind) {
    case 'RUN':
    case 'CMD':
    case 'ENTRYPOINT':
    case 'SHELL':
    case 'HEALTHCHECK':
      return instruction.command?.form === 'exec';
    case 'COPY':
    case 'ADD':
    case 'VOLUME':
      return instruction.form === 'exec';
    case 'ONBUILD':
      return instruction.trigger !== null && isExecForm(instruction.trigger);
    default:
      return false;
  }
}

/**
 * Whether the arguments of COPY, ADD or VOLUME look like a JSON array the builder could not read (a tab inside
 * a string), so that it takes them as words: respaced as words they could become valid JSON, which the builder
 * would read as other arguments. (A shell-form command is one opaque word, never respaced inside.)
 */
function isUnreadableJson(instruction: Instruction): boolean {
  if (instruction.kind === 'ONBUILD') return instruction.trigger !== null && isUnreadableJson(instruction.trigger);
  return 'form' in instruction && instruction.form === 'shell' && (instruction.args[0]?.value.startsWith('[') ?? false);
}

/** The shell-form command of an instruction (ONBUILD's trigger included), whose text is one opaque word. */
function shellCommandRange(instruction: Instruction): Range | null {
  switch (instruction.kind) {
    case 'RUN':
    case 'CMD':
    case 'ENTRYPOINT':
    case 'HEALTHCHECK':
      return instruction.command?.form === 'shell' ? instruction.command.range : null;
    case 'ONBUILD':
      return instruction.trigger ? shellCommandRange(instruction.trigger) : null;
    default:
      return null;
  }
}

function wordAtoms(instruction: Instruction, nested: boolean): Atom[] {
  const atoms: Atom[] = [
    {
      role: nested ? 'subkeyword' : 'keyword',
      start: offsetOf(instruction.keywordRange, 'start'),
      end: offsetOf(instruction.keywordRange, 'end'),
    },
  ];
  for (const flag of instruction.flags) atoms.push({ role: 'word', start: offsetOf(flag.range, 'start'), end: offsetOf(flag.range, 'end') });
  const args = instruction.args.filter((word) => offsetOf(word.range, 'end') > offsetOf(word.range, 'start'));
  const command = shellCommandRange(instruction);
  args.forEach((word, index) => {
    const start = offsetOf(word.range, 'start');
    const end = offsetOf(word.range, 'end');
    const isAs = instruction.kind === 'FROM' && index === 1 && args.length === 3 && /^as$/i.test(word.value);
    const isCommand = command !== null && start === offsetOf(command, 'start');
    atoms.push({ role: isAs ? 'subkeyword' : isCommand ? 'command' : 'word', start, end });
  });
  // A key=value pair is one word to the builder even when a line continuation splits it (`A\` then `=1` on the
  // next line): spacing at the continuation would split it in two, and `ENV A =1` means something else.
  // (The legacy `ENV key value` form splits at the first run of white space, which may be respaced.)
  if ((instruction.kind === 'ENV' || instruction.kind === 'LABEL') && !instruction.legacy) {
    for (const pair of instruction.pairs) {
      atoms.push({ role: 'word', start: offsetOf(pair.range, 'start'), end: offsetOf(pair.range, 'end') });
    }
  }
  if (instruction.kind === 'ONBUILD' && instruction.trigger) atoms.push(...wordAtoms(instruction.trigger, true));
  return atoms;
}

/** Sorts atoms and merges those that touch or overlap (an ENV pair's key, `=` and value are one word). */
function mergeAtoms(atoms: Atom[]): Atom[] {
  atoms.sort((a, b) => a.start - b.start || b.end - a.end);
  const merged: Atom[] = [];
  for (const atom of atoms) {
    const last = merged[merged.length - 1];
    if (last && atom.start <= last.end) {
      if (atom.end > last.end) merged[merged.length - 1] = { role: last.role === 'keyword' ? 'keyword' : 'word', start: last.start, end: atom.end };
    } else merged.push(atom);
  }
  return merged;
}

/**
 * Splits the head of `instruction`, or returns `null` when something between its words is not white space, a
 * continuation or a skipped line (the parser saw words the formatter does not know how to place: leave it be),
 * or when its words look like JSON the builder could not read.
 */
export function splitHead(text: string, instruction: Instruction, escapeChar: string): Head | null {
  if (isUnreadableJson(instruction)) return null;
  const start = offsetOf(instruction.range, 'start');
  const end = headEnd(text, instruction);
  const words = mergeAtoms(wordAtoms(instruction, false));
  const execForm = isExecForm(instruction);
  const atoms: Atom[] = [];
  const gaps: Gap[] = [];
  let pos = start;
  for (let index = 0; index <= words.length; index++) {
    const word = words[index];
    const gapEnd = word ? word.start : end;
    if (word && (word.start < pos || word.end > end)) return null;
    if (index > 0) {
      // Read gap material, taking JSON punctuation of an exec form as atoms of its own.
      let gap: Gap = [];
      for (;;) {
        const read = readGap(text, pos, gapEnd, escapeChar);
        gap = [...gap, ...read.items];
        pos = read.stop;
        if (pos >= gapEnd) break;
        const char = text[pos];
        if (!execForm || (char !== '[' && char !== ']' && char !== ',')) return null;
        gaps.push(gap);
        gap = [];
        atoms.push({ role: 'punctuation', start: pos, end: pos + 1 });
        pos++;
      }
      gaps.push(gap);
    } else if (word && word.start !== start) return null;
    if (word) {
      atoms.push(word);
      pos = word.end;
    }
  }
  return { start, end, atoms, gaps, execForm };
}
