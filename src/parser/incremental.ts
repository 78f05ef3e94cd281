/**
 * An incremental parser for editors: parses one version of a document after another and reuses, from the
 * previous version, the nodes of every instruction that lies wholly before the first changed character or
 * wholly after the last one. Only the lines in between are lexed and built again.
 *
 * Nodes before the change are the same objects as before, where they were. Nodes after it are the same objects
 * too, moved: every node of an incremental parse places its ranges and words on a movable placement of its own
 * (`MovableLines`), so shifting a node by the length difference of the edit shifts everything made for it, and
 * its line numbers are adjusted by the number of lines the edit added or removed. That is why a result is only
 * accurate until the next version is parsed (as a tree-sitter tree is until it is edited). The whole-file
 * checks run on the joined result, so the result equals `parse(text)`.
 *
 * When a text is the one before the last (the last edit taken back), that version's nodes are put back as they
 * were, rather than the edited stretch being parsed again.
 */
import type { Heredoc, Instruction, ParseResult } from './ast.js';
import type { Range } from './source.js';
import { assembleAst, buildNodes, internalFailure, type BuildOptions, type BuiltNodes, type TriviaCache } from './build-ast.js';
import { scanDirectives, type DirectiveScan } from './directives.js';
import { endsHeredocAt } from './heredoc.js';
import { parseTokens } from './grammar.js';
import type { ParseOptions } from './index.js';
import { endOffsetOf, LineTable, startOffsetOf, type MovableLines } from './source.js';
import { tokenize } from './tokens.js';

/** A parsing session over successive versions of one document. */
export interface Parser {
  /**
   * Parses `text`; the result equals `parse(text, options)` with the parser's options. Nodes of the result may
   * be reused, moved, by the next call: read what you need from a result before parsing the next version, or
   * use `parse` for results that must outlive it.
   */
  parse(text: string): ParseResult;
}

interface Version {
  readonly text: string;
  readonly lines: LineTable;
  readonly escapeChar: string;
  readonly built: BuiltNodes;
  /** How this version was made from the one before it, while that one's nodes can still be put back. */
  step: Step | null;
}

/**
 * How a version was made from the one before it (`base`): its first `head` placements are the base's first,
 * where they were; its placements from `ownTail` on are the base's from `baseTail` on, moved by `delta`
 * characters and `lineDelta` lines (and so are its instructions from `ownTailInstructions` on, the base's from
 * `baseTailInstructions` on). The base's placements in between were set aside, pointing at no line table.
 */
interface Step {
  readonly base: Version;
  readonly head: number;
  readonly baseTail: number;
  readonly ownTail: number;
  readonly baseTailInstructions: number;
  readonly ownTailInstructions: number;
  readonly delta: number;
  readonly lineDelta: number;
}

/**
 * Makes a parser whose `parse(text)` returns what `parse(text, options)` returns, faster when successive texts
 * share a beginning (an editor's keystrokes: on average half of a file is before the edit).
 *
 * @example
 * ```ts
 * import { createParser } from 'dfkit/parser';
 * const parser = createParser();
 * const first = parser.parse('FROM alpine\nRUN make\n');
 * const second = parser.parse('FROM alpine\nRUN make install\n');
 * second.ast.instructions[0] === first.ast.instructions[0]; // true: the FROM was not parsed again
 * ```
 */
export function createParser(options: ParseOptions = {}): Parser {
  const buildOptions = { instructionChecks: options.instructionChecks ?? true };
  let previous: Version | null = null;
  const trivia: TriviaCache = new WeakMap();
  return {
    parse(text) {
      try {
        const scan = scanDirectives(text);
        const lines = new LineTable(text);
        const step = previous?.step;
        if (previous && step && step.base.text === text) {
          // The last edit taken back (backspace after a typo, an undo): the version before it comes back with
          // the same nodes, so that whatever was kept about them is found again.
          previous = takeBack(previous, step, lines);
          return assembleAst(text, lines, scan, buildOptions, previous.built, trivia);
        }
        if (previous && previous.escapeChar === scan.escapeChar) {
          const base: Version = previous;
          base.step = null; // Only the last step can be taken back: older versions' nodes may go.
          previous = reparse(base, text, lines, scan, buildOptions);
        } else {
          const built = buildNodes(text, lines, parseTokens(tokenize(text, scan.escapeChar)), scan, buildOptions, 'movable');
          previous = { text, lines, escapeChar: scan.escapeChar, built, step: null };
        }
        return assembleAst(text, lines, scan, buildOptions, previous.built, trivia);
      } catch (error) {
        previous = null;
        return internalFailure(text, error);
      }
    },
  };
}

/**
 * The version `step` was made from, put back in place of `current` (whose text is the base's again): the base's
 * placements on this version's line table, its moved tail moved back, and the nodes only `current` had set
 * aside. The result can be taken back in turn (a redo).
 */
function takeBack(current: Version, step: Step, lines: LineTable): Version {
  const base = step.base;
  const { placements, instructions } = base.built;
  for (let index = 0; index < step.baseTail; index++) (placements[index] as MovableLines).move(lines, 0);
  moveNodes(placements, step.baseTail, instructions, step.baseTailInstructions, lines, -step.delta, -step.lineDelta);
  detachDropped(current.built.placements, step.head, step.ownTail);
  current.step = null;
  return {
    text: base.text,
    lines,
    escapeChar: base.escapeChar,
    built: base.built,
    step: {
      base: current,
      head: step.head,
      baseTail: step.ownTail,
      ownTail: step.baseTail,
      baseTailInstructions: step.ownTailInstructions,
      ownTailInstructions: step.baseTailInstructions,
      delta: -step.delta,
      lineDelta: -step.lineDelta,
    },
  };
}

/** `text` parsed again only between the reusable beginning and the reusable end of `previous`. */
function reparse(previous: Version, text: string, lines: LineTable, scan: DirectiveScan, options: BuildOptions): Version {
  const version = (built: BuiltNodes, kept: BuiltNodes | null, lineDelta: number): Version => ({
    text,
    lines,
    escapeChar: scan.escapeChar,
    built,
    step: {
      base: previous,
      head: headCount,
      baseTail: previous.built.placements.length - (kept ? kept.placements.length : 0),
      ownTail: built.placements.length - (kept ? kept.placements.length : 0),
      baseTailInstructions: previous.built.instructions.length - (kept ? kept.instructions.length : 0),
      ownTailInstructions: built.instructions.length - (kept ? kept.instructions.length : 0),
      delta,
      lineDelta,
    },
  });
  const old = previous.text;
  const same = commonPrefixLength(old, text);
  const cut = reusableEnd(previous, same);
  const head = cut === 0 ? null : before(previous.built, cut);
  const headCount = head ? head.placements.length : 0;
  // Lines before the change are where they were: the reused nodes read them from this version's table, so the
  // tables of older versions can go.
  if (head) for (const placement of head.placements) placement.move(lines, 0);
  const delta = text.length - old.length;
  const candidates = reusableStarts(previous, text, same);
  let tail = candidates.from(0);
  let jumps = 0;
  while (tail) {
    // Lex up to the end of the first line of a reusable instruction: if the lines before it end cleanly (no
    // continuation or heredoc runs on into it, no comment above attaches to it), an instruction starts there.
    const probeEnd = lineEndAfterOffset(text, tail.instructionStart + delta);
    const middle = buildRange(text, lines, scan, options, cut, probeEnd);
    const probe = middle.instructions[middle.instructions.length - 1];
    if (probe && startOffsetOf(probe.range) === tail.instructionStart + delta && probe.comments.length === 0) {
      const kept = after(previous.built, tail.lineStart);
      detachDropped(previous.built.placements, headCount, previous.built.placements.length - kept.placements.length);
      const lineDelta = lines.lineCount - previous.lines.lineCount;
      moveNodes(kept.placements, 0, kept.instructions, 0, lines, delta, lineDelta);
      return version(join(head, before(middle, tail.lineStart + delta), kept), kept, lineDelta);
    }
    // The edit runs on into that instruction. A heredoc left open (its terminator line edited, or a marker
    // changed so that another line ends it) runs to the next line that ends it: try the first instruction
    // after that line. A few such jumps at most, since each lexes from the cut again.
    const open = probe?.heredocs.find((heredoc) => heredoc.terminatorRange === null);
    if (open && jumps < MAX_HEREDOC_JUMPS) {
      const closed = lineEndAfterTerminator(text, probeEnd, open);
      if (closed !== -1) {
        jumps++;
        tail = candidates.from(closed - delta);
        continue;
      }
    }
    // Otherwise (it joined a continuation…) try one further on, twice as far from the cut each time; once that
    // would lex more than a quarter of what is left, the rest is parsed whole (so what is lexed in vain stays
    // under half of it).
    const reach = probeEnd - cut;
    if (8 * reach > text.length - cut) break;
    tail = candidates.from(cut + 2 * reach - delta);
  }
  detachDropped(previous.built.placements, headCount, previous.built.placements.length);
  return version(join(head, buildRange(text, lines, scan, options, cut, text.length), null), null, 0);
}

/**
 * Points the placements of the nodes an edit dropped (indexes `[from, end)`) at an empty table. A dropped node
 * that lived long enough sits in the old generation; left pointing at the last version's line table, it would
 * keep that young table alive through every young collection until a full one, though nothing reads it (the
 * nodes of a result are only accurate until the next version is parsed).
 */
function detachDropped(placements: readonly MovableLines[], from: number, end: number): void {
  for (let index = from; index < end; index++) (placements[index] as MovableLines).move(DETACHED, 0);
}

/**
 * Places the nodes of `placements` from index `fromPlacement` on in `lines`, `delta` characters further, and
 * moves the instructions from `fromInstruction` on by `lineDelta` lines.
 */
function moveNodes(
  placements: readonly MovableLines[],
  fromPlacement: number,
  instructions: readonly Instruction[],
  fromInstruction: number,
  lines: LineTable,
  delta: number,
  lineDelta: number,
): void {
  for (let index = fromPlacement; index < placements.length; index++) (placements[index] as MovableLines).move(lines, delta);
  if (lineDelta === 0) return;
  for (let index = fromInstruction; index < instructions.length; index++) moveLines(instructions[index] as Instruction, lineDelta);
}

const DETACHED = new LineTable('');

/** Builds the nodes of `text[from, to)`; `from` is 0 or a line start after an instruction. */
function buildRange(text: string, lines: LineTable, scan: DirectiveScan, options: BuildOptions, from: number, to: number): BuiltNodes {
  if (from === 0) {
    const part = to === text.length ? text : text.slice(0, to);
    return buildNodes(part, lines, parseTokens(tokenize(part, scan.escapeChar)), scan, options, 'movable');
  }
  // The stretch is lexed and built on its own, its nodes placed further on. It is read after a line break, as
  // it follows one in the document: then nothing at its start looks like the start of a file (a byte order
  // mark). Lexing flattens the concatenation into a string of its own, so the words and raw texts sliced from
  // it keep only the stretch alive, not the whole document (nodes after an edit now live for many versions).
  const part = `\n${text.slice(from, to)}`;
  return buildNodes(part, lines, parseTokens(tokenize(part, scan.escapeChar)), scan, options, 'movable', from - 1);
}

/**
 * Where the reusable beginning of the previous version ends: just after the line break that ends the last
 * instruction lying wholly before the first changed character (that line break included, so no continuation
 * marker or heredoc can have been added to it), or 0 when there is none. The last instruction of the previous
 * version is never part of it: it may have ended only because the text did (a continuation marker on its last
 * line, then nothing but blank or comment lines), and text added after it would continue it. Any other
 * instruction ended on a line of its own, since another one starts after it.
 */
function reusableEnd(previous: Version, same: number): number {
  const old = previous.text;
  const instructions = previous.built.instructions;
  // Where an instruction's line ends grows with its index: a binary search finds the last one ending in time.
  const endsInTime = (index: number): boolean => {
    const end = lineEndAfter(old, instructions[index] as Instruction);
    return end !== -1 && end <= same;
  };
  let low = 0;
  let high = instructions.length - 1;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (endsInTime(mid)) low = mid + 1;
    else high = mid;
  }
  return low === 0 ? 0 : lineEndAfter(old, instructions[low - 1] as Instruction);
}

/** An instruction of the previous version that may be reused after the change, and where its line starts. */
interface ReusableStart {
  readonly lineStart: number;
  readonly instructionStart: number;
}

/**
 * The instructions of the previous version that may be reused after the change: those with no comments
 * attached whose line, and the line break before it, lie wholly after the last changed character. `from(offset)`
 * answers the first of them starting at `offset` (in the previous text) or later, `null` when there is none.
 */
function reusableStarts(previous: Version, text: string, same: number): { from(offset: number): ReusableStart | null } {
  const old = previous.text;
  const changedEnd = old.length - commonSuffixLength(old, text, Math.min(old.length, text.length) - same);
  const instructions = previous.built.instructions;
  return {
    from(offset) {
      const after = Math.max(offset - 1, changedEnd);
      // Binary search for the first instruction starting after `after`.
      let low = 0;
      let high = instructions.length;
      while (low < high) {
        const mid = (low + high) >>> 1;
        if (startOffsetOf((instructions[mid] as Instruction).range) <= after) low = mid + 1;
        else high = mid;
      }
      for (let index = low; index < instructions.length; index++) {
        const instruction = instructions[index] as Instruction;
        const instructionStart = startOffsetOf(instruction.range);
        const lineStart = old.lastIndexOf('\n', instructionStart - 1) + 1;
        if (lineStart > changedEnd && instruction.comments.length === 0) return { lineStart, instructionStart };
      }
      return null;
    },
  };
}

/** Moves an instruction's line numbers (and its ONBUILD trigger's) by `by` lines. */
function moveLines(instruction: Instruction, by: number): void {
  // Line numbers are plain fields of the node; the parser that made it is the one place allowed to move them.
  const movable = instruction as { startLine: number; endLine: number };
  movable.startLine += by;
  movable.endLine += by;
  if (instruction.kind === 'ONBUILD' && instruction.trigger) moveLines(instruction.trigger, by);
}

/**
 * How many characters `a` and `b` share at their start. Blocks are compared as substrings first, shrinking
 * the block size near the first difference: V8 compares two strings with a memory compare, many times faster
 * than a loop over characters (or `startsWith`, which loops too).
 */
function commonPrefixLength(a: string, b: string): number {
  const limit = Math.min(a.length, b.length);
  let same = 0;
  for (let block = LARGEST_BLOCK; block >= SMALLEST_BLOCK; block >>= 2) {
    while (same + block <= limit && a.substring(same, same + block) === b.substring(same, same + block)) same += block;
  }
  while (same < limit && a.charCodeAt(same) === b.charCodeAt(same)) same++;
  return same;
}

/**
 * How many characters `a` and `b` share at their end, at most `limit`; compared a block at a time, as
 * `commonPrefixLength` does, but with `endsWith` against a slice of the new text. Comparing two slices, as
 * there, is as fast; yet in three runs of the editor benchmark it left ~3 MB alive per young collection,
 * against ~0.9 MB in five runs with `endsWith`, and the pauses doubled (a V8 effect not pinned down).
 */
function commonSuffixLength(a: string, b: string, limit: number): number {
  let same = 0;
  for (let block = LARGEST_BLOCK; block >= SMALLEST_BLOCK; block >>= 2) {
    while (
      same + block <= limit &&
      a.endsWith(b.substring(b.length - same - block, b.length - same), a.length - same)
    ) {
      same += block;
    }
  }
  while (same < limit && a.charCodeAt(a.length - 1 - same) === b.charCodeAt(b.length - 1 - same)) same++;
  return same;
}

const LARGEST_BLOCK = 1024;
const SMALLEST_BLOCK = 16;

/** The offset just after the line break that ends `instruction`, or -1 when the text ends first. */
function lineEndAfter(text: string, instruction: Instruction): number {
  const newline = text.indexOf('\n', endOffsetOf(instruction.range));
  return newline === -1 ? -1 : newline + 1;
}

/** How many times a probe may jump past a heredoc's terminator before the rest is parsed whole. */
const MAX_HEREDOC_JUMPS = 4;

/**
 * The offset just after the first line from `from` (a line start) on that ends `heredoc`, or -1 when no line
 * does.
 */
function lineEndAfterTerminator(text: string, from: number, heredoc: Heredoc): number {
  for (let start = from; start < text.length; ) {
    const newline = text.indexOf('\n', start);
    const end = newline === -1 ? text.length : newline + 1;
    if (endsHeredocAt(text, start, end, heredoc.name, heredoc.chomp)) return end;
    start = end;
  }
  return -1;
}

/** The offset just after the line break at or after `offset`, or the end of the text. */
function lineEndAfterOffset(text: string, offset: number): number {
  const newline = text.indexOf('\n', offset);
  return newline === -1 ? text.length : newline + 1;
}

/** The nodes, diagnostics and placements of `built` that start before `cut`. */
function before(built: BuiltNodes, cut: number): BuiltNodes {
  return startingIn(built, -Infinity, cut);
}

/** The nodes, diagnostics and placements of `built` that start at `from` or later. */
function after(built: BuiltNodes, from: number): BuiltNodes {
  return startingIn(built, from, Infinity);
}

/** The nodes, diagnostics and placements of `built` that start in `[from, to)`. */
function startingIn(built: BuiltNodes, from: number, to: number): BuiltNodes {
  const nodesIn = <T extends { readonly range: Range }>(nodes: readonly T[]): T[] =>
    nodes.slice(firstNodeFrom(nodes, from), firstNodeFrom(nodes, to));
  return {
    nodes: nodesIn(built.nodes),
    instructions: nodesIn(built.instructions),
    comments: nodesIn(built.comments),
    directives: nodesIn(built.directives),
    diagnostics: built.diagnostics.filter((diagnostic) => {
      const start = startOffsetOf(diagnostic.range);
      return start >= from && start < to;
    }),
    placements: built.placements.slice(firstPlacementFrom(built.placements, from), firstPlacementFrom(built.placements, to)),
  };
}

/**
 * The index of the first node starting at `offset` or later. Nodes and placements are in source order, so a
 * binary search finds it, instead of a pass over every node of the document on every keystroke; diagnostics
 * are not kept in order and are few, so they are filtered.
 */
function firstNodeFrom(nodes: readonly { readonly range: Range }[], offset: number): number {
  return firstIndexFrom(nodes.length, (index) => startOffsetOf((nodes[index] as { readonly range: Range }).range), offset);
}

function firstPlacementFrom(placements: readonly MovableLines[], offset: number): number {
  return firstIndexFrom(placements.length, (index) => (placements[index] as MovableLines).start, offset);
}

function firstIndexFrom(length: number, startAt: (index: number) => number, offset: number): number {
  let low = 0;
  let high = length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (startAt(mid) < offset) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** The parts in source order; `null` parts are empty. */
function join(...parts: readonly (BuiltNodes | null)[]): BuiltNodes {
  const present = parts.filter((part): part is BuiltNodes => part !== null);
  const [first, ...rest] = present;
  if (!first) throw new Error('nothing to join');
  if (rest.length === 0) return first;
  // concat, not flatMap: this runs on every keystroke, and flatMap is much slower on arrays this long.
  return {
    nodes: first.nodes.concat(...rest.map((part) => part.nodes)),
    instructions: first.instructions.concat(...rest.map((part) => part.instructions)),
    comments: first.comments.concat(...rest.map((part) => part.comments)),
    directives: first.directives.concat(...rest.map((part) => part.directives)),
    diagnostics: first.diagnostics.concat(...rest.map((part) => part.diagnostics)),
    placements: first.placements.concat(...rest.map((part) => part.placements)),
  };
}
