/**
 * The build's ignore file as a matcher, for the rules that ask what the context holds (a COPY of an ignored
 * file, the files a fix may copy).
 */
import { createIgnoreMatcher, parseDockerignore, type IgnoreMatcher } from '../parser/index.js';

/** Matchers by ignore-file text: an editor lints the same context on every keystroke. */
const matchers = new Map<string, IgnoreMatcher | null>();

/** The matcher of an ignore file's text, or `null` for one Docker refuses (the build then fails anyway). */
export function ignoreMatcherFor(text: string): IgnoreMatcher | null {
  let matcher = matchers.get(text);
  if (matcher === undefined) {
    try {
      matcher = createIgnoreMatcher(parseDockerignore(text));
    } catch {
      // There is nothing sensible to compare against.
      matcher = null;
    }
    if (matchers.size > 64) matchers.clear();
    matchers.set(text, matcher);
  }
  return matcher;
}
