/**
 * One directive line, `#name=value` with blanks allowed around each part, read as the pattern
 * `^#[ \t]*(name)[ \t]*=[ \t]*(.+?)[ \t]*$` reads it, in linear time. That pattern took quadratic time on a run
 * of blanks inside the value (`.+?` grew by one character, then `[ \t]*` read the rest of the run), half a
 * second for a first line of 40,000 spaces.
 */
import { withoutTrailing } from './trailing.js';
import { LINE_TERMINATOR } from './line-terminators.js';

export interface DirectiveLine {
  readonly name: string;
  /** Where the name starts in the line. */
  readonly nameStart: number;
  readonly value: string;
  /** Where the value starts in the line. */
  readonly valueStart: number;
}

/**
 * Reads `line` with `head`, an anchored pattern for everything up to the value that ends in `=[ \t]*` and
 * captures the name. Null when the line is no directive.
 */
export function readDirectiveLine(line: string, head: RegExp): DirectiveLine | null {
  const match = head.exec(line);
  if (!match) return null;
  const name = match[1] as string;
  const headEnd = match[0].length;
  let valueStart = headEnd;
  let value = withoutTrailing(line.slice(headEnd), ' \t');
  if (value === '') {
    // Nothing but blanks after `=`: the value is the last of them (the pattern gives one back to `.+?`).
    const last = line[headEnd - 1];
    if (last !== ' ' && last !== '\t') return null;
    valueStart = headEnd - 1;
    value = last;
  }
  if (LINE_TERMINATOR.test(value)) return null;
  // Only blanks, `#` or `//` come before the name, which starts with a letter.
  return { name, nameStart: line.indexOf(name), value, valueStart };
}
