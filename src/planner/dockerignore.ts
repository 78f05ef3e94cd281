/**
 * `.dockerignore`: reading the file and deciding which context paths it excludes, as Docker does (the
 * moby/patternmatcher rules that the classic builder, BuildKit and podman share — see the pattern probe in the
 * engine spec). Reading follows Docker's ignore-file reader; matching follows its "path or any parent" rule;
 * what a walk keeps follows BuildKit's context walker (an excluded directory comes back when something below it
 * is re-included). Pure: no I/O.
 */

import type { ContextEntry } from './context-types.js';
import { compareGoStrings, cleanPath, matchPath } from './go-path.js';
import { compileIgnorePattern, type PatternTest } from './ignore-pattern.js';

/** One pattern of an ignore file (or of `COPY --exclude`). */
export interface IgnorePattern {
  /** The line as written, surrounding whitespace trimmed. */
  readonly text: string;
  /** 1-based line in the ignore file; 0 for patterns that did not come from a file. */
  readonly line: number;
  /** A `!` exception: re-includes what earlier patterns excluded. */
  readonly exception: boolean;
  /** The pattern the matcher uses: cleaned like a path, without `!` and without a leading `/`. */
  readonly pattern: string;
  /** Set when Docker refuses the pattern (the build fails); such a pattern never matches here. */
  readonly error?: string;
}

/** The ignore file could not be used: Docker refuses to build with a malformed pattern. */
export class IgnoreFileError extends Error {
  readonly code = 'ignore-syntax';
  constructor(
    /** Context-relative path of the ignore file, or `null` for text given directly. */
    readonly file: string | null,
    readonly patterns: readonly IgnorePattern[],
  ) {
    const first = patterns[0];
    const where = file ?? 'ignore file';
    super(first ? `${where}:${first.line}: ${first.error ?? ''}: ${JSON.stringify(first.text)}` : `${where}: invalid`);
    this.name = 'IgnoreFileError';
  }
}

const UTF8_BOM = '\ufeff';

/**
 * Reads ignore-file text into patterns: a BOM on the first line is dropped; a line whose *first* character is
 * `#` is a comment (an indented `#` is a pattern); whitespace around a line is trimmed and empty lines skipped;
 * a leading `!` makes an exception (whitespace after it trimmed too); each pattern is cleaned like a path
 * (`./`, `//`, `a/..`, a trailing `/` and a leading `/` disappear).
 *
 * @example parseDockerignore('# build output\nbuild/\n!build/keep.txt')
 */
export function parseDockerignore(text: string): IgnorePattern[] {
  const patterns: IgnorePattern[] = [];
  const lines = text.split('\n');
  // A final newline ends the last line rather than starting an empty one (Go's line scanner).
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  lines.forEach((raw, index) => {
    let line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (index === 0 && line.startsWith(UTF8_BOM)) line = line.slice(UTF8_BOM.length);
    if (line.startsWith('#')) return;
    const trimmed = trimGoSpace(line);
    if (trimmed === '') return;
    // Docker's ignore-file reader cleans the part after `!` and drops a leading slash...
    const exception = trimmed.startsWith('!');
    let body = exception ? trimGoSpace(trimmed.slice(1)) : trimmed;
    if (body !== '') {
      body = cleanPath(body);
      if (body.length > 1 && body.startsWith('/')) body = body.slice(1);
    }
    // ...and then hands `!pattern` to the matcher, which reads it once more (see parsePatternList).
    const pattern = readMatcherPattern(exception ? '!' + body : body, trimmed, index + 1);
    if (pattern) patterns.push(pattern);
  });
  return patterns;
}

/**
 * Patterns given as a list (`COPY --exclude=…`, or ignore-file output), read the way Docker's matcher reads
 * them: trimmed, empty ones skipped, the whole string cleaned like a path *before* a leading `!` is split off.
 */
export function parsePatternList(patterns: readonly string[]): IgnorePattern[] {
  const out: IgnorePattern[] = [];
  for (const text of patterns) {
    const pattern = readMatcherPattern(text, trimGoSpace(text), 0);
    if (pattern) out.push(pattern);
  }
  return out;
}

function readMatcherPattern(given: string, text: string, line: number): IgnorePattern | null {
  let pattern = trimGoSpace(given);
  if (pattern === '') return null;
  pattern = cleanPath(pattern);
  const exception = pattern.startsWith('!');
  if (exception) {
    // A lone `!` (also what `!/` cleans to) is refused outright.
    if (pattern.length === 1) return { text, line, exception, pattern: '', error: 'illegal exclusion pattern: "!"' };
    pattern = pattern.slice(1);
  }
  // Docker checks each pattern with Go's filepath.Match before using it, then compiles it to a regexp.
  const syntax = matchPath(pattern, '.');
  const error = syntax.error ?? compiledTest(pattern).error;
  return error === undefined ? { text, line, exception, pattern } : { text, line, exception, pattern, error };
}

const compiledCache = new Map<string, ReturnType<typeof compileIgnorePattern>>();

function compiledTest(pattern: string): ReturnType<typeof compileIgnorePattern> {
  let compiled = compiledCache.get(pattern);
  if (!compiled) {
    compiled = compileIgnorePattern(pattern);
    // Bounded: a long-lived process (a language server) sees many ignore files over time.
    if (compiledCache.size > 4096) compiledCache.clear();
    compiledCache.set(pattern, compiled);
  }
  return compiled;
}

/** Go's `strings.TrimSpace`: Unicode White_Space, which unlike JavaScript's `trim()` excludes U+FEFF. */
function trimGoSpace(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && isGoSpace(text.charCodeAt(start))) start++;
  while (end > start && isGoSpace(text.charCodeAt(end - 1))) end--;
  return text.slice(start, end);
}

function isGoSpace(unit: number): boolean {
  if (unit <= 0xff) return unit === 0x20 || (unit >= 0x09 && unit <= 0x0d) || unit === 0x85 || unit === 0xa0;
  return (
    unit === 0x1680 ||
    (unit >= 0x2000 && unit <= 0x200a) ||
    unit === 0x2028 ||
    unit === 0x2029 ||
    unit === 0x202f ||
    unit === 0x205f ||
    unit === 0x3000
  );
}

// --- Matching --------------------------------------------------------------------------------------------------

/**
 * Where a path stands after every pattern was tried: excluded or not, plus, per pattern, whether it matched the
 * path or one of its parents (what a walker hands down to the children of a directory).
 */
export interface IgnoreMatchState {
  readonly excluded: boolean;
  readonly hits: readonly boolean[];
}

/** Decides exclusion for context-relative slash paths. */
export interface IgnoreMatcher {
  /** The usable patterns, in order (malformed ones are left out and listed in `errors`). */
  readonly patterns: readonly IgnorePattern[];
  /** Patterns Docker would refuse; a context with any of them cannot be built. */
  readonly errors: readonly IgnorePattern[];
  /** True when some pattern is a `!` exception. */
  readonly hasExceptions: boolean;
  /** True when the path is excluded: the last pattern matching the path or one of its parents is not an exception. */
  matches(path: string): boolean;
  /**
   * The same decision, reusing the parent directory's state so that a walk costs one test per pattern and
   * entry; without a parent state every parent path is tested.
   */
  evaluate(path: string, parent?: IgnoreMatchState): IgnoreMatchState;
  /**
   * True when a walker may skip the directory without reading it: it is excluded and no exception could bring
   * back anything below it. Like BuildKit's walker, only exceptions that are plain paths (ignoring a trailing
   * `/*` or `/**`) are inspected; any other exception keeps every excluded directory walked.
   */
  canSkipDirectory(path: string, state?: IgnoreMatchState): boolean;
}

/** Characters that make an exception pattern more than a plain path for the skip decision. */
const PATTERN_CHARS = /[*[\]?^\\]/;

/**
 * Builds a matcher. Matching is anchored at the context root (`*.log` only hits top-level files), a pattern
 * also excludes everything below a directory it matches, and the last matching pattern decides.
 *
 * @example createIgnoreMatcher(parseDockerignore('*\n!src/app.js')).matches('src/lib/util.js') // true
 */
export function createIgnoreMatcher(patterns: readonly IgnorePattern[]): IgnoreMatcher {
  const usable = patterns.filter((pattern) => pattern.error === undefined);
  const errors = patterns.filter((pattern) => pattern.error !== undefined);
  const tests: PatternTest[] = usable.map((pattern) => {
    const compiled = compiledTest(pattern.pattern);
    return compiled.error === undefined ? compiled.test : () => false;
  });
  const exceptions = usable.filter((pattern) => pattern.exception);
  const hasExceptions = exceptions.length > 0;
  const exceptionsArePlain = exceptions.every((pattern) => !PATTERN_CHARS.test(withoutTrailingGlob(pattern.pattern)));
  const exceptionPrefixes = exceptions.map((pattern) => withoutTrailingGlob(pattern.pattern) + '/');
  const none: IgnoreMatchState = { excluded: false, hits: usable.map(() => false) };

  const decide = (hits: readonly boolean[]): boolean => {
    for (let index = hits.length - 1; index >= 0; index--) {
      if (hits[index]) return !(usable[index] as IgnorePattern).exception;
    }
    return false;
  };

  const evaluate = (path: string, parent?: IgnoreMatchState): IgnoreMatchState => {
    if (usable.length === 0) return none;
    const hits = tests.map((test, index) => {
      if (parent?.hits[index]) return true;
      if (test(path)) return true;
      if (parent) return false;
      // No state handed down: try every parent directory, shortest first.
      for (let slash = path.indexOf('/'); slash > 0; slash = path.indexOf('/', slash + 1)) {
        if (test(path.slice(0, slash))) return true;
      }
      return false;
    });
    return { excluded: decide(hits), hits };
  };

  return {
    patterns: usable,
    errors,
    hasExceptions,
    matches(path) {
      const normalised = normaliseQuery(path);
      return normalised !== null && evaluate(normalised).excluded;
    },
    evaluate,
    canSkipDirectory(path, state) {
      const normalised = normaliseQuery(path);
      if (normalised === null) return false;
      if (!(state ?? evaluate(normalised)).excluded) return false;
      if (!hasExceptions) return true;
      if (!exceptionsArePlain) return false;
      const dirSlash = normalised + '/';
      return !exceptionPrefixes.some((prefix) => prefix.startsWith(dirSlash));
    },
  };
}

/** A query path cleaned the way Docker cleans it; `null` for the root, which is never excluded. */
function normaliseQuery(path: string): string | null {
  let cleaned = cleanPath(path);
  while (cleaned.startsWith('/')) cleaned = cleaned.slice(1);
  return cleaned === '' || cleaned === '.' ? null : cleaned;
}

function withoutTrailingGlob(pattern: string): string {
  let out = pattern;
  if (out.endsWith('/**')) out = out.slice(0, -3);
  if (out.endsWith('/*')) out = out.slice(0, -2);
  return out;
}

// --- Applying a matcher to a context ---------------------------------------------------------------------------

/** UTF-16 units from which JavaScript's string order and Go's byte order can disagree. */
const HIGH_UNITS = /[\ud800-\uffff]/;

/**
 * What a context keeps under the patterns, sorted by path (Go byte order). An excluded directory comes back,
 * with its own metadata, when an entry below it is kept, because BuildKit's walker sends the parents of every
 * file it sends (`*` + `!src/app.js` keeps the directory `src` and `src/app.js`). The classic builder's tar has
 * no entry for such a directory; the files are the same.
 */
export function applyIgnore(entries: Iterable<ContextEntry>, matcher: IgnoreMatcher): ContextEntry[] {
  const sorted = [...entries];
  // UTF-16 order equals Go's byte order unless a path holds a surrogate or a unit above it; the native
  // comparison is several times faster on large contexts.
  const plain = sorted.every((entry) => !HIGH_UNITS.test(entry.path));
  sorted.sort(plain ? (a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0) : (a, b) => compareGoStrings(a.path, b.path));
  if (matcher.patterns.length === 0) return sorted;
  return keepWithParents(sorted, (entry) => entry.path, matcher);
}

/**
 * The items (sorted by path, parents before children) the matcher keeps, plus every excluded directory that
 * has a kept item below it. `pathOf` gives the path the patterns are matched against, relative to their root.
 * The result is in the order of the input.
 */
export function keepWithParents<T>(sorted: readonly T[], pathOf: (item: T) => string, matcher: IgnoreMatcher): T[] {
  const states = new Map<string, IgnoreMatchState>();
  const excludedDirs = new Map<string, number>();
  const keep = new Array<boolean>(sorted.length).fill(false);
  sorted.forEach((item, index) => {
    const path = pathOf(item);
    const slash = path.lastIndexOf('/');
    const parentState = slash < 0 ? undefined : states.get(path.slice(0, slash));
    const state = matcher.evaluate(path, slash < 0 ? { excluded: false, hits: [] } : parentState);
    states.set(path, state);
    if (state.excluded) {
      excludedDirs.set(path, index);
      return;
    }
    keep[index] = true;
    // Bring back excluded parents, nearest first, until one that is already back.
    for (let up = slash; up > 0; up = path.lastIndexOf('/', up - 1)) {
      const parentIndex = excludedDirs.get(path.slice(0, up));
      if (parentIndex === undefined) continue;
      if (keep[parentIndex]) break;
      keep[parentIndex] = true;
    }
  });
  return sorted.filter((_, index) => keep[index]);
}
