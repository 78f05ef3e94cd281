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
  // What was recorded about the chunks of the last two versions and of this one, by their text. Chunk texts
  // are interned (an equal text of an earlier version is used in its place), so a text is hashed once per
  // version and the ancestors' texts in a context compare as one string. The version before last is kept for
  // a keystroke taken back (a typo, then backspace; an undo): its chunks come back as they were.
  let older = new Map<string, RecordedChunk[]>();
  let previous = new Map<string, RecordedChunk[]>();
  let current = new Map<string, RecordedChunk[]>();
  let olderTexts = new Map<string, string>();
  let previousTexts = new Map<string, string>();
  let currentTexts = new Map<string, string>();
  const find = (versions: ReadonlyMap<string, readonly RecordedChunk[]>, chunk: Chunk): ChunkReports | undefined => {
    const candidates = versions.get(chunk.text);
    if (candidates) for (const entry of candidates) if (sameContext(entry.context, chunk.context)) return entry.reports;
    return undefined;
  };
  const memo: ChunkMemo = {
    get: (chunk) => find(current, chunk) ?? find(previous, chunk) ?? find(older, chunk),
    set: (chunk, reports) => {
      const entry = { context: chunk.context, reports };
      const entries = current.get(chunk.text);
      if (entries) entries.push(entry);
      else current.set(chunk.text, [entry]);
    },
    intern: (text) => {
      const held = currentTexts.get(text) ?? previousTexts.get(text) ?? olderTexts.get(text) ?? text;
      currentTexts.set(held, held);
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
      olderTexts = previousTexts;
      previousTexts = currentTexts;
      currentTexts = new Map();
      return lintWith(text, options, rules, memo, parser.parse);
    },
  };
}
