/**
 * An incremental linter for editors: lints one version of a document after another with the same options.
 * The text is parsed incrementally (instructions before and after the changed lines are reused). Rules that
 * declare `locality: 'stage'` visit only the stages an edit touched; what they reported about the others is
 * replayed from the previous version, moved to where those stages are now. Scopes, the other rules,
 * severities, ignore lists and suppression comments run as in `lint`, so the result is `lint`'s.
 */
import { createParser } from '../parser/index.js';
import { sameContext, type Chunk, type ChunkContext, type ChunkMemo, type ChunkReports } from './chunks.js';
import { lintWith, type LintOptions, type LintResult } from './engine.js';
import { builtinRules } from './rules/index.js';

/** A chunk text as held (the one string equal texts are replaced by), and what was recorded about it. */
interface KnownText {
  readonly text: string;
  readonly recorded: RecordedChunk[];
}

/** What was recorded about a chunk (of the text it is kept under) in one context. */
interface RecordedChunk {
  readonly context: ChunkContext;
  readonly reports: ChunkReports;
}

/** A linting session over successive versions of one document. */
export interface Linter {
  /**
   * Lints `text`; the findings equal those of `lint(text, options)` with the linter's options. Findings keep
   * their ranges; the result's `parse` is an incremental parser's, whose nodes may be reused, moved, when the
   * next version is linted (see `createParser`).
   */
  lint(text: string): LintResult;
}

/**
 * Makes a linter whose `lint(text)` finds what `lint(text, options)` finds, faster when successive texts
 * differ in a few stages (an editor's keystrokes). It remembers the stages of the last two versions it
 * linted, so its memory follows the document's size, not the number of edits.
 *
 * @example
 * ```ts
 * import { createLinter } from 'dfkit/lint';
 * const linter = createLinter();
 * linter.lint('FROM debian:12 AS build\nRUN apt-get install curl\n\nFROM build\nCMD ["sh"]\n');
 * // Only the second stage changed: the first stage's findings are replayed.
 * linter.lint('FROM debian:12 AS build\nRUN apt-get install curl\n\nFROM build\nCMD ["bash"]\n');
 * ```
 */
export function createLinter(options: LintOptions = {}): Linter {
  const rules = options.rules ?? builtinRules;
  // The chunk texts of the last two versions and of this one, each with what was recorded about it. Texts are
  // interned (an equal text of an earlier version is used in its place), so a text is hashed once per version
  // and the ancestors' texts in a context compare as one string. The version before last is kept for a
  // keystroke taken back (a typo, then backspace; an undo): its chunks come back as they were.
  let older = new Map<string, KnownText>();
  let previous = new Map<string, KnownText>();
  let current = new Map<string, KnownText>();
  const find = (versions: ReadonlyMap<string, KnownText>, chunk: Chunk): ChunkReports | undefined => {
    const known = versions.get(chunk.text);
    if (known) for (const entry of known.recorded) if (sameContext(entry.context, chunk.context)) return entry.reports;
    return undefined;
  };
  const memo: ChunkMemo = {
    get: (chunk) => find(current, chunk) ?? find(previous, chunk) ?? find(older, chunk),
    set: (chunk, reports) => {
      const entry = { context: chunk.context, reports };
      const known = current.get(chunk.text);
      if (known) known.recorded.push(entry);
      else current.set(chunk.text, { text: chunk.text, recorded: [entry] });
    },
    intern: (text) => {
      const held = (current.get(text) ?? previous.get(text) ?? older.get(text))?.text ?? text;
      if (!current.has(held)) current.set(held, { text: held, recorded: [] });
      return held;
    },
  };
  const parser = createParser();
  return {
    lint(text) {
      // The chunks of the last two versions stay known for this one; older ones are dropped.
      older = previous;
      previous = current;
      current = new Map();
      return lintWith(text, options, rules, memo, parser.parse);
    },
  };
}
