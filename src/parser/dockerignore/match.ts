/**
 * Deciding which context paths `.dockerignore` patterns exclude, with the rules that the classic builder,
 * BuildKit and podman share (the pattern probe in the engine spec): matching is anchored at the context root,
 * a pattern also excludes everything below a directory it matches, and the last matching pattern decides.
 * Pure: no I/O.
 */

import { compileIgnorePatternCached, type PatternTest } from './compile.js';
import { cleanPath } from './go-path.js';
import type { IgnorePattern } from './read.js';

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
    const compiled = compileIgnorePatternCached(pattern.pattern);
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

// The pattern without one trailing `/**` or `/*`. Only one: an exception `a/*/**` must keep its `a/*`, a pattern,
// or a directory like `a/c` would be skipped although the exception brings back what is below it.
function withoutTrailingGlob(pattern: string): string {
  if (pattern.endsWith('/**')) return pattern.slice(0, -3);
  if (pattern.endsWith('/*')) return pattern.slice(0, -2);
  return pattern;
}
