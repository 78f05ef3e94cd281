/**
 * Heredoc discovery on an instruction line, with BuildKit's rules.
 *
 * BuildKit does not look for `<<` with a dedicated grammar. It lexes the whole logical line (keyword included)
 * into shell words, keeping quotes and escapes and leaving unset variables as written, and then tests each word
 * against the heredoc shape `[fd]<<[-][blanks]name`. So a quoted `"<<EOF"` is not a heredoc, `<<  EOF` is one,
 * and an apostrophe anywhere on the line (which makes the lexing fail) silently turns heredocs off for that line.
 *
 * @example
 * ```ts
 * findHeredocWords('COPY <<-"EOF" 3<<X /dest');
 * // [{ name: 'EOF', expand: false, chomp: true, fileDescriptor: null, start: 5, end: 13 },
 * //  { name: 'X', expand: true, chomp: false, fileDescriptor: 3, start: 14, end: 18 }]
 * ```
 */

import { expandWords, expandWordsWithOffsets, formatProcessError } from './expand.js';

/** A heredoc word found on an instruction line. */
export interface HeredocWord {
  /** The terminator: the word after `<<`/`<<-` with quotes removed. */
  name: string;
  /** Whether the builder expands variables in the body: false when any part of the name was quoted. */
  expand: boolean;
  /** `<<-`: leading tabs are ignored on the terminator line and removed from the body. */
  chomp: boolean;
  /** The digits before `<<` (`3<<EOF`), or `null` when there are none. */
  fileDescriptor: number | null;
  /** UTF-16 offsets `[start, end)` of the whole word, e.g. `3<<-"EOF"`, in the text that was searched. */
  start: number;
  end: number;
}

const NO_VARIABLES: ReadonlyMap<string, string> = new Map();

// Go's strconv.ParseUint saturates at the largest uint64 when the digits overflow.
const MAX_FILE_DESCRIPTOR = 2 ** 64 - 1;

/**
 * Finds the heredoc words of a RUN, COPY or ADD line (keyword included, continuation lines already joined).
 * Returns `[]` when there are none and also when the line cannot be lexed, because BuildKit then silently treats
 * the line as having no heredocs.
 *
 * @example
 * ```ts
 * findHeredocWords('RUN <<EOF python3').map((h) => h.name); // ['EOF']
 * findHeredocWords("RUN cat <<EOF > it's.txt");               // [] (the apostrophe breaks lexing)
 * ```
 */
export function findHeredocWords(line: string): HeredocWord[] {
  if (!line.includes('<<')) return [];
  const lexed = expandWordsWithOffsets(line, NO_VARIABLES, {
    escapeChar: '\\',
    rawQuotes: true,
    rawEscapes: true,
    skipUnset: true,
  });
  if (!lexed.ok) return [];
  const found: HeredocWord[] = [];
  for (const word of lexed.value) {
    const parsed = parseHeredocWord(word.value);
    // BuildKit fails the whole parse when a heredoc-shaped word's name does not lex. Words taken from a line that
    // lexed cleanly always re-lex cleanly (quotes are balanced and escapes kept), so this is not expected to happen;
    // should it, treating the line as heredoc-free is the conservative answer.
    if (!parsed.ok) return [];
    if (parsed.value !== null) found.push({ ...parsed.value, start: word.start, end: word.end });
  }
  return found;
}

/**
 * Recognises one already-split word as a heredoc (BuildKit's `ParseHeredoc`). `null` means "not a heredoc";
 * an error means the name part has unbalanced quotes. `start`/`end` cover the whole word.
 *
 * @example
 * ```ts
 * parseHeredocWord('<<-"EOF"'); // { ok: true, value: { name: 'EOF', expand: false, chomp: true, … } }
 * parseHeredocWord('<<EOF sh'); // { ok: true, value: null }
 * parseHeredocWord("<<'EOF");   // { ok: false, error: 'failed to process "\'EOF": unexpected end of …' }
 * ```
 */
export function parseHeredocWord(
  word: string,
): { ok: true; value: HeredocWord | null } | { ok: false; error: string } {
  const shape = matchHeredocShape(word);
  if (shape === null) return { ok: true, value: null };
  const { digits, chomp, rest } = shape;
  if (rest === '') return { ok: true, value: null };

  // The name is lexed twice, without and with quotes kept. If quoting changed anything, some part was quoted and
  // the body must not be expanded. Escaped quotes are removed in both runs, so they do not count as quoting.
  const plain = expandWords(rest, NO_VARIABLES, { skipUnset: true });
  if (!plain.ok) return { ok: false, error: formatProcessError(rest, plain.error) };
  if (plain.value.length !== 1) return { ok: true, value: null };
  const raw = expandWords(rest, NO_VARIABLES, { skipUnset: true, rawQuotes: true });
  if (!raw.ok) return { ok: false, error: formatProcessError(rest, raw.error) };
  if (raw.value.length !== 1) {
    return { ok: false, error: `internal lexing of heredoc produced inconsistent results: ${rest}` };
  }
  const name = plain.value[0] ?? '';
  return {
    ok: true,
    value: {
      name,
      expand: countQuotes(name) === countQuotes(raw.value[0] ?? ''),
      chomp,
      fileDescriptor: digits === '' ? null : Math.min(Number(digits), MAX_FILE_DESCRIPTOR),
      start: 0,
      end: word.length,
    },
  };
}

/**
 * Whether a body line ends the heredoc `name`. The comparison is exact; trailing `\r`/`\n` are ignored (so a CRLF
 * line still terminates) and, for `<<-`, so are leading tabs (but not spaces).
 *
 * @example
 * ```ts
 * isHeredocTerminator('\tEOF', 'EOF', true);  // true
 * isHeredocTerminator('EOF ', 'EOF', false);  // false
 * ```
 */
export function isHeredocTerminator(line: string, name: string, chomp: boolean): boolean {
  return endsHeredocAt(line, 0, line.length, name, chomp);
}

/** `isHeredocTerminator` for the line `text[lineStart, lineEnd)`, read in place. */
export function endsHeredocAt(text: string, lineStart: number, lineEnd: number, name: string, chomp: boolean): boolean {
  let end = lineEnd;
  while (end > lineStart) {
    const code = text.charCodeAt(end - 1);
    if (code !== 0x0a && code !== 0x0d) break;
    end--;
  }
  let start = lineStart;
  if (chomp) {
    while (start < end && text.charCodeAt(start) === 0x09) start++;
  }
  return end - start === name.length && text.startsWith(name, start);
}

/**
 * Removes leading tabs from every line of a `<<-` heredoc body. Lines are split on `\n` only, so a `\r` (CRLF
 * file) stays where it is, as in BuildKit.
 *
 * @example
 * ```ts
 * chompHeredocContent('\thello\n\t\tworld\n'); // 'hello\nworld\n'
 * ```
 */
export function chompHeredocContent(content: string): string {
  if (!content.includes('\t')) return content;
  let out = '';
  let lineStart = 0;
  while (lineStart <= content.length) {
    const newline = content.indexOf('\n', lineStart);
    const lineEnd = newline < 0 ? content.length : newline + 1;
    let textStart = lineStart;
    while (textStart < lineEnd && content.charCodeAt(textStart) === 0x09) textStart++;
    out += content.slice(textStart, lineEnd);
    if (newline < 0) break;
    lineStart = lineEnd;
  }
  return out;
}

/**
 * BuildKit's heredoc word shape, `^(\d*)<<(-?)\s*([^<]*)$` in Go's regexp syntax, matched by hand: the blanks
 * after `<<` go to the separator (the `\s*` is greedy) and the name is everything after them, provided it holds no
 * `<`. A hand-written scan avoids the quadratic backtracking a regex engine would do on long blank runs.
 */
function matchHeredocShape(word: string): { digits: string; chomp: boolean; rest: string } | null {
  let index = 0;
  while (index < word.length && word.charCodeAt(index) >= 0x30 && word.charCodeAt(index) <= 0x39) index++;
  if (!word.startsWith('<<', index)) return null;
  const digits = word.slice(0, index);
  index += 2;
  const chomp = word.charCodeAt(index) === 0x2d;
  if (chomp) index++;
  // Go's `\s`: tab, newline, form feed, carriage return and space (no vertical tab, no Unicode spaces).
  for (;;) {
    const code = word.charCodeAt(index);
    if (code !== 0x09 && code !== 0x0a && code !== 0x0c && code !== 0x0d && code !== 0x20) break;
    index++;
  }
  const rest = word.slice(index);
  return rest.includes('<') ? null : { digits, chomp, rest };
}

function countQuotes(text: string): number {
  let count = 0;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code === 0x22 || code === 0x27) count++;
  }
  return count;
}
