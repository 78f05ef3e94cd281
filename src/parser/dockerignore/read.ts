/**
 * Reading a `.dockerignore` file (or a `COPY --exclude` list) into patterns, as Docker's ignore-file reader
 * does: comments, whitespace, `!` exceptions, paths cleaned the Go way, and the check that refuses a malformed
 * pattern (the build fails on one). Pure: no I/O.
 */

import { compileIgnorePatternCached } from './compile.js';
import { cleanPath, matchPath } from './go-path.js';

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
  const error = syntax.error ?? compileIgnorePatternCached(pattern).error;
  return error === undefined ? { text, line, exception, pattern } : { text, line, exception, pattern, error };
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
