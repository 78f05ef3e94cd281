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

/** What was recorded about a chunk in one context. */
interface Recorded {
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
 * differ in a few stages (an editor's keystrokes). It remembers the stages of the last version it linted,
 * so its memory follows the document's size, not the number of edits.
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
  // Chunks by their own text (a text can recur, in another context); those of the last version and this one.
  let previous = new Map<string, Recorded[]>();
  let current = new Map<string, Recorded[]>();
  const find = (versions: Map<string, Recorded[]>, chunk: Chunk): ChunkReports | undefined =>
    versions.get(chunk.text)?.find((entry) => sameContext(entry.context, chunk.context))?.reports;
  const memo: ChunkMemo = {
    get: (chunk) => find(current, chunk) ?? find(previous, chunk),
    set: (chunk, reports) => {
      const entries = current.get(chunk.text);
      if (entries) entries.push({ context: chunk.context, reports });
      else current.set(chunk.text, [{ context: chunk.context, reports }]);
    },
  };
  const parser = createParser();
  return {
    lint(text) {
      // The last version's chunks stay known for this one; older ones are dropped.
      previous = current;
      current = new Map();
      return lintWith(text, options, rules, memo, parser.parse);
    },
  };
}
