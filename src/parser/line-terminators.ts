/**
 * The characters that end a line for a regular expression: `.` matches none of them, and `^` and `$` with the
 * `m` flag match next to each. The scans that stand in for such expressions (they were quadratic on long runs)
 * test with these.
 */
export const LINE_TERMINATOR = /[\n\r\u2028\u2029]/;

/** Where the last line terminator of `text` is, or -1. */
export function lastLineTerminator(text: string): number {
  let at = text.length - 1;
  while (at >= 0 && !LINE_TERMINATOR.test(text[at] as string)) at--;
  return at;
}
