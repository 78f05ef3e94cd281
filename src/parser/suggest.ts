/**
 * "Did you mean …?" hints, and the problem shape shared by the string-level helpers of the parser
 * (image references, RUN options, durations, ports).
 *
 * BuildKit appends a hint to several errors (unknown instruction, unknown flag, unknown mount key or type) when a
 * known word lies within edit distance 2 of what was written. The rules below reproduce its choice so that our
 * messages name the same word.
 */

/**
 * A problem found in a piece of text. `start` and `end` are UTF-16 offsets into the string that was passed to the
 * helper, present when the problem can be pinned to a part of it; without them the whole input is at fault.
 */
export interface Problem {
  readonly message: string;
  readonly start?: number;
  readonly end?: number;
}

/** Edit distance (insertions, deletions and substitutions all cost 1) counted in code points, not UTF-16 units. */
export function levenshtein(a: string, b: string): number {
  const left = Array.from(a);
  const right = Array.from(b);
  if (left.length === 0) return right.length;
  if (right.length === 0) return left.length;
  let previous = Array.from({ length: right.length + 1 }, (_, index) => index);
  let current = new Array<number>(right.length + 1).fill(0);
  for (let i = 1; i <= left.length; i++) {
    current[0] = i;
    for (let j = 1; j <= right.length; j++) {
      const substitution = (previous[j - 1] as number) + (left[i - 1] === right[j - 1] ? 0 : 1);
      const deletion = (previous[j] as number) + 1;
      const insertion = (current[j - 1] as number) + 1;
      current[j] = Math.min(substitution, deletion, insertion);
    }
    [previous, current] = [current, previous];
  }
  return previous[right.length] as number;
}

/** The number of code points in `text` (a surrogate pair counts once). */
function codePointLength(text: string): number {
  let length = text.length;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit >= 0xdc00 && unit <= 0xdfff && i > 0) {
      const before = text.charCodeAt(i - 1);
      if (before >= 0xd800 && before <= 0xdbff) length--;
    }
  }
  return length;
}

/**
 * The candidate closest to `word`, or `null` when none is within `maxDistance` edits.
 *
 * Matches BuildKit's choice exactly:
 * - if `word` equals a candidate there is no suggestion at all (the problem is not a typo);
 * - ties go to the candidate listed first;
 * - when matching case-insensitively, the suggestion is lower-cased, then upper-cased instead if `word` was
 *   written all in upper case.
 *
 * @example
 * suggest('cahce', ['bind', 'cache', 'tmpfs']); // 'cache'
 * suggest('RUM', ['ADD', 'RUN'], 2, false); // 'RUN'
 */
export function suggest(
  word: string,
  candidates: readonly string[],
  maxDistance = 2,
  caseSensitive = true,
): string | null {
  const needle = caseSensitive ? word : word.toLowerCase();
  const needleLength = codePointLength(needle);
  let best: string | null = null;
  let bestDistance = maxDistance + 1;
  for (const candidate of candidates) {
    const option = caseSensitive ? candidate : candidate.toLowerCase();
    if (option === needle) return null;
    // Different strings are at least one edit apart: once one is found at distance 1, only an equal candidate
    // (no suggestion at all) can still change the answer.
    if (bestDistance === 1) continue;
    // The distance is at least the difference in length: a candidate that much longer or shorter cannot win
    // (a long unknown word is compared with every instruction name on every parse).
    if (Math.abs(codePointLength(option) - needleLength) >= bestDistance) continue;
    const distance = levenshtein(needle, option);
    if (distance < bestDistance) {
      best = option;
      bestDistance = distance;
    }
  }
  if (best === null || caseSensitive) return best;
  if (word === word.toLowerCase()) return best;
  if (word === word.toUpperCase()) return best.toUpperCase();
  return best;
}

/** `message` followed by BuildKit's ` (did you mean X?)` when {@link suggest} finds a candidate. */
export function withSuggestion(
  message: string,
  word: string,
  candidates: readonly string[],
  caseSensitive = true,
): string {
  const hint = suggest(word, candidates, 2, caseSensitive);
  return hint === null ? message : `${message} (did you mean ${hint}?)`;
}
