/**
 * The pieces an incremental lint can reuse: the text before the first FROM, then one chunk per stage, from
 * its FROM up to the next FROM (comments and blank lines included), so the chunks tile the file. A chunk's
 * text and context hold everything a `locality: 'stage'` rule's reports about it may depend on: two versions
 * of a file with an equal chunk get equal reports about it from those rules, only moved.
 */
import type { Instruction } from '../parser/index.js';
import { endOffsetOf, startOffsetOf } from '../parser/source.js';
import type { LintSeverity, ReportDescriptor, RuleModule, StageInfo, TextEdit } from './types.js';

export interface Chunk {
  /** `[start, end)` in the text; chunks tile the text. */
  readonly start: number;
  readonly end: number;
  /** The 0-based line the chunk starts on. */
  readonly line: number;
  /** The chunk's own text. */
  readonly text: string;
  /** Everything else its stage-local reports may depend on. */
  readonly context: ChunkContext;
}

/**
 * What a chunk's stage-local reports depend on besides its own text: its position among the chunks, the
 * file's skeleton (how many stages there are, and which of them bear the stage names the chunk mentions; for
 * the chunk's stage and those it is built on, the parent and whether a later stage uses it), which of the ARG
 * and ENV names declared anywhere in the file the chunk mentions, the text before the first FROM (parser
 * directives, global ARGs, pragmas; its plain comments left out) and the texts of the stages it is built on
 * (the ENV, SHELL and instructions it inherits, and their base images).
 */
export interface ChunkContext {
  readonly index: number;
  readonly skeleton: string;
  /**
   * The ARG and ENV names (as written) declared anywhere in the file that the chunk's instructions mention: a
   * rule may ask whether a variable the chunk refers to is declared somewhere, and only such a variable's
   * declarations can change the answer. Names written with anything but letters, digits and `_` (quoted or
   * escaped) are always included.
   */
  readonly declared: string;
  readonly prelude: string;
  readonly ancestors: readonly string[];
}

/** Whether two chunk contexts are equal (texts compared by content). */
export function sameContext(a: ChunkContext, b: ChunkContext): boolean {
  if (a.index !== b.index || a.skeleton !== b.skeleton || a.declared !== b.declared || a.prelude !== b.prelude) return false;
  if (a.ancestors.length !== b.ancestors.length) return false;
  for (let i = 0; i < a.ancestors.length; i++) if (a.ancestors[i] !== b.ancestors[i]) return false;
  return true;
}

const NO_ANCESTORS: readonly string[] = Object.freeze([]);

/** The chunks of a parsed file: the text before the first FROM, then one per stage. */
export function chunksOf(
  text: string,
  instructions: readonly Instruction[],
  stages: readonly StageInfo[],
): Chunk[] {
  const starts = stages.map((stage) => startOffsetOf(stage.stage.from.range));
  const preludeEnd = starts[0] ?? text.length;
  const prelude = text.slice(0, preludeEnd);
  const preludeKey = withoutPlainComments(prelude);
  const words = chunkWordsOf(text, instructions, starts);
  const mentions = mentionsOf(instructions, words);
  const count = `${stages.length}`;
  const preludeWords = words[0] as ChunkWords;
  const stageKey = stageKeyOf(stages);
  const chunks: Chunk[] = [
    {
      start: 0,
      end: preludeEnd,
      line: 0,
      text: prelude,
      context: {
        index: 0,
        skeleton: count + stageNamesIn(stages, stageKey, preludeWords, preludeWords),
        declared: mentions[0] as string,
        prelude: '',
        ancestors: NO_ANCESTORS,
      },
    },
  ];
  const texts: string[] = [];
  stages.forEach((stage, index) => {
    const start = starts[index] as number;
    const end = starts[index + 1] ?? text.length;
    const own = text.slice(start, end);
    texts.push(own);
    const ancestors =
      stage.ancestors.length === 0 ? NO_ANCESTORS : stage.ancestors.map((ancestor) => texts[ancestor.index] as string);
    const line = stage.stage.from.startLine - 1;
    const declared = mentions[index + 1] as string;
    const skeleton = count + stageNamesIn(stages, stageKey, words[index + 1] as ChunkWords, preludeWords) + linksOf(stage);
    chunks.push({ start, end, line, text: own, context: { index: index + 1, skeleton, declared, prelude: preludeKey, ancestors } });
  });
  return chunks;
}

/**
 * For each chunk (given its words), the ARG and ENV names declared in the file that it mentions, as written
 * (whatever a rule derives from them, it derives the same from the same words) and framed by their length so
 * no two lists read alike. A name is mentioned where it appears as a whole word in an instruction's logical
 * line or heredoc bodies; a name written with other characters is counted as mentioned everywhere.
 */
function mentionsOf(instructions: readonly Instruction[], words: readonly ChunkWords[]): string[] {
  const plain: string[] = [];
  let everywhere = '';
  for (const instruction of instructions) {
    if (instruction.kind === 'ARG') {
      for (const declaration of instruction.declarations) everywhere += declaredName(declaration.name.value, plain);
    } else if (instruction.kind === 'ENV') {
      for (const pair of instruction.pairs) everywhere += declaredName(pair.key.value, plain);
    }
  }
  plain.sort();
  // The answer for a chunk depends on its words and these names alone: it is kept with the words, which an
  // unchanged chunk keeps from one version to the next.
  const key = `${everywhere}|${plain.join(',')}`;
  return words.map((chunk) => {
    const known = chunk.answers.mentions;
    if (known && known.key === key) return known.value;
    let found = everywhere;
    let previous = '';
    for (const name of plain) {
      if (name !== previous && hasWord(chunk, name, 'identifiers')) found += framed(name);
      previous = name;
    }
    chunk.answers.mentions = { key, value: found };
    return found;
  });
}

/** The words of each chunk (the text before the first FROM, then each stage starting at `starts`). */
function chunkWordsOf(text: string, instructions: readonly Instruction[], starts: readonly number[]): ChunkWords[] {
  const words: ChunkWords[] = [];
  let first = 0;
  for (let chunk = 0; chunk <= starts.length; chunk++) {
    const to = starts[chunk] ?? text.length;
    let last = first;
    while (last < instructions.length && startOffsetOf((instructions[last] as Instruction).range) < to) last++;
    words.push(wordsOf(instructions, first, last));
    first = last;
  }
  return words;
}

/**
 * The stages whose names the chunk or the text before the first FROM mentions, with their indexes: a chunk
 * refers to other stages by name (in FROM, `COPY --from`, `--mount from=`), and renaming a stage it does not
 * mention changes nothing in it.
 */
function stageNamesIn(stages: readonly StageInfo[], key: string, words: ChunkWords, prelude: ChunkWords): string {
  const known = words.answers.stageNames;
  if (known && known.key === key && known.prelude === prelude) return known.value;
  let names = '';
  for (const { name, index } of stages) {
    if (name === null) continue;
    // A global ARG may hold a stage name that a stage then uses as `${VAR}`; a name of other characters is
    // counted as mentioned everywhere.
    if (hasWord(words, name, 'references') || hasWord(prelude, name, 'references') || !STAGE_WORD.test(name)) {
      names += stageEntry(index, name);
    }
  }
  words.answers.stageNames = { key, prelude, value: names };
  return names;
}

/** The stage names and indexes of a file as one string: what `stageNamesIn` answers from. */
function stageKeyOf(stages: readonly StageInfo[]): string {
  let key = '';
  for (const { name, index } of stages) if (name !== null) key += stageEntry(index, name);
  return key;
}

function stageEntry(index: number, name: string): string {
  return `;${index}${framed(name)}`;
}

const STAGE_WORD = /^[a-z0-9._-]+$/;

/** Adds a declared name to `plain` when it is a whole word; returns it framed when it is not (it then counts everywhere). */
function declaredName(name: string, plain: string[]): string {
  if (IDENTIFIER.test(name)) {
    plain.push(name);
    return '';
  }
  return framed(name);
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * The words of a chunk's instructions, read two ways (see `InstructionWords`), with the answers worked out
 * from them, kept while the chunk holds the same instructions.
 */
interface ChunkWords {
  readonly members: readonly InstructionWords[];
  readonly answers: {
    mentions?: { readonly key: string; readonly value: string };
    stageNames?: { readonly key: string; readonly prelude: ChunkWords; readonly value: string };
  };
}

/** Whether one of the chunk's instructions has `word` among its words of that kind. */
function hasWord(chunk: ChunkWords, word: string, kind: keyof InstructionWords): boolean {
  for (const member of chunk.members) if (member[kind].has(word)) return true;
  return false;
}

/**
 * The words of `instructions[begin, end)`: their logical lines and heredoc bodies. Kept with the first of them
 * while the run holds the same instruction objects: an incremental parse hands back unchanged instructions as
 * the same objects, and the words depend on nothing else.
 */
function wordsOf(instructions: readonly Instruction[], begin: number, end: number): ChunkWords {
  const head = instructions[begin];
  if (!head || end === begin) return NO_WORDS;
  const known = wordsByHead.get(head);
  if (known && sameMembers(known.members, instructions, begin, end)) return known.words;
  const words = readWords(instructions, begin, end);
  wordsByHead.set(head, { members: instructions.slice(begin, end), words });
  return words;
}

function sameMembers(members: readonly Instruction[], instructions: readonly Instruction[], begin: number, end: number): boolean {
  if (members.length !== end - begin) return false;
  for (let index = 0; index < members.length; index++) if (members[index] !== instructions[begin + index]) return false;
  return true;
}

const wordsByHead = new WeakMap<Instruction, { readonly members: readonly Instruction[]; readonly words: ChunkWords }>();
const NO_WORDS: ChunkWords = { members: [], answers: {} };

function readWords(instructions: readonly Instruction[], begin: number, end: number): ChunkWords {
  const members: InstructionWords[] = [];
  for (let index = begin; index < end; index++) members.push(instructionWordsOf(instructions[index] as Instruction));
  return { members, answers: {} };
}

/** An instruction's words, read two ways. */
interface InstructionWords {
  /** Runs of letters, digits and `_`: what a variable name is made of. */
  readonly identifiers: ReadonlySet<string>;
  /** Runs of letters, digits, `.`, `_` and `-`, in lower case: what a stage name is made of. */
  readonly references: ReadonlySet<string>;
}

/**
 * The words of one instruction, kept with it: when one instruction of a stage is edited, only that one is read
 * again.
 */
function instructionWordsOf(instruction: Instruction): InstructionWords {
  const known = wordsByInstruction.get(instruction);
  if (known) return known;
  let text = instruction.original;
  // A body's words, both as written and with lines joined at a backslash before the line break (whichever
  // way the body is expanded, the names it refers to are among them).
  for (const heredoc of instruction.heredocs) text += `\n${heredoc.content}\n${heredoc.content.replace(/\\\r?\n/g, '')}`;
  const words: InstructionWords = {
    identifiers: new Set(text.match(/[A-Za-z0-9_]+/g)),
    references: new Set(text.toLowerCase().match(/[a-z0-9._-]+/g)),
  };
  wordsByInstruction.set(instruction, words);
  return words;
}

const wordsByInstruction = new WeakMap<Instruction, InstructionWords>();

/**
 * The text before the first FROM as the stages see it: its comment lines without `=` removed. Every parser
 * directive and every pragma has an `=`; the other comments change nothing in the stages, and editing them
 * should not make every stage be visited again. (Inside a continuation a comment line is skipped by the
 * parser; inside a heredoc it is body text, which the stages do not see either.)
 */
function withoutPlainComments(prelude: string): string {
  return prelude.indexOf('#') === -1 ? prelude : prelude.replace(PLAIN_COMMENT_LINE, '');
}

const PLAIN_COMMENT_LINE = /^[ \t\ufeff]*#[^=\n]*(?:\n|$)/gm;

/** The parent of a stage and of each stage it is built on, and whether a later stage uses them. */
function linksOf(stage: StageInfo): string {
  let links = `|${stage.parent?.index ?? -1},${stage.usedLater ? 1 : 0}`;
  for (const ancestor of stage.ancestors) links += `;${ancestor.index}:${ancestor.parent?.index ?? -1},${ancestor.usedLater ? 1 : 0}`;
  return links;
}

/**
 * What a `locality: 'stage'` rule reported about one chunk, in offsets from the chunk's start (so a moved
 * chunk's reports need no rewriting, and no line table is kept alive).
 */
export interface RecordedReport {
  readonly rule: RuleModule;
  readonly code: string | undefined;
  readonly severity: LintSeverity | undefined;
  readonly message: string;
  readonly start: number;
  readonly end: number;
  readonly fix: ReportDescriptor['fix'];
}

/** The reports of every `locality: 'stage'` rule about one chunk, and the line the chunk started on then. */
export interface ChunkReports {
  readonly line: number;
  readonly reports: readonly RecordedReport[];
}

/** Where an incremental linter keeps chunk reports between versions of a document. */
export interface ChunkMemo {
  /** What was recorded for a chunk with this text and context, if anything. */
  get(chunk: Chunk): ChunkReports | undefined;
  set(chunk: Chunk, reports: ChunkReports): void;
}

/** A report as recorded, or `null` when it points outside `[start, end]` and so cannot move with the chunk. */
export function recordReport(
  rule: RuleModule,
  descriptor: ReportDescriptor,
  start: number,
  end: number,
): RecordedReport | null {
  const from = startOffsetOf(descriptor.range);
  const to = endOffsetOf(descriptor.range);
  if (from < start || to > end) return null;
  const fix = descriptor.fix;
  let recordedFix = fix;
  if (fix) {
    for (const edit of fix.edits) if (edit.start < start || edit.end > end) return null;
    recordedFix = { ...fix, edits: movedEdits(fix.edits, -start) };
  }
  return {
    rule,
    code: descriptor.code,
    severity: descriptor.severity,
    message: descriptor.message,
    start: from - start,
    end: to - start,
    fix: recordedFix,
  };
}

/** The edits moved by `by` characters. */
export function movedEdits(edits: readonly TextEdit[], by: number): TextEdit[] {
  return edits.map((edit) => ({ start: edit.start + by, end: edit.end + by, text: edit.text }));
}

/** A text preceded by its length, so that texts written one after another cannot be cut differently. */
function framed(text: string): string {
  return `${text.length}:${text}`;
}
