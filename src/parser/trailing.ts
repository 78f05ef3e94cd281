/**
 * `text` without the characters of `characters` that end it. A loop, not a pattern such as `/\r+$/`: a pattern
 * is tried from every character of a run that does not end the text, which took seconds on a line of 40,000.
 */
export function withoutTrailing(text: string, characters: string): string {
  let end = text.length;
  while (end > 0 && characters.includes(text[end - 1] as string)) end--;
  return end === text.length ? text : text.slice(0, end);
}
