/**
 * The pieces an incremental lint can reuse: the text before the first FROM, then one chunk per stage, from
 * its FROM up to the next FROM (comments and blank lines included), so the chunks tile the file. A chunk's
 * text and context hold everything a `locality: 'stage'` rule's reports about it may depend on: two versions
 * of a file with an equal chunk get equal reports about it from those rules, only moved.
 */
import type { Dockerfile, Instruction } from '../parser/index.js';
import { endOffsetOf, startOffsetOf } from '../parser/source.js';
import { globalArgsOf, preludeSeenBy, seersOf } from './chunk-prelude.js';
import { IDENTIFIER, SEARCHES_BEFORE_SET, allWords, chunkWordsOf, framed, hasWord, lastingKey, type ChunkWords } from './chunk-words.js';
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
 * What a chunk's stage-local reports depend on besides its own text: where it is, the file's skeleton as the
 * chunk sees it, which of the ARG and ENV names declared anywhere in the file the chunk mentions, the part of
 * the text before the first FROM it can see, and the texts of the stages it is built on (the ENV, SHELL and
 * instructions it inherits, and their base images).
 *
 * Positions are kept out of a stage's context where no rule can tell them: a stage added or removed above
 * (a FROM typed, a heredoc opened that swallows one) then leaves the stages below replayable.
 */
export interface ChunkContext {
  /**
   * Whether the stage is the last one. For the text before the first FROM, and for a stage that names a stage by
   * its number (`COPY --from=1`, `--mount=from=1`), its index and the number of stages as well.
   */
  readonly position: string;
  /**
   * For each stage name the chunk (or the text before the first FROM) mentions: whether stages bearing it come
   * before the chunk's stage, are it, or come after it (their indexes, for the text before the first FROM);
   * then, for the chunk's stage and each stage it is built on, whether it is built on a stage and whether a
   * later stage uses it.
   */
  readonly skeleton: string;
  /**
   * The ARG and ENV names (as written) declared anywhere in the file that the chunk's instructions mention: a
   * rule may ask whether a variable the chunk refers to is declared somewhere, and only such a variable's
   * declarations can change the answer. Names written with anything but letters, digits and `_` (quoted or
   * escaped) are always included.
   */
  readonly declared: string;
  /**
   * The text before the first FROM as the stage sees it: its directives and pragmas, the global ARGs whose
   * values the stage takes (see `preludeSeenBy`), and the names of the others where a rule may suggest them.
   */
  readonly prelude: string;
  readonly ancestors: readonly string[];
}

/** Whether two chunk contexts are equal (texts compared by content). */
export function sameContext(a: ChunkContext, b: ChunkContext): boolean {
  if (a.position !== b.position || a.skeleton !== b.skeleton || a.declared !== b.declared || a.prelude !== b.prelude) return false;
  if (a.ancestors.length !== b.ancestors.length) return false;
  for (let i = 0; i < a.ancestors.length; i++) if (a.ancestors[i] !== b.ancestors[i]) return false;
  return true;
}

const NO_ANCESTORS: readonly string[] = Object.freeze([]);

/**
 * How many stages a stage may be built on, one on the other, and still be a chunk of its own. Its context holds
 * the texts and links of all of them: for every stage of a chain of thousands, that is memory in the square of
 * the chain's length (a chain of 10,000 stages ran the language server out of memory). A stage built deeper
 * is left out of the chunks: it is visited on every version, as a lint without chunks visits every stage.
 * Real chains are a few stages long.
 */
export const MAX_CHUNK_ANCESTORS = 64;

/** Whether `stage` is built on more than `most` stages, one on the other (walking no further than that). */
function builtOnMoreThan(stage: StageInfo, most: number): boolean {
  let count = 0;
  for (let at = stage.parent; at; at = at.parent) if (++count > most) return true;
  return false;
}

const unchanged = (text: string): string => text;

/**
 * The chunks of a parsed file: the text before the first FROM, then one per stage (`null` for a stage built on
 * more than MAX_CHUNK_ANCESTORS stages, one on the other). `intern` may hand back an
 * equal text seen before: the texts of stages a stage is built on are part of its context, so a long chain of
 * stages is compared text by text on every version unless equal texts are one string.
 */
export function chunksOf(
  text: string,
  ast: Dockerfile,
  stages: readonly StageInfo[],
  intern: (text: string) => string = unchanged,
): (Chunk | null)[] {
  const { instructions } = ast;
  const starts = stages.map((stage) => startOffsetOf(stage.stage.from.range));
  const preludeEnd = starts[0] ?? text.length;
  const preludeText = text.slice(0, preludeEnd);
  const words = chunkWordsOf(text, instructions, starts);
  const mentions = mentionsOf(instructions, words);
  const count = `${stages.length}`;
  const preludeWords = words[0] as ChunkWords;
  const named = namedStagesOf(stages);
  const globals = globalArgsOf(ast, preludeEnd, preludeText);
  const chunks: (Chunk | null)[] = [
    {
      start: 0,
      end: preludeEnd,
      line: 0,
      text: preludeText,
      context: {
        position: count,
        skeleton: stagesNamedIn(named, -1, preludeWords, preludeWords),
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
    const own = intern(text.slice(start, end));
    texts.push(own);
    if (builtOnMoreThan(stage, MAX_CHUNK_ANCESTORS)) {
      chunks.push(null);
      return;
    }
    const ownWords = words[index + 1] as ChunkWords;
    // Listed once: a stage lists its ancestors afresh on every read.
    const built = stage.ancestors;
    const ancestors = built.length === 0 ? NO_ANCESTORS : built.map((ancestor) => texts[ancestor.index] as string);
    const line = stage.stage.from.startLine - 1;
    const declared = mentions[index + 1] as string;
    const final = stage.isFinal ? 'last' : '';
    const position = ownWords.members.some((member) => member.numbered) ? `${final}${index}/${count}` : final;
    const skeleton = stagesNamedIn(named, index, ownWords, preludeWords) + linksOf(stage, built);
    const prelude = preludeSeenBy(globals, ownWords, seersOf(built, words), stage.stage.from);
    chunks.push({ start, end, line, text: own, context: { position, skeleton, declared, prelude, ancestors } });
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
  const key = lastingKey('mentions', `${everywhere}|${plain.join(',')}`);
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

/** The stages that bear a name, and those names as one string (what the answers about them are kept under). */
interface NamedStages {
  readonly stages: readonly StageInfo[];
  readonly key: string;
  /** Positions in `stages` by name, and of the names that are not whole words (mentioned everywhere). */
  readonly byName: ReadonlyMap<string, readonly number[]>;
  readonly odd: readonly number[];
}

function namedStagesOf(stages: readonly StageInfo[]): NamedStages {
  const named = stages.filter((stage) => stage.name !== null);
  let key = '';
  const byName = new Map<string, number[]>();
  const odd: number[] = [];
  named.forEach(({ name }, at) => {
    const word = name as string;
    key += framed(word);
    if (!STAGE_WORD.test(word)) odd.push(at);
    const positions = byName.get(word);
    if (positions) positions.push(at);
    else byName.set(word, [at]);
  });
  return { stages: named, key: lastingKey('stage names', key), byName, odd };
}

/**
 * The positions in `named.stages` of the stages whose names the chunk or the text before the first FROM
 * mentions: a global ARG may hold a stage name that a stage then uses as `${VAR}`, and a name of other
 * characters counts as mentioned everywhere. A file of many named stages looks its words up among the names
 * instead of each name among its words.
 */
function mentionedStages(named: NamedStages, words: ChunkWords, prelude: ChunkWords): number[] {
  if (named.stages.length <= SEARCHES_BEFORE_SET) {
    const mentioned: number[] = [];
    named.stages.forEach(({ name }, at) => {
      const word = name as string;
      if (hasWord(words, word, 'references') || hasWord(prelude, word, 'references') || !STAGE_WORD.test(word)) mentioned.push(at);
    });
    return mentioned;
  }
  const found = new Set<number>(named.odd);
  for (const where of [words, prelude]) {
    for (const word of allWords(where, 'references')) {
      const positions = named.byName.get(word);
      if (positions) for (const at of positions) found.add(at);
    }
  }
  return [...found].sort((a, b) => a - b);
}

/**
 * The stages whose names the chunk or the text before the first FROM mentions, each with where it stands from
 * the chunk's stage at `index` (or, for the text before the first FROM, at `-1`, with its index): a chunk refers
 * to other stages by name (in FROM, `COPY --from`, `--mount from=`), and renaming a stage it does not mention
 * changes nothing in it. Which names are mentioned is kept with the chunk's words.
 */
function stagesNamedIn(named: NamedStages, index: number, words: ChunkWords, prelude: ChunkWords): string {
  const known = words.answers.stageNames;
  let mentioned: readonly number[];
  if (known && known.key === named.key && known.prelude === prelude) {
    mentioned = known.value;
  } else {
    mentioned = mentionedStages(named, words, prelude);
    words.answers.stageNames = { key: named.key, prelude, value: mentioned };
  }
  let names = '';
  if (index < 0) {
    for (const at of mentioned) {
      const stage = named.stages[at] as StageInfo;
      names += `;${stage.index}${framed(stage.name as string)}`;
    }
    return names;
  }
  // Stages that share a name count once per side: rules ask whether a stage of that name comes before this
  // one, is this one or comes after it, and the one a FROM builds on is among the ancestors' texts.
  const sides = new Map<string, string>();
  for (const at of mentioned) {
    const stage = named.stages[at] as StageInfo;
    const name = stage.name as string;
    const side = stage.index < index ? '<' : stage.index === index ? '=' : '>';
    const known = sides.get(name) ?? '';
    if (!known.includes(side)) sides.set(name, known + side);
  }
  for (const [name, side] of sides) names += `;${side}${framed(name)}`;
  return names;
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


/**
 * Whether a stage and each stage it is built on is built on a stage, whether a later stage uses it, and whether
 * a later stage is built on it.
 */
function linksOf(stage: StageInfo, ancestors: readonly StageInfo[]): string {
  let links = `|${linkOf(stage)}`;
  for (const ancestor of ancestors) links += `;${linkOf(ancestor)}`;
  return links;
}

function linkOf(stage: StageInfo): string {
  return `${stage.parent ? 1 : 0}${stage.usedLater ? 1 : 0}${stage.builtOnLater ? 1 : 0}`;
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
  /** An equal text already held, if any, else `text` (see `chunksOf`). */
  intern?(text: string): string;
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
