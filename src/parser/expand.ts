/**
 * Shell-word lexing and variable expansion with BuildKit's semantics.
 *
 * BuildKit expands `$name` and `${name…}` in ENV, LABEL, WORKDIR, COPY paths and most other instructions with a
 * small shell-like lexer of its own. It is not a POSIX shell: only a handful of `${}` operators exist, glob patterns
 * have no bracket expressions, and several corner cases (unset variables in "skip" mode, lost word prefixes in
 * word-splitting mode) behave in ways a real shell would not. This module reproduces that lexer faithfully so the
 * linter and planner see exactly what the builder would produce.
 *
 * Everything here is pure: no I/O, no exceptions for bad input. Failures are returned as values carrying BuildKit's
 * own message text.
 *
 * @example
 * ```ts
 * expandWord('${GREETING:-hello} "$NAME"', { NAME: 'world' });
 * // → { ok: true, value: 'hello world', matched: Set{'NAME'}, unmatched: Set{'GREETING'} }
 * expandWords('a "b c" $LIST', { LIST: 'd e' });
 * // → { ok: true, value: ['a', 'b c', 'd', 'e'], … }
 * ```
 */

import { goQuote } from './go-quote.js';

/** The escape character of a Dockerfile: `\` by default, or backtick via the `escape` directive. */
export type EscapeChar = '\\' | '`';

/** Switches that select one of the lexer's modes. All default to `false` (and `escapeChar` to `\`). */
export interface ExpandOptions {
  /** Escape character; BuildKit uses the Dockerfile's `escape` directive for instruction arguments. */
  readonly escapeChar?: EscapeChar;
  /**
   * Leave references to unset variables as written (`$X`, `${X}`, `${X:-word}` with `word` already processed)
   * instead of expanding them to the empty string. BuildKit uses this for heredoc detection and build history.
   */
  readonly skipUnset?: boolean;
  /** Keep quote characters in the output instead of removing them. */
  readonly rawQuotes?: boolean;
  /** Keep escape characters in the output instead of removing them. */
  readonly rawEscapes?: boolean;
  /** Treat `'` and `"` as ordinary characters; BuildKit expands heredoc bodies of COPY/ADD this way. */
  readonly skipQuotes?: boolean;
  /** Compare variable names case-insensitively (upper-cased), as BuildKit does on Windows. */
  readonly caseInsensitiveEnv?: boolean;
}

/**
 * Variables visible to an expansion. With a plain object only its own properties count. When
 * `caseInsensitiveEnv` is on and several names differ only in case, the last one in iteration order wins.
 */
export type Env = ReadonlyMap<string, string> | Readonly<Record<string, string>>;

/**
 * Outcome of an expansion. `matched` and `unmatched` hold every variable name that was looked up and was found or
 * not found; the linter's undefined-variable check reads `unmatched`.
 *
 * `error` is the bare lexer message, e.g. `syntax error: missing '}'`. BuildKit reports it wrapped as
 * `failed to process "<input>": <error>`; {@link formatProcessError} builds that text.
 */
export type ExpandResult<T> =
  | { readonly ok: true; readonly value: T; readonly matched: Set<string>; readonly unmatched: Set<string> }
  | { readonly ok: false; readonly error: string };

/** A word produced by word splitting, with the UTF-16 offsets `[start, end)` of the input text it came from. */
export interface ExpandedWord {
  readonly value: string;
  readonly start: number;
  readonly end: number;
}

/**
 * Expands `text` as a single word (BuildKit's `ProcessWord`): quotes removed, escapes processed, variables
 * substituted, white space kept.
 *
 * @example
 * ```ts
 * expandWord('${VERSION:-1.0}-$ARCH', { ARCH: 'arm64' }); // value '1.0-arm64'
 * expandWord('${X?must be set}', {});                     // error 'X: must be set'
 * ```
 */
export function expandWord(text: string, env: Env, options?: ExpandOptions): ExpandResult<string> {
  if (isLiteral(text, options?.escapeChar)) {
    return { ok: true, value: text, matched: new Set(), unmatched: new Set() };
  }
  const lexer = new ShellLexer(text, env, options, false);
  try {
    const value = lexer.run();
    return { ok: true, value, matched: lexer.matched, unmatched: lexer.unmatched };
  } catch (error) {
    return failureOf(error);
  }
}

/**
 * Expands `text` and splits it into words (BuildKit's `ProcessWords`, used for EXPOSE and heredoc detection).
 * Unquoted expansion results are split on white space, quoted text stays whole, and empty quoted words are dropped.
 *
 * @example
 * ```ts
 * expandWords('80 "$PORTS"', { PORTS: '443 8080' }); // value ['80', '443 8080']
 * ```
 */
export function expandWords(text: string, env: Env, options?: ExpandOptions): ExpandResult<string[]> {
  const result = expandWordsWithOffsets(text, env, options);
  if (!result.ok) return result;
  const value = result.value.map((word) => word.value);
  return { ok: true, value, matched: result.matched, unmatched: result.unmatched };
}

/**
 * Like {@link expandWords}, but every word also carries the span of `text` it was lexed from. When a word comes
 * from an expansion whose result differs from its source text, its span is widened to the whole `$…` reference.
 *
 * @example
 * ```ts
 * expandWordsWithOffsets('RUN <<EOF', new Map(), { rawQuotes: true });
 * // value [{ value: 'RUN', start: 0, end: 3 }, { value: '<<EOF', start: 4, end: 9 }]
 * ```
 */
export function expandWordsWithOffsets(
  text: string,
  env: Env,
  options?: ExpandOptions,
): ExpandResult<ExpandedWord[]> {
  const escape = options?.escapeChar ?? '\\';
  if (
    !(escape === '\\' ? SPECIAL_BACKSLASH_OR_LT : SPECIAL_BACKTICK_OR_LT).test(text) &&
    text.charCodeAt(0) !== BOM
  ) {
    return { ok: true, value: splitOnSpace(text), matched: new Set(), unmatched: new Set() };
  }
  const lexer = new ShellLexer(text, env, options, true);
  try {
    lexer.run();
    return { ok: true, value: lexer.words ?? [], matched: lexer.matched, unmatched: lexer.unmatched };
  } catch (error) {
    return failureOf(error);
  }
}

/**
 * Builds an environment from `KEY=VALUE` entries the way BuildKit does: the key ends at the first `=`, an entry
 * without `=` defines the key with an empty value, and a later duplicate replaces an earlier one.
 *
 * @example
 * ```ts
 * envFromList(['A=1', 'B', 'A=2']); // Map { 'B' => '', 'A' => '2' }
 * ```
 */
export function envFromList(entries: readonly string[]): Map<string, string> {
  const env = new Map<string, string>();
  for (const entry of entries) {
    const equals = entry.indexOf('=');
    const key = equals < 0 ? entry : entry.slice(0, equals);
    // Re-inserting moves the key to the end, so iteration order reflects the last definition; case-insensitive
    // lookups rely on that to let the last of several differently-cased names win.
    env.delete(key);
    env.set(key, equals < 0 ? '' : entry.slice(equals + 1));
  }
  return env;
}

/**
 * The full error text BuildKit reports for a failed expansion: `failed to process "<input>": <message>`, with the
 * input quoted the way Go's `%q` does.
 *
 * @example
 * ```ts
 * formatProcessError('${x', "syntax error: missing '}'"); // `failed to process "${x": syntax error: missing '}'`
 * ```
 */
export function formatProcessError(input: string, message: string): string {
  return `failed to process ${goQuote(input)}: ${message}`;
}

// ---------------------------------------------------------------------------------------------------------------
// The lexer

const EOF = -1;
const BOM = 0xfeff;
const TAB = 0x09;
const NEWLINE = 0x0a;
const CR = 0x0d;
const SPACE = 0x20;
const DQUOTE = 0x22;
const HASH = 0x23;
const DOLLAR = 0x24;
const PERCENT = 0x25;
const SQUOTE = 0x27;
const STAR_CHAR = 0x2a;
const PLUS = 0x2b;
const MINUS = 0x2d;
const SLASH = 0x2f;
const COLON = 0x3a;
const LT = 0x3c;
const QMARK = 0x3f;
const BACKSLASH = 0x5c;
const UNDERSCORE = 0x5f;
const LBRACE = 0x7b;
const RBRACE = 0x7d;

/**
 * Whether `text` expands to itself with no variable looked up: no `$`, quote or escape character in it, and no
 * byte order mark at its start.
 */
export function isLiteral(text: string, escapeChar: EscapeChar = '\\'): boolean {
  return !(escapeChar === '\\' ? SPECIAL_BACKSLASH : SPECIAL_BACKTICK).test(text) && text.charCodeAt(0) !== BOM;
}

/**
 * Whether expanding `text` against no variables would change it (or fail): how BuildKit tells that a value it
 * never expands, such as `COPY --from`, holds a variable, quote or escape.
 */
export function changedByExpansion(text: string, escapeChar: EscapeChar = '\\'): boolean {
  if (isLiteral(text, escapeChar)) return false;
  const expanded = expandWord(text, NO_VARIABLES, { escapeChar });
  return !expanded.ok || expanded.value !== text;
}

const NO_VARIABLES: ReadonlyMap<string, string> = new Map();
const SPECIAL_BACKSLASH = /[$'"\\]/;
const SPECIAL_BACKTICK = /[$'"`]/;
const SPECIAL_BACKSLASH_OR_LT = /[$'"\\<]/;
const SPECIAL_BACKTICK_OR_LT = /[$'"`<]/;
const UNICODE_LETTER = /\p{L}/u;
const UNICODE_DIGIT = /\p{Nd}/u;

/**
 * Nesting limit for `${…${…}…}`. Go grows its stack on demand; JavaScript does not, so absurdly deep nesting is
 * reported as an error instead of overflowing the stack.
 */
const MAX_NESTING = 1000;

/** A lexing failure travelling up the recursive descent; it never leaves this module. */
class LexFailure {
  constructor(readonly message: string) {}
}

function failureOf(error: unknown): { ok: false; error: string } {
  if (error instanceof LexFailure) return { ok: false, error: error.message };
  throw error;
}

/** The text Go prints for a rune read by its scanner; end of input reads as U+FFFD. */
function runeText(codePoint: number): string {
  return codePoint === EOF ? '\uFFFD' : String.fromCodePoint(codePoint);
}

/** Go's `unicode.IsSpace`. */
function isGoSpace(cp: number): boolean {
  if (cp <= 0xff) return cp === SPACE || (cp >= TAB && cp <= CR) || cp === 0x85 || cp === 0xa0;
  return (
    cp === 0x1680 ||
    (cp >= 0x2000 && cp <= 0x200a) ||
    cp === 0x2028 ||
    cp === 0x2029 ||
    cp === 0x202f ||
    cp === 0x205f ||
    cp === 0x3000
  );
}

/** Go's `unicode.IsDigit` (any decimal digit, not only ASCII). */
function isDigit(cp: number): boolean {
  if (cp < 0x80) return cp >= 0x30 && cp <= 0x39;
  return UNICODE_DIGIT.test(String.fromCodePoint(cp));
}

/** Go's `unicode.IsLetter`. */
function isLetter(cp: number): boolean {
  if (cp < 0x80) {
    const lower = cp | 0x20;
    return lower >= 0x61 && lower <= 0x7a;
  }
  return UNICODE_LETTER.test(String.fromCodePoint(cp));
}

/** POSIX special parameters; BuildKit accepts them as one-character names that are never set. */
function isSpecialParameter(cp: number): boolean {
  return (
    cp === 0x40 /* @ */ ||
    cp === STAR_CHAR ||
    cp === HASH ||
    cp === QMARK ||
    cp === MINUS ||
    cp === DOLLAR ||
    cp === 0x21 /* ! */ ||
    cp === 0x30 /* 0 */
  );
}

/** Word splitting of text that holds nothing the lexer would treat specially. */
function splitOnSpace(text: string): ExpandedWord[] {
  const words: ExpandedWord[] = [];
  let start = -1;
  let index = 0;
  while (index < text.length) {
    const cp = text.codePointAt(index) ?? 0;
    const width = cp > 0xffff ? 2 : 1;
    if (isGoSpace(cp)) {
      if (start >= 0) {
        words.push({ value: text.slice(start, index), start, end: index });
        start = -1;
      }
    } else if (start < 0) {
      start = index;
    }
    index += width;
  }
  if (start >= 0) words.push({ value: text.slice(start), start, end: text.length });
  return words;
}

/** Go's `strings.ToUpper`, rune by rune: a character whose upper case is more than one character stays as is. */
function goToUpper(text: string): string {
  if (/^[\x00-\x7f]*$/.test(text)) return text.toUpperCase();
  let out = '';
  for (const ch of text) {
    const upper = ch.toUpperCase();
    out += [...upper].length === 1 ? upper : ch;
  }
  return out;
}

type Lookup = (name: string) => string | undefined;

function isMapEnv(env: Env): env is ReadonlyMap<string, string> {
  const candidate = env as { get?: unknown; has?: unknown };
  return typeof candidate.get === 'function' && typeof candidate.has === 'function';
}

function entriesOf(env: Env): Iterable<readonly [string, string]> {
  return isMapEnv(env) ? env.entries() : Object.entries(env);
}

function makeLookup(env: Env, caseInsensitive: boolean): Lookup {
  if (caseInsensitive) {
    let normalized: Map<string, string> | undefined;
    return (name) => {
      if (normalized === undefined) {
        normalized = new Map();
        for (const [key, value] of entriesOf(env)) normalized.set(goToUpper(key), value);
      }
      return normalized.get(goToUpper(name));
    };
  }
  if (isMapEnv(env)) return (name) => env.get(name);
  return (name) => (Object.prototype.hasOwnProperty.call(env, name) ? env[name] : undefined);
}

/**
 * One expansion run over one input. The structure mirrors BuildKit's recursive descent (a loop that stops on a given
 * character, with helpers for `$`, quotes and `<<`) because its error messages and corner cases depend on exactly
 * where the scanner stands when something goes wrong.
 */
class ShellLexer {
  readonly matched = new Set<string>();
  readonly unmatched = new Set<string>();
  /** Completed words; `null` in single-word mode, where nobody reads them. */
  readonly words: ExpandedWord[] | null;

  private readonly src: string;
  private readonly lookup: Lookup;
  private readonly escape: number;
  private readonly escapeText: string;
  private readonly skipUnset: boolean;
  private readonly rawQuotes: boolean;
  private readonly skipQuotes: boolean;
  private rawEscapes: boolean;
  private pos: number;
  private depth = 0;

  // The word being built. BuildKit keeps this buffer on the lexer and clears it whenever a nested `${…}` word is
  // lexed, so text gathered before such an expansion is lost from the current word (`ab${X:-c}` splits to `c`).
  // The same sharing is reproduced here.
  private wordText = '';
  private wordStart = -1;
  private wordEnd = -1;

  constructor(src: string, env: Env, options: ExpandOptions | undefined, splitWords: boolean) {
    this.src = src;
    this.lookup = makeLookup(env, options?.caseInsensitiveEnv ?? false);
    this.escapeText = options?.escapeChar ?? '\\';
    this.escape = this.escapeText.charCodeAt(0);
    this.skipUnset = options?.skipUnset ?? false;
    this.rawQuotes = options?.rawQuotes ?? false;
    this.rawEscapes = options?.rawEscapes ?? false;
    this.skipQuotes = options?.skipQuotes ?? false;
    this.words = splitWords ? [] : null;
    // Go's text scanner drops a byte-order mark at the very start of its input.
    this.pos = src.charCodeAt(0) === BOM ? 1 : 0;
  }

  run(): string {
    return this.processUntil(EOF, this.rawEscapes);
  }

  // --- scanning ------------------------------------------------------------------------------------------------

  private peek(): number {
    if (this.pos >= this.src.length) return EOF;
    return this.src.codePointAt(this.pos) ?? EOF;
  }

  private next(): number {
    if (this.pos >= this.src.length) return EOF;
    const cp = this.src.codePointAt(this.pos) ?? EOF;
    this.pos += cp > 0xffff ? 2 : 1;
    return cp;
  }

  // --- word building (word-splitting mode only) ----------------------------------------------------------------

  private flushWord(): void {
    if (this.wordText.length > 0) {
      this.words?.push({ value: this.wordText, start: this.wordStart, end: this.wordEnd });
    }
    this.wordText = '';
    this.wordStart = -1;
  }

  /** Text that joins the current word whatever it contains (quoted text, escaped characters, `<<`). */
  private addRaw(text: string, start: number, end: number): void {
    if (text.length === 0) return;
    if (this.wordText.length === 0) this.wordStart = start;
    this.wordText += text;
    this.wordEnd = end;
  }

  /** An unquoted character: white space ends the current word. */
  private addChar(cp: number, text: string, start: number, end: number): void {
    if (isGoSpace(cp)) this.flushWord();
    else this.addRaw(text, start, end);
  }

  /** An expansion result from source span `[start, end)`, split on white space. */
  private addExpansion(text: string, start: number, end: number): void {
    const verbatim = end - start === text.length && this.src.startsWith(text, start);
    let index = 0;
    while (index < text.length) {
      const cp = text.codePointAt(index) ?? 0;
      const width = cp > 0xffff ? 2 : 1;
      if (verbatim) this.addChar(cp, text.slice(index, index + width), start + index, start + index + width);
      else this.addChar(cp, text.slice(index, index + width), start, end);
      index += width;
    }
  }

  // --- the grammar ---------------------------------------------------------------------------------------------

  /** Lexes up to `stop` (consumed) or end of input, with the given escape handling. */
  private processUntil(stop: number, rawEscapes: boolean): string {
    if (this.depth >= MAX_NESTING) throw new LexFailure('variable references nested too deeply');
    this.depth++;
    const savedRawEscapes = this.rawEscapes;
    this.rawEscapes = rawEscapes;
    const trackWords = this.words !== null && this.depth === 1;
    this.wordText = '';
    this.wordStart = -1;
    const src = this.src;
    const length = src.length;
    let result = '';
    try {
      for (;;) {
        const cp = this.peek();
        if (cp === EOF) break;
        if (cp === stop) {
          this.pos++;
          if (trackWords) this.flushWord();
          return result;
        }
        const start = this.pos;
        if (cp === DOLLAR) {
          const text = this.processDollar();
          result += text;
          if (trackWords) this.addExpansion(text, start, this.pos);
          continue;
        }
        if (cp === LT || (!this.skipQuotes && (cp === SQUOTE || cp === DQUOTE))) {
          const text =
            cp === LT
              ? this.processPossibleHeredoc()
              : cp === SQUOTE
                ? this.processSingleQuote()
                : this.processDoubleQuote();
          result += text;
          if (trackWords) this.addRaw(text, start, this.pos);
          continue;
        }
        const ch = this.next();
        if (ch === this.escape) {
          if (this.rawEscapes) {
            result += this.escapeText;
            if (trackWords) this.addRaw(this.escapeText, start, this.pos);
          }
          const escapedStart = this.pos;
          if (this.next() === EOF) break;
          const text = src.slice(escapedStart, this.pos);
          result += text;
          if (trackWords) this.addRaw(text, this.rawEscapes ? escapedStart : start, this.pos);
          continue;
        }
        if (trackWords) {
          this.addChar(ch, src.slice(start, this.pos), start, this.pos);
          result += src.slice(start, this.pos);
          continue;
        }
        // Copy a run of ordinary characters at once; every character that needs attention is ASCII.
        let end = this.pos;
        while (end < length) {
          const code = src.charCodeAt(end);
          if (
            code === DOLLAR ||
            code === LT ||
            code === SQUOTE ||
            code === DQUOTE ||
            code === this.escape ||
            code === stop
          ) {
            break;
          }
          end++;
        }
        result += src.slice(start, end);
        this.pos = end;
      }
      if (stop !== EOF) {
        throw new LexFailure(`unexpected end of statement while looking for matching ${String.fromCharCode(stop)}`);
      }
      if (trackWords) this.flushWord();
      return result;
    } finally {
      this.rawEscapes = savedRawEscapes;
      this.depth--;
    }
  }

  private processSingleQuote(): string {
    this.pos++;
    const close = this.src.indexOf("'", this.pos);
    if (close < 0) {
      this.pos = this.src.length;
      throw new LexFailure('unexpected end of statement while looking for matching single-quote');
    }
    const inner = this.src.slice(this.pos, close);
    this.pos = close + 1;
    return this.rawQuotes ? `'${inner}'` : inner;
  }

  private processDoubleQuote(): string {
    const src = this.src;
    this.pos++;
    let result = this.rawQuotes ? '"' : '';
    for (;;) {
      const cp = this.peek();
      if (cp === EOF) throw new LexFailure('unexpected end of statement while looking for matching double-quote');
      if (cp === DQUOTE) {
        this.pos++;
        return this.rawQuotes ? result + '"' : result;
      }
      if (cp === DOLLAR) {
        result += this.processDollar();
        continue;
      }
      if (cp === this.escape) {
        this.pos++;
        if (this.rawEscapes) result += this.escapeText;
        const escaped = this.peek();
        if (escaped === EOF) continue;
        if (escaped === DQUOTE || escaped === DOLLAR || escaped === this.escape) {
          this.pos++;
          result += String.fromCharCode(escaped);
        } else {
          // Before any other character the escape stays literal. In raw-escape mode BuildKit has already written
          // it once above and writes it again here, doubling it; that is kept.
          result += this.escapeText;
        }
        continue;
      }
      let end = this.pos + 1;
      while (end < src.length) {
        const code = src.charCodeAt(end);
        if (code === DQUOTE || code === DOLLAR || code === this.escape) break;
        end++;
      }
      result += src.slice(this.pos, end);
      this.pos = end;
    }
  }

  /** `<<` and the blanks after it stay together as one piece of a word, so `<<  EOF` is one heredoc word. */
  private processPossibleHeredoc(): string {
    this.pos++;
    if (this.peek() !== LT) return '<';
    this.pos++;
    const start = this.pos;
    let end = start;
    while (end < this.src.length) {
      const code = this.src.charCodeAt(end);
      if (code !== SPACE && code !== TAB && code !== CR) break;
      end++;
    }
    this.pos = end;
    return '<<' + this.src.slice(start, end);
  }

  private processName(): string {
    const start = this.pos;
    const first = this.peek();
    if (first === EOF) return '';
    if (isDigit(first)) {
      // A name that starts with a digit is all digits: `$10` is variable 10, `$1abc` is `$1` then `abc`.
      for (let cp = this.peek(); cp !== EOF && isDigit(cp); cp = this.peek()) this.next();
      return this.src.slice(start, this.pos);
    }
    if (isSpecialParameter(first)) {
      this.next();
      return this.src.slice(start, this.pos);
    }
    for (;;) {
      const cp = this.peek();
      if (cp === EOF || !(isLetter(cp) || isDigit(cp) || cp === UNDERSCORE)) break;
      this.next();
    }
    return this.src.slice(start, this.pos);
  }

  private getEnv(name: string): string | undefined {
    const value = this.lookup(name);
    if (value === undefined) this.unmatched.add(name);
    else this.matched.add(name);
    return value;
  }

  /** Lexes the word part of `${name<op>word}`; running out of input there is reported as a missing brace. */
  private processOperand(stop: number, rawEscapes: boolean, atEndMessage: string): string {
    try {
      return this.processUntil(stop, rawEscapes);
    } catch (error) {
      if (error instanceof LexFailure && this.peek() === EOF) throw new LexFailure(atEndMessage);
      throw error;
    }
  }

  private processDollar(): string {
    this.pos++;
    if (this.peek() !== LBRACE) {
      const name = this.processName();
      if (name === '') return '$';
      const value = this.getEnv(name);
      if (value === undefined) return this.skipUnset ? '$' + name : '';
      return value;
    }
    this.pos++;
    const first = this.peek();
    if (first === EOF) throw new LexFailure("syntax error: missing '}'");
    if (first === LBRACE || first === RBRACE || first === COLON) {
      throw new LexFailure('syntax error: bad substitution');
    }
    const name = this.processName();
    let op = this.next();
    let opText = runeText(op);

    if (op === RBRACE) {
      const value = this.getEnv(name);
      if (value === undefined) return this.skipUnset ? '${' + name + '}' : '';
      return value;
    }

    let nullIsUnset = false;
    if (op === COLON) {
      nullIsUnset = true;
      op = this.next();
      opText += runeText(op);
    }
    if (nullIsUnset || op === PLUS || op === MINUS || op === QMARK || op === HASH || op === PERCENT) {
      // Patterns keep their escapes so the glob compiler can tell `\*` from `*`.
      const isPattern = op === HASH || op === PERCENT;
      if (nullIsUnset && isPattern) throw new LexFailure(`unsupported modifier (${opText}) in substitution`);
      let word = this.processOperand(RBRACE, isPattern, "syntax error: missing '}'");
      const value = this.getEnv(name);
      if (value === undefined && this.skipUnset) return '${' + name + opText + word + '}';
      const isEmpty = value === undefined || (nullIsUnset && value === '');
      switch (op) {
        case MINUS:
          return isEmpty ? word : (value ?? '');
        case PLUS:
          return isEmpty ? '' : word;
        case QMARK:
          if (value === undefined) {
            throw new LexFailure(`${name}: ${word === '' ? 'is not allowed to be unset' : word}`);
          }
          if (nullIsUnset && value === '') {
            throw new LexFailure(`${name}: ${word === '' ? 'is not allowed to be empty' : word}`);
          }
          return value;
        case HASH:
        case PERCENT: {
          let longest = false;
          if (word.charCodeAt(0) === op) {
            longest = true;
            word = word.slice(1);
          }
          return op === PERCENT ? trimSuffix(word, value ?? '', longest) : trimPrefix(word, value ?? '', longest);
        }
        default:
          throw new LexFailure(`unsupported modifier (${opText}) in substitution`);
      }
    }

    if (op === SLASH) {
      const all = this.peek() === SLASH;
      if (all) this.pos++;
      const pattern = this.processOperand(SLASH, true, "syntax error: missing '/' in ${}");
      const replacement = this.processOperand(RBRACE, true, "syntax error: missing '}'");
      const value = this.getEnv(name);
      if (value === undefined && this.skipUnset) {
        // BuildKit rebuilds the text with a single slash even for `//`.
        return '${' + name + '/' + pattern + '/' + replacement + '}';
      }
      return replaceMatches(pattern, value ?? '', replacement, all);
    }

    throw new LexFailure(`unsupported modifier (${opText}) in substitution`);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Glob patterns of `${v#p}`, `${v%p}` and `${v/p/r}`
//
// BuildKit turns the pattern into a Go regular expression (`*` → `.*` or `.*?`, `?` → `.`) and lets Go's engine
// find the leftmost match with Perl-style preferences. JavaScript's backtracking engine would take exponential time
// on patterns like `*a*a*a*a*b`, and its `.` also refuses `\r` and U+2028/9 where Go's refuses only `\n`, so the
// match is computed here instead: a table of which token can match from which position, then a walk that takes, at
// every `*`, the longest (greedy) or shortest (lazy) extent from which the rest still matches. That is exactly the
// first match a backtracking engine would report, found in time proportional to pattern × text.

const TOKEN_ANY = -1;
const TOKEN_STAR = -2;

type CompiledPattern = { readonly tokens: Int32Array } | { readonly error: string };

const patternCache = new Map<string, CompiledPattern>();
const PATTERN_CACHE_LIMIT = 256;

function codePointsOf(text: string): number[] {
  const points: number[] = [];
  for (let index = 0; index < text.length; ) {
    const cp = text.codePointAt(index) ?? 0;
    points.push(cp);
    index += cp > 0xffff ? 2 : 1;
  }
  return points;
}

function textOf(points: readonly number[]): string {
  let text = '';
  for (const cp of points) text += String.fromCodePoint(cp);
  return text;
}

/**
 * Reverses a pattern for suffix matching while keeping each backslash in front of the character it escapes
 * (`a\*c` → `c\*a`). A trailing lone backslash simply moves to the front.
 */
function reversePattern(points: readonly number[]): number[] {
  const last = points.length - 1;
  const out = new Array<number>(points.length);
  for (let index = 0; index <= last; ) {
    const cp = points[index] ?? 0;
    const target = last - index;
    if (cp === BACKSLASH && index !== last) {
      out[target - 1] = BACKSLASH;
      out[target] = points[index + 1] ?? 0;
      index += 2;
    } else {
      out[target] = cp;
      index++;
    }
  }
  return out;
}

/** Compiles a pattern (reversed first for suffix matching); errors carry BuildKit's full message. */
function compilePattern(pattern: string, reversed: boolean): CompiledPattern {
  const key = (reversed ? 'r' : 'f') + pattern;
  const cached = patternCache.get(key);
  if (cached !== undefined) return cached;
  let points = codePointsOf(pattern);
  let shown = pattern;
  if (reversed) {
    points = reversePattern(points);
    shown = textOf(points);
  }
  const tokens: number[] = [];
  let compiled: CompiledPattern | undefined;
  // Go's scanner skips a byte-order mark at the start of the pattern.
  let index = points[0] === BOM ? 1 : 0;
  while (index < points.length) {
    let cp = points[index++] ?? 0;
    if (cp === STAR_CHAR) {
      // `**` behaves like `*` for both greedy and lazy matching; merging keeps the tables small.
      if (tokens[tokens.length - 1] !== TOKEN_STAR) tokens.push(TOKEN_STAR);
      continue;
    }
    if (cp === QMARK) {
      tokens.push(TOKEN_ANY);
      continue;
    }
    if (cp === BACKSLASH) {
      const following = index < points.length ? (points[index] ?? EOF) : EOF;
      // `\}` and `\/` were only needed to get past the `${…}` syntax; the backslash is not part of the pattern.
      if (following === RBRACE || following === SLASH) continue;
      cp = following;
      index++;
      if (cp !== STAR_CHAR && cp !== QMARK && cp !== BACKSLASH) {
        compiled = {
          error: `invalid pattern (${shown}) in substitution: invalid escape '\\${runeText(cp)}'`,
        };
        break;
      }
    }
    tokens.push(cp);
  }
  compiled ??= { tokens: Int32Array.from(tokens) };
  if (patternCache.size >= PATTERN_CACHE_LIMIT) patternCache.clear();
  patternCache.set(key, compiled);
  return compiled;
}

/** Which start positions can match, and for every `*` the extent the preferred match gives it. */
interface MatchPlan {
  readonly canStart: Uint8Array;
  readonly starTargets: (Int32Array | undefined)[];
}

/**
 * Work limits for one match, in table cells. Go needs the same pattern × text time but little memory; the tables
 * here keep one row per `*`, so absurd sizes are refused rather than allowed to exhaust memory or freeze an editor.
 */
const MAX_MATCH_CELLS = 1 << 27;
const MAX_STAR_CELLS = 1 << 24;

function planMatches(tokens: Int32Array, text: readonly number[], greedy: boolean): MatchPlan {
  const length = text.length;
  let stars = 0;
  for (const token of tokens) if (token === TOKEN_STAR) stars++;
  if (tokens.length * (length + 1) > MAX_MATCH_CELLS || stars * (length + 1) > MAX_STAR_CELLS) {
    throw new LexFailure('pattern too complex to match in substitution');
  }
  let after = new Uint8Array(length + 1).fill(1);
  const starTargets: (Int32Array | undefined)[] = new Array<Int32Array | undefined>(tokens.length);
  for (let t = tokens.length - 1; t >= 0; t--) {
    const token = tokens[t] ?? 0;
    const here = new Uint8Array(length + 1);
    if (token === TOKEN_STAR) {
      // A star may cover any run of characters other than a newline; target[p] is where the preferred extent of
      // the run starting at p ends, or -1 when no extent lets the rest of the pattern match.
      const target = new Int32Array(length + 1);
      target[length] = after[length] ? length : -1;
      for (let p = length - 1; p >= 0; p--) {
        const crossable = text[p] !== NEWLINE;
        if (greedy) {
          const further = crossable ? (target[p + 1] ?? -1) : -1;
          target[p] = further !== -1 ? further : after[p] ? p : -1;
        } else {
          target[p] = after[p] ? p : crossable ? (target[p + 1] ?? -1) : -1;
        }
      }
      for (let p = 0; p <= length; p++) here[p] = (target[p] ?? -1) !== -1 ? 1 : 0;
      starTargets[t] = target;
    } else if (token === TOKEN_ANY) {
      for (let p = 0; p < length; p++) here[p] = text[p] !== NEWLINE && after[p + 1] ? 1 : 0;
    } else {
      for (let p = 0; p < length; p++) here[p] = text[p] === token && after[p + 1] ? 1 : 0;
    }
    after = here;
  }
  return { canStart: after, starTargets };
}

/** End of the preferred match starting at `start`, which the plan says exists. */
function matchEnd(tokens: Int32Array, plan: MatchPlan, start: number): number {
  let position = start;
  for (let t = 0; t < tokens.length; t++) {
    position = tokens[t] === TOKEN_STAR ? (plan.starTargets[t]?.[position] ?? position) : position + 1;
  }
  return position;
}

/** UTF-16 offset of every code point boundary of `text`. */
function boundariesOf(text: string, count: number): Int32Array {
  const offsets = new Int32Array(count + 1);
  let offset = 0;
  for (let index = 0; index < count; index++) {
    offsets[index] = offset;
    offset += (text.codePointAt(offset) ?? 0) > 0xffff ? 2 : 1;
  }
  offsets[count] = text.length;
  return offsets;
}

function compiledOrFail(pattern: string, reversed: boolean): Int32Array {
  const compiled = compilePattern(pattern, reversed);
  if ('error' in compiled) throw new LexFailure(compiled.error);
  return compiled.tokens;
}

/** `${v#p}` / `${v##p}`: remove the shortest / longest prefix matching `pattern`. */
function trimPrefix(pattern: string, value: string, longest: boolean): string {
  const tokens = compiledOrFail(pattern, false);
  const text = codePointsOf(value);
  const plan = planMatches(tokens, text, longest);
  if (!plan.canStart[0]) return value;
  const end = matchEnd(tokens, plan, 0);
  return value.slice(boundariesOf(value, text.length)[end]);
}

/** `${v%p}` / `${v%%p}`: BuildKit reverses value and pattern and removes a prefix, so the same is done here. */
function trimSuffix(pattern: string, value: string, longest: boolean): string {
  const tokens = compiledOrFail(pattern, true);
  const text = codePointsOf(value).reverse();
  const plan = planMatches(tokens, text, longest);
  if (!plan.canStart[0]) return value;
  const end = matchEnd(tokens, plan, 0);
  return value.slice(0, boundariesOf(value, text.length)[text.length - end]);
}

/** `${v/p/r}` and `${v//p/r}`: unanchored, greedy; only the replace-all form expands `$` templates in `r`. */
function replaceMatches(pattern: string, value: string, replacement: string, all: boolean): string {
  const tokens = compiledOrFail(pattern, false);
  const text = codePointsOf(value);
  const length = text.length;
  const plan = planMatches(tokens, text, true);
  const nextStart = new Int32Array(length + 2);
  nextStart[length + 1] = -1;
  for (let p = length; p >= 0; p--) nextStart[p] = plan.canStart[p] ? p : (nextStart[p + 1] ?? -1);
  const offsets = boundariesOf(value, length);
  const at = (index: number): number => offsets[index] ?? value.length;

  if (!all) {
    const start = nextStart[0] ?? -1;
    if (start < 0) return value;
    const end = matchEnd(tokens, plan, start);
    return value.slice(0, at(start)) + replacement + value.slice(at(end));
  }

  // Go's replace-all loop: an empty match right after the previous match is not replaced, and the search always
  // moves forward by at least one character.
  const template = replacement.includes('$');
  let out = '';
  let lastEnd = 0;
  let searchFrom = 0;
  while (searchFrom <= length) {
    const start = nextStart[searchFrom] ?? -1;
    if (start < 0) break;
    const end = matchEnd(tokens, plan, start);
    out += value.slice(at(lastEnd), at(start));
    if (end > lastEnd || start === 0) {
      out += template ? expandTemplate(replacement, value.slice(at(start), at(end))) : replacement;
    }
    lastEnd = end;
    searchFrom = Math.max(searchFrom + 1, end);
  }
  return out + value.slice(at(lastEnd));
}

/**
 * Go's regexp replacement templates, for a pattern without groups: `$$` is `$`, `$0`/`${0}` is the whole match,
 * any other well-formed `$name` or `${name}` is empty, and a malformed one leaves the `$` as text.
 */
function expandTemplate(template: string, match: string): string {
  let out = '';
  let rest = template;
  for (;;) {
    const dollar = rest.indexOf('$');
    if (dollar < 0) break;
    out += rest.slice(0, dollar);
    rest = rest.slice(dollar + 1);
    if (rest.startsWith('$')) {
      out += '$';
      rest = rest.slice(1);
      continue;
    }
    const braced = rest.startsWith('{');
    let index = braced ? 1 : 0;
    const nameStart = index;
    while (index < rest.length) {
      const cp = rest.codePointAt(index) ?? 0;
      if (!(isLetter(cp) || isDigit(cp) || cp === UNDERSCORE)) break;
      index += cp > 0xffff ? 2 : 1;
    }
    const name = rest.slice(nameStart, index);
    if (name === '' || (braced && rest.charCodeAt(index) !== RBRACE)) {
      out += '$';
      continue;
    }
    rest = rest.slice(braced ? index + 1 : index);
    if (name === '0') out += match;
  }
  return out + rest;
}
