/**
 * Go's slash-path rules, which Docker's context handling is defined by: `path.Clean`, `filepath.Match` (COPY
 * wildcards, and the syntax check every `.dockerignore` pattern must pass) and Go's byte-wise string order (how
 * Go sorts paths). Pure, so the `.dockerignore` reader, the linter and the planner stay usable in a browser.
 */

/** Go's `path.Clean`: `.` and empty segments dropped, `..` folded, no trailing slash, `.` for nothing. */
export function cleanPath(path: string): string {
  if (path === '') return '.';
  const rooted = path.startsWith('/');
  const kept: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') {
      if (kept.length > 0 && kept[kept.length - 1] !== '..') kept.pop();
      // `..` above the root of a rooted path stays at the root; a relative path keeps it.
      else if (!rooted) kept.push('..');
      continue;
    }
    kept.push(segment);
  }
  const body = kept.join('/');
  if (rooted) return '/' + body;
  return body === '' ? '.' : body;
}

/** The message of Go's `filepath.ErrBadPattern`, which Docker prints when it refuses a pattern. */
export const BAD_PATTERN = 'syntax error in pattern';

/** The outcome of {@link matchPath}: whether the name matched, or why the pattern is malformed. */
export type PathMatch =
  | { readonly matched: boolean; readonly error?: undefined }
  | { readonly matched: false; readonly error: string };

const STAR = 0x2a; // *
const QUESTION = 0x3f; // ?
const OPEN = 0x5b; // [
const CLOSE = 0x5d; // ]
const BACKSLASH = 0x5c;
const CARET = 0x5e; // ^
const DASH = 0x2d;
const SLASH = 0x2f;

/** A code point array with a start index: the moving window Go's matcher keeps over a string. */
interface Cursor {
  readonly text: readonly number[];
  index: number;
}

/** Thrown inside the matcher only; {@link matchPath} turns it into an error value. */
class BadPattern {}

/**
 * Go's `filepath.Match` on slash paths: `*` any run without `/`, `?` one character but `/`, `[...]` a class
 * (`[^...]` negated; `!` is an ordinary character, as in Go), `\` escapes. The whole name must match. Like Go
 * (since 1.16) the pattern is checked for well-formedness even when the name fails early, so
 * `matchPath(p, '.')` is the syntax check Docker applies to each `.dockerignore` line.
 *
 * @example matchPath('src/*.js', 'src/app.js') // { matched: true }
 */
export function matchPath(pattern: string, name: string): PathMatch {
  try {
    return { matched: matchCodePoints(toCodePoints(pattern), toCodePoints(name)) };
  } catch (error) {
    if (error instanceof BadPattern) return { matched: false, error: BAD_PATTERN };
    throw error;
  }
}

/** True when Go's matcher would treat the text as a pattern (an unescaped `*`, `?` or `[`). */
export function hasWildcards(text: string): boolean {
  for (let index = 0; index < text.length; index++) {
    const char = text[index];
    if (char === '\\') index++;
    else if (char === '*' || char === '?' || char === '[') return true;
  }
  return false;
}

/**
 * Go's string order: byte-wise on UTF-8, which is code point order. JavaScript's `<` compares UTF-16 units and
 * puts astral characters (surrogates) before U+E000–U+FFFF; this corrects that at the first difference.
 */
export function compareGoStrings(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let index = 0; index < length; index++) {
    const x = a.charCodeAt(index);
    const y = b.charCodeAt(index);
    if (x !== y) return utf8Rank(x) - utf8Rank(y);
  }
  return a.length - b.length;
}

/** UTF-16 units from which JavaScript's string order and Go's byte order can disagree. */
const HIGH_UNITS = /[\ud800-\uffff]/;

/**
 * A comparator of items by a string key in Go's order. When no key holds a surrogate or a unit above one, the
 * two orders agree and the native comparison (several times faster on large contexts) is the one returned.
 */
export function goOrderBy<T>(items: readonly T[], keyOf: (item: T) => string): (a: T, b: T) => number {
  if (items.every((item) => !HIGH_UNITS.test(keyOf(item)))) {
    return (a, b) => {
      const x = keyOf(a);
      const y = keyOf(b);
      return x < y ? -1 : x > y ? 1 : 0;
    };
  }
  return (a, b) => compareGoStrings(keyOf(a), keyOf(b));
}

function utf8Rank(unit: number): number {
  if (unit < 0xd800) return unit;
  // Surrogates stand for code points above U+FFFF, so they rank after every other BMP unit.
  return unit <= 0xdfff ? unit + 0x2000 : unit - 0x800;
}

function toCodePoints(text: string): number[] {
  const points: number[] = [];
  for (const char of text) points.push(char.codePointAt(0) as number);
  return points;
}

function matchCodePoints(pattern: readonly number[], name: readonly number[]): boolean {
  let patternIndex = 0;
  let nameIndex = 0;
  while (patternIndex < pattern.length) {
    const { star, chunkStart, chunkEnd } = scanChunk(pattern, patternIndex);
    patternIndex = chunkEnd;
    const chunk = pattern.slice(chunkStart, chunkEnd);
    if (star && chunk.length === 0) {
      // A trailing star takes the rest of the name, unless that crosses a separator.
      return !name.slice(nameIndex).includes(SLASH);
    }
    const last = patternIndex >= pattern.length;
    const here = matchChunk(chunk, { text: name, index: nameIndex });
    if (here !== null && (here === name.length || !last)) {
      nameIndex = here;
      continue;
    }
    let advanced = false;
    if (star) {
      // Let the star take one more character at a time, never a separator.
      for (let skip = nameIndex; skip < name.length && name[skip] !== SLASH; skip++) {
        const rest = matchChunk(chunk, { text: name, index: skip + 1 });
        if (rest === null) continue;
        if (last && rest !== name.length) continue;
        nameIndex = rest;
        advanced = true;
        break;
      }
    }
    if (advanced) continue;
    // Before answering "no", make sure the rest of the pattern is well-formed, as Go does.
    while (patternIndex < pattern.length) {
      const next = scanChunk(pattern, patternIndex);
      patternIndex = next.chunkEnd;
      matchChunk(pattern.slice(next.chunkStart, next.chunkEnd), { text: [], index: 0 });
    }
    return false;
  }
  return nameIndex === name.length;
}

/** Splits off the next run of stars and the literal/class chunk after it. */
function scanChunk(pattern: readonly number[], start: number): { star: boolean; chunkStart: number; chunkEnd: number } {
  let index = start;
  let star = false;
  while (index < pattern.length && pattern[index] === STAR) {
    index++;
    star = true;
  }
  const chunkStart = index;
  let inRange = false;
  for (; index < pattern.length; index++) {
    const char = pattern[index];
    if (char === BACKSLASH) {
      if (index + 1 < pattern.length) index++;
    } else if (char === OPEN) inRange = true;
    else if (char === CLOSE) inRange = false;
    else if (char === STAR && !inRange) break;
  }
  return { star, chunkStart, chunkEnd: index };
}

/**
 * Matches one chunk at the cursor; returns the index after it, or `null`. Keeps reading the chunk after a
 * mismatch so that a malformed class or escape is reported (by throwing {@link BadPattern}).
 */
function matchChunk(chunk: readonly number[], cursor: Cursor): number | null {
  const { text } = cursor;
  let at = cursor.index;
  let failed = false;
  let index = 0;
  while (index < chunk.length) {
    if (!failed && at >= text.length) failed = true;
    const char = chunk[index] as number;
    if (char === OPEN) {
      let subject = -1;
      if (!failed) subject = text[at++] as number;
      index++;
      let negated = false;
      if (index < chunk.length && chunk[index] === CARET) {
        negated = true;
        index++;
      }
      let matched = false;
      let ranges = 0;
      for (;;) {
        if (index < chunk.length && chunk[index] === CLOSE && ranges > 0) {
          index++;
          break;
        }
        const low = classChar(chunk, index);
        index = low.next;
        let high = low.char;
        if (chunk[index] === DASH) {
          const upper = classChar(chunk, index + 1);
          high = upper.char;
          index = upper.next;
        }
        if (low.char <= subject && subject <= high) matched = true;
        ranges++;
      }
      if (matched === negated) failed = true;
    } else if (char === QUESTION) {
      if (!failed) {
        if (text[at] === SLASH) failed = true;
        at++;
      }
      index++;
    } else {
      let literal = char;
      if (char === BACKSLASH) {
        index++;
        if (index >= chunk.length) throw new BadPattern();
        literal = chunk[index] as number;
      }
      if (!failed) {
        if (text[at] !== literal) failed = true;
        at++;
      }
      index++;
    }
  }
  return failed ? null : at;
}

/** One character of a class (escapes allowed); a class must not end, or start a range, with `-` or `]`. */
function classChar(chunk: readonly number[], start: number): { char: number; next: number } {
  let index = start;
  if (index >= chunk.length || chunk[index] === DASH || chunk[index] === CLOSE) throw new BadPattern();
  if (chunk[index] === BACKSLASH) {
    index++;
    if (index >= chunk.length) throw new BadPattern();
  }
  const char = chunk[index] as number;
  index++;
  if (index >= chunk.length) throw new BadPattern();
  return { char, next: index };
}
