/**
 * Reading the code list of an ignore pragma, in time linear in the comment. Written as one regular expression
 * each (`\s+(list)\s*(?:--.*)?$` with a list that may hold spaces), they made a backtracking engine try every way
 * of sharing a long run of spaces between the three parts: a comment of a few thousand spaces took seconds.
 */
import { lastLineTerminator } from '../parser/line-terminators.js';

/** Where a pragma's list is in the comment it was read from. */
export interface PragmaList {
  /** `# dfkit-ignore-file`, or `# hadolint global ignore=` (the file-wide forms). */
  readonly fileWide: boolean;
  /** `stage` for `# hadolint stage ignore=` (the other forms have none). */
  readonly scope?: 'global' | 'stage';
  /** Offsets of the list in the comment: the codes as written, without the spaces around them. */
  readonly start: number;
  readonly end: number;
  readonly list: string;
}

const DFKIT_PREFIX = /^\s*#\s*dfkit-ignore(-file)?\s+/;
const HADOLINT_PREFIX = /^\s*#\s*hadolint\s+(?:(global|stage)\s+)?ignore\s*=\s*/;
const SPACE = /\s/;
const isListChar = (char: string): boolean => /[A-Za-z0-9_,-]/.test(char) || SPACE.test(char);

/**
 * `# dfkit-ignore a,b -- reason` and `# dfkit-ignore-file a b`: the codes are letters, digits, `_`, `,`, `-` and
 * spaces, and end where the rest of the comment is spaces, or spaces then `--` and a reason. A list that could
 * end at several places ends at the first (`# dfkit-ignore a -- b` ignores `a` for the reason `b`).
 */
export function dfkitIgnoreList(comment: string): PragmaList | null {
  const prefix = DFKIT_PREFIX.exec(comment);
  if (!prefix) return null;
  const start = prefix[0].length;
  // The prefix took every space; a list of nothing but spaces is no list.
  if (start >= comment.length) return null;
  // Where the spaces from each offset on end (`comment.length` at the end), filled from the back.
  const afterSpaces = new Int32Array(comment.length + 1);
  afterSpaces[comment.length] = comment.length;
  for (let at = comment.length - 1; at >= start; at--) {
    afterSpaces[at] = SPACE.test(comment[at] as string) ? (afterSpaces[at + 1] as number) : at;
  }
  // A reason runs to the end of the line: `--` followed by a line break cannot start one.
  const lastLineEnd = lastLineTerminator(comment);
  for (let end = start + 1; end <= comment.length && isListChar(comment[end - 1] as string); end++) {
    const rest = afterSpaces[end] as number;
    if (rest === comment.length || (comment.startsWith('--', rest) && lastLineEnd < rest + 2)) {
      return { fileWide: prefix[1] !== undefined, start, end, list: comment.slice(start, end) };
    }
  }
  return null;
}

/**
 * `# hadolint ignore=DL3008,DL3009 # reason`, with `global` or `stage` before `ignore`: the list is what comes
 * before the first `#`, without the spaces around it.
 */
export function hadolintIgnoreList(comment: string): PragmaList | null {
  const prefix = HADOLINT_PREFIX.exec(comment);
  if (!prefix) return null;
  const start = prefix[0].length;
  const hash = comment.indexOf('#', start);
  // A reason runs to the end of the line: one with a line break in it makes no pragma.
  if (hash >= 0 && lastLineTerminator(comment) > hash) return null;
  const list = comment.slice(start, hash < 0 ? comment.length : hash).trimEnd();
  const scope = prefix[1] as 'global' | 'stage' | undefined;
  return { fileWide: scope === 'global', ...(scope ? { scope } : {}), start, end: start + list.length, list };
}
