/**
 * The `.dockerignore` language, one of the Docker inputs the parser layer reads: the file's text into patterns
 * ({@link parseDockerignore}) and patterns into a matcher for context-relative paths ({@link createIgnoreMatcher}),
 * with Docker's exact semantics. Pure, so the linter, the planner and a browser all use the same reading.
 *
 * @example
 * ```ts
 * import { createIgnoreMatcher, parseDockerignore } from 'dfkit/parser';
 * const matcher = createIgnoreMatcher(parseDockerignore('*\n!src/app.js'));
 * matcher.matches('src/lib/util.js'); // true
 * matcher.matches('src/app.js'); // false
 * ```
 */
export { parseDockerignore, parsePatternList, IgnoreFileError, type IgnorePattern } from './read.js';
export { createIgnoreMatcher, type IgnoreMatcher, type IgnoreMatchState } from './match.js';
