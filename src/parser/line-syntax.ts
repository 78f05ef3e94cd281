/**
 * BuildKit's raw line grammar: how a joined instruction line splits into keyword, flags and arguments, and how
 * each argument style (exec-form JSON, white-space lists, quote-aware words, key/value pairs) is read.
 *
 * Everything here works on plain strings and returns offsets into the string it was given, so the AST builder
 * can map results back to the source. Nothing here throws.
 */

/** BuildKit splits keywords from arguments, and white-space lists into words, on these five characters only. */
export function isLineBlank(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0b || code === 0x0c || code === 0x0d;
}

/** Unicode white space as Go's `unicode.IsSpace` defines it. */
export function isUnicodeSpace(code: number): boolean {
  if (code <= 0x20) return code === 0x20 || (code >= 0x09 && code <= 0x0d);
  if (code < 0x85) return false;
  return (
    code === 0x85 ||
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000
  );
}

/** A span of text with its value; offsets are relative to the string that was parsed. */
export interface Span {
  readonly value: string;
  readonly start: number;
  readonly end: number;
}

/** The keyword and the argument text of a logical line. */
export interface SplitLine {
  readonly keyword: Span;
  /** Offset where the text after the keyword starts (after the separating blanks), or the line's end. */
  readonly restStart: number;
  /** End of the meaningful text (trailing white space excluded). */
  readonly end: number;
}

/** Splits a logical line into its keyword and the rest, as BuildKit does (trim, then split on the first blank run). */
export function splitKeyword(line: string, from = 0, to = line.length): SplitLine {
  let start = from;
  let end = to;
  while (start < end && isUnicodeSpace(line.charCodeAt(start))) start++;
  while (end > start && isUnicodeSpace(line.charCodeAt(end - 1))) end--;
  let keywordEnd = start;
  while (keywordEnd < end && !isLineBlank(line.charCodeAt(keywordEnd))) keywordEnd++;
  let restStart = keywordEnd;
  while (restStart < end && isLineBlank(line.charCodeAt(restStart))) restStart++;
  return { keyword: { value: line.slice(start, keywordEnd), start, end: keywordEnd }, restStart, end };
}

/** A flag word as BuildKit's flag extractor reads it. */
export interface RawFlag {
  /** The flag with quotes and escape characters removed, e.g. `--from=build`. */
  readonly text: string;
  readonly start: number;
  readonly end: number;
  /** Offset of the `=` that separates name and value, or -1. */
  readonly equals: number;
}

export interface FlagScan {
  readonly flags: RawFlag[];
  /** Offset where the arguments start (leading blanks skipped); equals `end` when there are none. */
  readonly argsStart: number;
}

/**
 * Reads the leading `--flag` words of an instruction's argument text, for every instruction alike. Quotes
 * group and are removed, the escape character makes the next character literal, a bare `--` ends the flags,
 * and the first word not starting with `--` is where the arguments begin.
 *
 * BuildKit scans bytes and so mangles non-ASCII characters in flag values; this reads characters instead.
 */
export function scanFlags(line: string, start: number, end: number, escapeChar: string): FlagScan {
  const flags: RawFlag[] = [];
  const escape = escapeChar.charCodeAt(0);
  let pos = start;
  for (;;) {
    while (pos < end && isUnicodeSpace(line.charCodeAt(pos))) pos++;
    if (pos >= end - 1 || line.charCodeAt(pos) !== 0x2d || line.charCodeAt(pos + 1) !== 0x2d) {
      return { flags, argsStart: pos };
    }
    const wordStart = pos;
    const plain = scanPlainFlag(line, pos, end, escape);
    if (plain !== -1) {
      // No quotes or escapes: the flag is its own text.
      const text = line.slice(pos, plain);
      const eq = text.indexOf('=');
      pos = plain;
      if (text === '--') {
        while (pos < end && isUnicodeSpace(line.charCodeAt(pos))) pos++;
        return { flags, argsStart: pos };
      }
      flags.push({ text, start: wordStart, end: pos, equals: eq === -1 ? -1 : wordStart + eq });
      continue;
    }
    let text = '';
    let equals = -1;
    let quote = 0;
    let quoted = false;
    while (pos < end) {
      let code = line.charCodeAt(pos);
      if (quote === 0) {
        if (isUnicodeSpace(code)) break;
        if (code === 0x27 || code === 0x22) {
          quote = code;
          quoted = true;
          pos++;
          continue;
        }
      } else if (code === quote) {
        quote = 0;
        pos++;
        continue;
      }
      if (code === escape) {
        if (pos + 1 >= end) {
          pos++;
          if (quote !== 0) quote = 0;
          continue;
        }
        pos++;
        code = line.charCodeAt(pos);
      }
      if (code === 0x3d && equals < 0) equals = pos;
      text += line[pos];
      pos++;
    }
    if (text === '--') {
      while (pos < end && isUnicodeSpace(line.charCodeAt(pos))) pos++;
      return { flags, argsStart: pos };
    }
    if (text.length > 0 || quoted) flags.push({ text, start: wordStart, end: pos, equals });
  }
}

/** End of a flag word that has no quote or escape character, or -1 when it has one. */
function scanPlainFlag(line: string, start: number, end: number, escape: number): number {
  let pos = start;
  while (pos < end) {
    const code = line.charCodeAt(pos);
    if (isUnicodeSpace(code)) break;
    if (code === 0x27 || code === 0x22 || code === escape) return -1;
    pos++;
  }
  return pos;
}

/** Result of reading argument text as an exec-form JSON array. */
export type JsonArrayResult =
  | { readonly kind: 'strings'; readonly elements: Span[]; readonly end: number }
  | { readonly kind: 'not-strings' }
  | { readonly kind: 'invalid' };

function isJsonSpace(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d;
}

/**
 * Reads `line[start, end)` as a JSON array of strings, the way BuildKit decides exec form: the whole text must
 * be one strict JSON value; an array holding anything but strings is a hard error (`not-strings`); any other
 * invalid JSON means "not exec form".
 */
export function parseJsonArray(line: string, start: number, end: number): JsonArrayResult {
  let pos = start;
  while (pos < end && isUnicodeSpace(line.charCodeAt(pos))) pos++;
  if (line.charCodeAt(pos) !== 0x5b) return { kind: 'invalid' };
  pos++;
  const elements: Span[] = [];
  const skipSpace = (): void => {
    while (pos < end && isJsonSpace(line.charCodeAt(pos))) pos++;
  };
  skipSpace();
  if (line.charCodeAt(pos) === 0x5d && pos < end) {
    pos++;
  } else {
    for (;;) {
      skipSpace();
      if (pos >= end) return { kind: 'invalid' };
      if (line.charCodeAt(pos) !== 0x22) return classifyNonString(line, start, end);
      const stringStart = pos;
      pos++;
      while (pos < end) {
        const code = line.charCodeAt(pos);
        if (code === 0x22) break;
        pos += code === 0x5c ? 2 : 1;
      }
      if (pos >= end) return { kind: 'invalid' };
      pos++;
      const value = decodeJsonString(line, stringStart, pos);
      if (value === null) return { kind: 'invalid' };
      elements.push({ value, start: stringStart, end: pos });
      skipSpace();
      const code = line.charCodeAt(pos);
      if (pos < end && code === 0x2c) {
        pos++;
        continue;
      }
      if (pos < end && code === 0x5d) {
        pos++;
        break;
      }
      return { kind: 'invalid' };
    }
  }
  const arrayEnd = pos;
  skipSpace();
  if (pos !== end) return { kind: 'invalid' };
  return { kind: 'strings', elements, end: arrayEnd };
}

/** Decodes the JSON string literal `line[start, end)`, or `null` when JSON does not allow it. */
function decodeJsonString(line: string, start: number, end: number): string | null {
  let plain = true;
  for (let i = start + 1; i < end - 1; i++) {
    const code = line.charCodeAt(i);
    if (code === 0x5c || code < 0x20) {
      plain = false;
      break;
    }
  }
  if (plain) return line.slice(start + 1, end - 1);
  try {
    return JSON.parse(line.slice(start, end)) as string;
  } catch {
    return null;
  }
}

function classifyNonString(line: string, start: number, end: number): JsonArrayResult {
  try {
    const value: unknown = JSON.parse(line.slice(start, end));
    return Array.isArray(value) ? { kind: 'not-strings' } : { kind: 'invalid' };
  } catch {
    return { kind: 'invalid' };
  }
}

/** Splits on runs of BuildKit's five blank characters; quotes are not special. */
export function splitBlankDelimited(line: string, start: number, end: number): Span[] {
  const words: Span[] = [];
  let pos = start;
  while (pos < end) {
    while (pos < end && isLineBlank(line.charCodeAt(pos))) pos++;
    if (pos >= end) break;
    const wordStart = pos;
    while (pos < end && !isLineBlank(line.charCodeAt(pos))) pos++;
    words.push({ value: line.slice(wordStart, pos), start: wordStart, end: pos });
  }
  return words;
}

/**
 * Splits quote-aware words as BuildKit does for ENV, LABEL and ARG: white space inside quotes does not split,
 * the escape character binds the next character (except inside single quotes), and quotes and escape
 * characters stay in the word for expansion to remove later.
 */
export function splitQuoteAware(line: string, start: number, end: number, escapeChar: string): Span[] {
  const words: Span[] = [];
  const escape = escapeChar.charCodeAt(0);
  let pos = start;
  while (pos < end) {
    while (pos < end && isUnicodeSpace(line.charCodeAt(pos))) pos++;
    if (pos >= end) break;
    const wordStart = pos;
    let quote = 0;
    let droppedTrailingEscape = false;
    while (pos < end) {
      const code = line.charCodeAt(pos);
      if (quote === 0) {
        if (isUnicodeSpace(code)) break;
        if (code === 0x27 || code === 0x22) quote = code;
        else if (code === escape) {
          if (pos + 1 >= end) {
            droppedTrailingEscape = true;
            pos++;
            break;
          }
          pos++;
        }
      } else if (code === quote) {
        quote = 0;
      } else if (code === escape && quote !== 0x27) {
        if (pos + 1 >= end) {
          droppedTrailingEscape = true;
          pos++;
          break;
        }
        pos++;
      }
      pos++;
    }
    const wordEnd = droppedTrailingEscape ? pos - 1 : pos;
    if (wordEnd > wordStart || droppedTrailingEscape) {
      const value = line.slice(wordStart, wordEnd);
      if (value.length > 0 || line.charCodeAt(wordStart) === 0x22 || line.charCodeAt(wordStart) === 0x27) {
        words.push({ value, start: wordStart, end: wordEnd });
      }
    }
  }
  return words;
}
