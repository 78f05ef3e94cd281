/**
 * A copy of `text` that shares no storage with the string it was sliced from. V8 makes a slice of 13 or more
 * characters a view of its parent, which keeps the whole parent alive (a version of an edited document) for as
 * long as the slice lives; shorter slices are copies already.
 */
export function ownCopy(text: string): string {
  return text.length < 13 ? text : (' ' + text).slice(1);
}
