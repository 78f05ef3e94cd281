/**
 * Where an incremental lint looks for the names a chunk mentions: the words of its instructions, kept with the
 * instruction objects an incremental parse hands back unchanged, and the answers worked out from them.
 */
import type { Instruction } from '../parser/index.js';
import { startOffsetOf } from '../parser/source.js';
import type { GlobalArgs } from './chunk-prelude.js';
import { NodeSlot } from './node-slot.js';

/** The words of each chunk (the text before the first FROM, then each stage starting at `starts`). */
export function chunkWordsOf(text: string, instructions: readonly Instruction[], starts: readonly number[]): ChunkWords[] {
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
 * The words of a chunk's instructions (of the kinds of `WordKind`), with the answers worked out from them,
 * kept while the chunk holds the same instructions.
 */
export interface ChunkWords {
  readonly members: readonly InstructionWords[];
  /** How often each kind of word was asked about, and the chunk's words of that kind once asked often. */
  readonly lookups: { [K in WordKind]: ChunkLookup };
  readonly answers: {
    mentions?: { readonly key: string; readonly value: string };
    stageNames?: { readonly key: string; readonly prelude: ChunkWords; readonly value: readonly number[] };
    prelude?: { readonly globals: GlobalArgs; readonly others: readonly ChunkWords[]; readonly value: string };
  };
}

/**
 * Words of an instruction: `identifiers` are runs of letters, digits and `_` in its text (what a variable
 * name is made of); `references` are runs of letters, digits, `.`, `_` and `-` in its text in lower case (what
 * a stage name is made of); `values` are the identifiers through which a global ARG's value reaches it.
 */
export type WordKind = 'identifiers' | 'references' | 'values';

/** Questions asked about one kind of a chunk's words, and the set of them once it pays to make one. */
interface ChunkLookup {
  asked: number;
  words: ReadonlySet<string> | null;
}

/**
 * Whether one of the chunk's instructions has `word` among its words of that kind. The first few questions
 * ask each instruction; after that the chunk's words are gathered into one set, so that a file asking about
 * thousands of names (as many as it declares, or as it has stages) costs the size of the chunk once, not once
 * per name.
 */
export function hasWord(chunk: ChunkWords, word: string, kind: WordKind): boolean {
  if (chunk.members.length === 0) return false;
  const lookup = chunk.lookups[kind];
  if (lookup.words) return lookup.words.has(word);
  if (++lookup.asked > SEARCHES_BEFORE_SET && chunk.members.length > 1) return allWords(chunk, kind).has(word);
  for (const member of chunk.members) {
    let found: boolean;
    if (kind === 'identifiers') found = member.identifiers.has(word);
    else if (kind === 'references') found = member.references.has(word);
    else found = member.valueNames.has(word);
    if (found) return true;
  }
  return false;
}

/** Every word of one kind of the chunk's instructions, gathered once. */
export function allWords(chunk: ChunkWords, kind: WordKind): ReadonlySet<string> {
  if (chunk.members.length === 0) return NO_NAMES;
  const lookup = chunk.lookups[kind];
  return (lookup.words ??= chunkWordSet(chunk.members, kind));
}

/** Every word of one kind of the instructions. */
function chunkWordSet(members: readonly InstructionWords[], kind: WordKind): ReadonlySet<string> {
  const words = new Set<string>();
  for (const member of members) {
    if (kind === 'values') {
      for (const name of member.valueNames) words.add(name);
      continue;
    }
    const text = kind === 'identifiers' ? member.text : member.text.toLowerCase();
    const runs = kind === 'identifiers' ? IDENTIFIER_RUNS : REFERENCE_RUNS;
    for (const match of text.match(runs) ?? []) words.add(match);
  }
  return words;
}

/**
 * An instruction's text is searched for the first few names asked about; after that its words are split into
 * a set once. Searching is cheaper for the few names a chunk is usually asked about (and a heredoc swallowing
 * the rest of the file makes a text of thousands of words), a set for the many names of a file that declares
 * thousands of variables.
 */
export const SEARCHES_BEFORE_SET = 32;

/** One kind of word of a text (see `WordKind`), looked up by search and then by set. */
export class WordLookup {
  private searches = 0;
  private words: ReadonlySet<string> | null = null;
  private text: string | null = null;

  /** `textOf` gives the text, made when first needed; `runs` matches its words, `isWordCode` their characters. */
  constructor(
    private readonly textOf: () => string,
    private readonly runs: RegExp,
    private readonly isWordCode: (code: number) => boolean,
  ) {}

  has(word: string): boolean {
    if (this.words) return this.words.has(word);
    const text = (this.text ??= this.textOf());
    if (++this.searches > SEARCHES_BEFORE_SET) {
      this.words = new Set(text.match(this.runs));
      return this.words.has(word);
    }
    return containsWord(text, word, this.isWordCode);
  }
}

/**
 * Whether `word` occurs in `text` as a whole word: not next to a character that `isWordCode` counts as part of
 * a word. Searching the text costs less than splitting it into a set of words, which an edited instruction
 * would need (a heredoc swallowing the rest of the file makes one of thousands of words).
 */
function containsWord(text: string, word: string, isWordCode: (code: number) => boolean): boolean {
  for (let at = text.indexOf(word); at !== -1; at = text.indexOf(word, at + 1)) {
    const end = at + word.length;
    if ((at === 0 || !isWordCode(text.charCodeAt(at - 1))) && (end === text.length || !isWordCode(text.charCodeAt(end)))) {
      return true;
    }
  }
  return false;
}

/** Letters, digits and `_`: what a variable name is made of. */
function isIdentifierCode(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 48 && code <= 57) || code === 95;
}

/** Lower-case letters, digits, `.`, `_` and `-`: what a stage name is made of (in lower case). */
function isReferenceCode(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 48 && code <= 57) || code === 95 || code === 46 || code === 45;
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

const wordsByHead = new NodeSlot<Instruction, { readonly members: readonly Instruction[]; readonly words: ChunkWords }>();
const NO_WORDS: ChunkWords = { members: [], answers: {}, lookups: newLookups() };

function newLookups(): ChunkWords['lookups'] {
  return { identifiers: { asked: 0, words: null }, references: { asked: 0, words: null }, values: { asked: 0, words: null } };
}

function readWords(instructions: readonly Instruction[], begin: number, end: number): ChunkWords {
  const members: InstructionWords[] = [];
  for (let index = begin; index < end; index++) members.push(instructionWordsOf(instructions[index] as Instruction));
  return { members, answers: {}, lookups: newLookups() };
}

/** Where an instruction's words are looked for (see `hasWord`). */
export interface InstructionWords {
  /** Its logical line and heredoc bodies. */
  readonly text: string;
  /** Its identifiers, and its references (looked for in the text in lower case). */
  readonly identifiers: WordLookup;
  readonly references: WordLookup;
  /**
   * The names of the global ARGs whose values it may take: a FROM's words (it is expanded with them), the names
   * an ARG declares without a default (they take the global ARG's value), else none.
   */
  readonly valueNames: ReadonlySet<string>;
  /** Whether it names a stage by number (or by a variable, which may hold one), as `COPY --from=1` does. */
  readonly numbered: boolean;
}

/**
 * The words of one instruction, kept with it: when one instruction of a stage is edited, only that one is read
 * again.
 */
export function instructionWordsOf(instruction: Instruction): InstructionWords {
  const known = wordsByInstruction.get(instruction);
  if (known) return known;
  let text = instruction.original;
  // A body's words, both as written and with lines joined at a backslash before the line break (whichever
  // way the body is expanded, the names it refers to are among them).
  for (const heredoc of instruction.heredocs) text += `\n${heredoc.content}\n${heredoc.content.replace(/\\\r?\n/g, '')}`;
  const words: InstructionWords = {
    text,
    identifiers: new WordLookup(() => text, IDENTIFIER_RUNS, isIdentifierCode),
    references: new WordLookup(() => text.toLowerCase(), REFERENCE_RUNS, isReferenceCode),
    valueNames: valueNamesOf(instruction),
    numbered: namesStageByNumber(instruction),
  };
  wordsByInstruction.set(instruction, words);
  return words;
}

const wordsByInstruction = new NodeSlot<Instruction, InstructionWords>();

/** See `InstructionWords.valueNames`. (An ONBUILD trigger is expanded in a downstream build, not with these.) */
function valueNamesOf(instruction: Instruction): ReadonlySet<string> {
  if (instruction.kind === 'FROM') return new Set(instruction.original.match(IDENTIFIER_RUNS));
  if (instruction.kind !== 'ARG') return NO_NAMES;
  const names = new Set<string>();
  for (const declaration of instruction.declarations) if (!declaration.defaultValue) names.add(declaration.name.value);
  return names;
}

const NO_NAMES: ReadonlySet<string> = new Set();

/** Whether a `--from` or mount `from=` value of the instruction (or of its ONBUILD trigger) may be a stage number. */
function namesStageByNumber(instruction: Instruction): boolean {
  switch (instruction.kind) {
    case 'COPY':
    case 'ADD': {
      const from = instruction.options.from?.value;
      return from != null && MAYBE_NUMBER.test(from);
    }
    case 'RUN':
      return instruction.mounts.some((mount) => mount.from !== null && MAYBE_NUMBER.test(mount.from));
    case 'ONBUILD':
      return instruction.trigger !== null && namesStageByNumber(instruction.trigger);
    default:
      return false;
  }
}

const MAYBE_NUMBER = /^[0-9]+$|\$/;

/** A name that is a whole word: letters, digits and `_`, not starting with a digit. */
export const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Runs of letters, digits and `_` in a text: the words a variable name may be among. */
export const IDENTIFIER_RUNS = /[A-Za-z0-9_]+/g;

/** Runs of lower-case letters, digits, `.`, `_` and `-`: the words a stage name (in lower case) may be among. */
const REFERENCE_RUNS = /[a-z0-9._-]+/g;

/**
 * The key of the answers of one kind (`slot`) as one string from version to version: an equal key made
 * afresh is replaced by the one made last time, so that every chunk's kept answer is checked against it by
 * identity, not character by character (the key holds every name of the file, and a file has many chunks).
 */
export function lastingKey(slot: 'mentions' | 'stage names', key: string): string {
  const last = lastKeys.get(slot);
  if (last === key) return last;
  lastKeys.set(slot, key);
  return key;
}

const lastKeys = new Map<string, string>();

/** A text preceded by its length, so that texts written one after another cannot be cut differently. */
export function framed(text: string): string {
  return `${text.length}:${text}`;
}
