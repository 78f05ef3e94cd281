/**
 * The shell tokenizer: words (with quote removal), operators, newlines, and the heredoc bodies that follow a
 * newline. It reads one token at a time so the parser can switch it into `[[ … ]]` mode and register heredocs
 * before the text after them is read.
 *
 * Expansions are not performed, only delimited; the commands inside `$(…)`, backquotes and `<(…)` are handed
 * to the parser through `ScanContext` as they are met, so nested constructs are read once (linear time).
 */
import type { HeredocBody, HeredocInfo, QuoteKind, ShellWord, WordPart, WordPartKind } from './types.js';

export const T_EOF = 0;
export const T_WORD = 1;
export const T_OP = 2;
export const T_NEWLINE = 3;
/** Digits glued to a redirect operator: the `2` of `2>&1`. */
export const T_IONUMBER = 4;
export type TokenKind = 0 | 1 | 2 | 3 | 4;

/** The parser side of scanning: shared state and the parsing of nested command text. */
export interface ScanContext {
  readonly text: string;
  readonly wantParts: boolean;
  readonly externalHeredocs: boolean;
  /** The number of commands recorded so far; a token's commands start at its `mark`. */
  readonly commandCount: number;
  aborted: boolean;
  /** Characters the arithmetic-or-subshell guesses may still read (see `arithmeticEnd`). */
  arithBudget: number;
  incomplete(): void;
  /** Enters one level of nesting; false (and the parse is aborted) past the depth the parser follows. */
  enter(): boolean;
  leave(): void;
  /** Parses commands from `start` (just after `$(` or `<(`) through the matching `)`; returns the offset after it. */
  substitution(start: number, limit: number): number;
  /** Parses the commands between backquotes; `escaped` when the content has backslashes to remove first. */
  backquote(start: number, end: number, escaped: boolean): void;
}

/** A heredoc waiting for its body; the lexer fills `body` after the next newline. */
export interface PendingHeredoc extends HeredocInfo {
  body: HeredocBody | null;
}

// Character classes of ASCII; everything from 128 up is a plain word character.
const PLAIN = 0;
const BLANK = 1;
const NEWLINE = 2;
const META = 3;
const SPECIAL = 4;
const CLASS = new Uint8Array(128);
CLASS[32] = BLANK;
CLASS[9] = BLANK;
// A lone CR is taken as a blank: Dockerfiles written on Windows should not turn every line end into a word.
CLASS[13] = BLANK;
CLASS[10] = NEWLINE;
for (const c of ';&|<>()') CLASS[c.charCodeAt(0)] = META;
for (const c of '\'"\\$`') CLASS[c.charCodeAt(0)] = SPECIAL;

const NAME_START = new Uint8Array(128);
const NAME_CHAR = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const letter = (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
  NAME_START[c] = letter ? 1 : 0;
  NAME_CHAR[c] = letter || (c >= 48 && c <= 57) ? 1 : 0;
}
/** `$@ $* $# $? $- $$ $! $0`–`$9`. */
const SPECIAL_PARAM = new Uint8Array(128);
for (const c of '@*#?-$!0123456789') SPECIAL_PARAM[c.charCodeAt(0)] = 1;
/** Characters that glue an extended glob to its parenthesis: `@(a|b)`, `!(x)`, `+(…)`, `*(…)`, `?(…)`. */
const EXTGLOB = new Uint8Array(128);
for (const c of '@!+*?') EXTGLOB[c.charCodeAt(0)] = 1;

const CH_TAB = 9;
const CH_LF = 10;
const CH_CR = 13;
const CH_SPACE = 32;
const CH_DQUOTE = 34;
const CH_HASH = 35;
const CH_DOLLAR = 36;
const CH_AMP = 38;
const CH_SQUOTE = 39;
const CH_LPAREN = 40;
const CH_RPAREN = 41;
const CH_SEMI = 59;
const CH_LT = 60;
const CH_EQ = 61;
const CH_GT = 62;
const CH_BACKSLASH = 92;
const CH_BACKQUOTE = 96;
const CH_LBRACE = 123;
const CH_PIPE = 124;
const CH_RBRACE = 125;

// What `dollarEnd` found.
const D_LITERAL = 0;
const D_PARAM = 1;
const D_COMMAND = 2;
const D_ARITH = 3;
const DOLLAR_KIND: readonly WordPartKind[] = ['literal', 'parameter', 'command', 'arithmetic'];

interface MutablePart {
  kind: WordPartKind;
  quote: QuoteKind;
  value: string;
  start: number;
  end: number;
}

export class Lexer {
  readonly text: string;
  /** Offset of the next unread character. */
  pos: number;
  /** Where this lexer's text ends: the end of the input, a closing backquote, or the end of a heredoc body. */
  limit: number;

  kind: TokenKind = T_EOF;
  /** The operator text, for `T_OP`. */
  op = '';
  /** `T_OP` is a redirection operator. */
  redirect = false;
  /** The word, for `T_WORD` and `T_IONUMBER`. */
  word: ShellWord | null = null;
  tokStart = 0;
  tokEnd = 0;
  /** `commandCount` before the current token was read: where a command starting with it belongs in the list. */
  mark = 0;
  /** Inside `[[ … ]]`: `< > ( ) & |` are word characters and only blanks separate words. */
  condMode = false;
  readonly pending: PendingHeredoc[] = [];

  private readonly ctx: ScanContext;
  // The word being built; fields because quotes and expansions are scanned by separate methods.
  private wv = '';
  private wQuoted = false;
  private wExpansions = false;
  private wParts: MutablePart[] | null = null;
  private dollarKind = D_LITERAL;
  /** First source character of the word not yet copied into `wv`. */
  private seg = 0;
  /** Where the unquoted run in progress started, in the source and in `wv`. */
  private runStart = 0;
  private runValue = 0;

  constructor(ctx: ScanContext, start: number, limit: number) {
    this.ctx = ctx;
    this.text = ctx.text;
    this.pos = start;
    this.limit = limit;
  }

  advance(): void {
    const ctx = this.ctx;
    this.mark = ctx.commandCount;
    this.word = null;
    this.redirect = false;
    if (ctx.aborted) {
      this.pos = this.limit;
      this.setEof();
      return;
    }
    const text = this.text;
    const limit = this.limit;
    const pos = this.skipBlanks(this.pos);
    this.tokStart = pos;
    if (pos >= limit) {
      this.pos = limit;
      this.setEof();
      return;
    }
    const c = text.charCodeAt(pos);
    if (c === CH_LF) {
      this.kind = T_NEWLINE;
      this.tokEnd = pos + 1;
      this.pos = this.pending.length > 0 ? this.readHeredocBodies(pos + 1) : pos + 1;
      return;
    }
    if (c < 128 && CLASS[c] === META) {
      const next = text.charCodeAt(pos + 1);
      if (this.condMode ? c !== CH_SEMI : (c === CH_LT || c === CH_GT) && next === CH_LPAREN && pos + 1 < limit) {
        this.readWord(pos);
      } else {
        this.readOp(pos, c);
      }
      return;
    }
    this.readWord(pos);
  }

  /**
   * The offset of the first `code` at or after `from`, or `limit`. `indexOf` is only used when the limit is the
   * end of the text: in a bounded region (backquotes, a heredoc body) it could look far past the limit, over and
   * over.
   */
  private find(code: number, from: number): number {
    const limit = this.limit;
    const text = this.text;
    if (limit === text.length) {
      const i = text.indexOf(String.fromCharCode(code), from);
      return i === -1 ? limit : i;
    }
    let i = from;
    while (i < limit && text.charCodeAt(i) !== code) i++;
    return i;
  }

  private setEof(): void {
    this.kind = T_EOF;
    this.tokStart = this.limit;
    this.tokEnd = this.limit;
    if (this.pending.length > 0) this.abandonHeredocs();
  }

  /** Heredocs whose body never comes: empty, unterminated. */
  abandonHeredocs(): void {
    for (const h of this.pending) {
      h.body = { text: '', start: this.limit, end: this.limit, terminated: false };
    }
    this.pending.length = 0;
    this.ctx.incomplete();
  }

  /** Skips blanks, line continuations and a comment. */
  private skipBlanks(pos: number): number {
    const text = this.text;
    const limit = this.limit;
    while (pos < limit) {
      const c = text.charCodeAt(pos);
      if (c === CH_SPACE || c === CH_TAB || c === CH_CR) {
        pos++;
      } else if (c === CH_BACKSLASH) {
        const n = text.charCodeAt(pos + 1);
        if (n === CH_LF && pos + 1 < limit) pos += 2;
        else if (n === CH_CR && text.charCodeAt(pos + 2) === CH_LF && pos + 2 < limit) pos += 3;
        else break;
      } else if (c === CH_HASH) {
        return this.find(CH_LF, pos);
      } else {
        break;
      }
    }
    return pos;
  }

  private readOp(pos: number, c: number): void {
    const text = this.text;
    const limit = this.limit;
    const c1 = pos + 1 < limit ? text.charCodeAt(pos + 1) : -1;
    const c2 = pos + 2 < limit ? text.charCodeAt(pos + 2) : -1;
    let op: string;
    let redirect = false;
    switch (c) {
      case CH_SEMI:
        if ((c1 === CH_SEMI)) op = (c2 === CH_AMP) ? ';;&' : ';;';
        else op = (c1 === CH_AMP) ? ';&' : ';';
        break;
      case CH_AMP:
        if ((c1 === CH_AMP)) op = '&&';
        else if ((c1 === CH_GT)) {
          op = (c2 === CH_GT) ? '&>>' : '&>';
          redirect = true;
        } else op = '&';
        break;
      case CH_PIPE:
        op = (c1 === CH_PIPE) ? '||' : (c1 === CH_AMP) ? '|&' : '|';
        break;
      case CH_LT:
        redirect = true;
        if ((c1 === CH_LT)) op = (c2 === CH_LT) ? '<<<' : (c2 === 45) ? '<<-' : '<<';
        else op = (c1 === CH_AMP) ? '<&' : (c1 === CH_GT) ? '<>' : '<';
        break;
      case CH_GT:
        redirect = true;
        op = (c1 === CH_GT) ? '>>' : (c1 === CH_AMP) ? '>&' : (c1 === CH_PIPE) ? '>|' : '>';
        break;
      case CH_LPAREN:
        op = '(';
        break;
      default:
        op = ')';
    }
    this.kind = T_OP;
    this.op = op;
    this.redirect = redirect;
    this.tokEnd = pos + op.length;
    this.pos = this.tokEnd;
  }

  private readWord(start: number): void {
    const text = this.text;
    const limit = this.limit;
    let pos = start;
    let c = 0;
    while (pos < limit) {
      c = text.charCodeAt(pos);
      if (c < 128 && CLASS[c] !== PLAIN) break;
      pos++;
    }
    const cls = pos < limit ? (c < 128 ? CLASS[c] : PLAIN) : BLANK;
    if (
      pos > start &&
      (cls === BLANK || cls === NEWLINE || (cls === META && c !== CH_LPAREN && !this.condMode))
    ) {
      const raw = text.slice(start, pos);
      if ((c === CH_LT || c === CH_GT) && pos < limit && isDigits(raw) && text.charCodeAt(pos + 1) !== CH_LPAREN) {
        this.kind = T_IONUMBER;
      } else {
        this.kind = T_WORD;
      }
      const word: ShellWord = this.ctx.wantParts
        ? {
            value: raw,
            raw,
            start,
            end: pos,
            quoted: false,
            expansions: false,
            parts: [{ kind: 'literal', quote: 'none', value: raw, start, end: pos }],
          }
        : { value: raw, raw, start, end: pos, quoted: false, expansions: false };
      this.word = word;
      this.tokStart = start;
      this.tokEnd = pos;
      this.pos = pos;
      return;
    }
    this.readComplexWord(start, pos);
  }

  /** The general word scanner; `pos` is past a plain prefix that needs no processing. */
  private readComplexWord(start: number, pos: number): void {
    const text = this.text;
    const limit = this.limit;
    const wantParts = this.ctx.wantParts;
    this.wv = '';
    this.wQuoted = false;
    this.wExpansions = false;
    this.wParts = wantParts ? [] : null;
    this.openRun(start);

    while (pos < limit) {
      const c = text.charCodeAt(pos);
      const cls = c < 128 ? CLASS[c] : PLAIN;
      if (cls === PLAIN) {
        pos++;
        continue;
      }
      if (cls === BLANK || cls === NEWLINE) break;
      if (cls === META) {
        if (c === CH_LPAREN && pos > start) {
          const prev = text.charCodeAt(pos - 1);
          if ((prev < 128 && EXTGLOB[prev] === 1) || isArrayAssignmentPrefix(text, start, pos)) {
            pos = this.parenEnd(pos);
            continue;
          }
        }
        if ((c === CH_LT || c === CH_GT) && pos === start && text.charCodeAt(pos + 1) === CH_LPAREN) {
          this.closeRun(pos);
          const end = this.processEnd(pos);
          this.expansion('process', 'none', pos, end);
          pos = end;
          this.openRun(pos);
          continue;
        }
        if (this.condMode && c !== CH_SEMI && !(pos - start === 2 && text.startsWith(']]', start))) {
          pos++;
          continue;
        }
        break;
      }
      if (c === CH_BACKSLASH) {
        const n = pos + 1 < limit ? text.charCodeAt(pos + 1) : -1;
        if (n === CH_LF || (n === CH_CR && pos + 2 < limit && text.charCodeAt(pos + 2) === CH_LF)) {
          const after = pos + (n === CH_LF ? 2 : 3);
          // A continuation before a separator ends the word: it belongs to the blanks, not to the word's raw text.
          const next = after < limit ? text.charCodeAt(after) : CH_SPACE;
          if (next < 128 && (CLASS[next] === BLANK || CLASS[next] === NEWLINE || (CLASS[next] === META && !this.condMode))) {
            break;
          }
          this.wv += text.slice(this.seg, pos);
          pos = after;
          this.seg = pos;
        } else if (n === -1) {
          // A backslash ending the text stays a backslash.
          pos++;
        } else {
          this.closeRun(pos);
          const ch = text[pos + 1] as string;
          this.wv += ch;
          this.wQuoted = true;
          if (wantParts) this.addPart('literal', 'escape', ch, pos, pos + 2);
          pos += 2;
          this.openRun(pos);
        }
        continue;
      }
      if (c === CH_SQUOTE) {
        this.closeRun(pos);
        const close = this.find(CH_SQUOTE, pos + 1);
        if (close >= limit) this.ctx.incomplete();
        const v = text.slice(pos + 1, close);
        this.wv += v;
        this.wQuoted = true;
        if (wantParts) this.addPart('literal', 'single', v, pos + 1, close, true);
        pos = close < limit ? close + 1 : limit;
        this.openRun(pos);
        continue;
      }
      if (c === CH_DQUOTE) {
        this.closeRun(pos);
        pos = this.readDouble(pos + 1);
        this.openRun(pos);
        continue;
      }
      if (c === CH_DOLLAR) {
        const n = pos + 1 < limit ? text.charCodeAt(pos + 1) : -1;
        if (n === CH_SQUOTE) {
          this.closeRun(pos);
          pos = this.readAnsiC(pos + 2);
          this.openRun(pos);
          continue;
        }
        if (n === CH_DQUOTE) {
          this.closeRun(pos);
          pos = this.readDouble(pos + 2);
          this.openRun(pos);
          continue;
        }
        const end = this.dollarEnd(pos);
        if (this.dollarKind === D_LITERAL) {
          pos = end;
          continue;
        }
        this.closeRun(pos);
        this.expansion(DOLLAR_KIND[this.dollarKind] as WordPartKind, 'none', pos, end);
        pos = end;
        this.openRun(pos);
        continue;
      }
      // What is left of the special characters is the backquote.
      this.closeRun(pos);
      const end = this.backquoteEnd(pos);
      this.expansion('command', 'none', pos, end);
      pos = end;
      this.openRun(pos);
    }
    if (pos === start) {
      // Only reachable on a character no rule accepts; consume it so the parser always moves on.
      pos++;
    }
    this.closeRun(pos);
    const word: ShellWord = {
      value: this.wv,
      raw: text.slice(start, pos),
      start,
      end: pos,
      quoted: this.wQuoted,
      expansions: this.wExpansions,
    };
    if (this.wParts !== null) (word as { parts?: readonly WordPart[] }).parts = this.wParts;
    this.wv = '';
    this.kind = T_WORD;
    this.word = word;
    this.tokStart = start;
    this.tokEnd = pos;
    this.pos = pos;
  }

  /** Copies the pending unquoted text into the value and ends the unquoted part there. */
  private closeRun(at: number): void {
    this.wv += this.text.slice(this.seg, at);
    this.seg = at;
    if (this.wParts !== null && this.wv.length > this.runValue) {
      this.addPart('literal', 'none', this.wv.slice(this.runValue), this.runStart, at);
    }
  }

  /** Starts unquoted text at `at`. */
  private openRun(at: number): void {
    this.seg = at;
    this.runStart = at;
    this.runValue = this.wv.length;
  }

  private addPart(kind: WordPartKind, quote: QuoteKind, value: string, start: number, end: number, keepEmpty = false): void {
    const parts = this.wParts;
    if (parts === null) return;
    const last = parts[parts.length - 1];
    if (kind === 'literal' && last !== undefined && last.kind === 'literal' && last.quote === quote && last.end === start) {
      last.value += value;
      last.end = end;
      return;
    }
    if (value === '' && !keepEmpty) return;
    parts.push({ kind, quote, value, start, end });
  }

  /** Appends an expansion, as written, to the word being built. */
  private expansion(kind: WordPartKind, quote: QuoteKind, start: number, end: number): void {
    const v = this.text.slice(start, end);
    this.wv += v;
    this.wExpansions = true;
    if (this.wParts !== null) this.wParts.push({ kind, quote, value: v, start, end });
  }

  /** Reads a double-quoted string into the word; `pos` is after the opening quote. Returns the offset after the closing one. */
  private readDouble(pos: number): number {
    const text = this.text;
    const limit = this.limit;
    const wantParts = this.wParts !== null;
    this.wQuoted = true;
    let seg = pos;
    let partStart = pos;
    let partValue = this.wv.length;
    let emitted = false;
    while (pos < limit) {
      const c = text.charCodeAt(pos);
      if (c === CH_DQUOTE) break;
      if (c === CH_BACKSLASH) {
        const n = pos + 1 < limit ? text.charCodeAt(pos + 1) : -1;
        if (n === CH_DOLLAR || n === CH_BACKQUOTE || n === CH_DQUOTE || n === CH_BACKSLASH || n === CH_LF) {
          this.wv += text.slice(seg, pos);
          if (n !== CH_LF) this.wv += text[pos + 1] as string;
          pos += 2;
          seg = pos;
        } else {
          pos = n === -1 ? pos + 1 : pos + 2;
        }
        continue;
      }
      if (c === CH_DOLLAR || c === CH_BACKQUOTE) {
        let end: number;
        let kind: WordPartKind;
        if (c === CH_DOLLAR) {
          end = this.dollarEnd(pos);
          if (this.dollarKind === D_LITERAL) {
            pos = end;
            continue;
          }
          kind = DOLLAR_KIND[this.dollarKind] as WordPartKind;
        } else {
          end = this.backquoteEnd(pos);
          kind = 'command';
        }
        this.wv += text.slice(seg, pos);
        if (wantParts && this.wv.length > partValue) {
          this.addPart('literal', 'double', this.wv.slice(partValue), partStart, pos);
        }
        this.expansion(kind, 'double', pos, end);
        emitted = true;
        pos = end;
        seg = pos;
        partStart = pos;
        partValue = this.wv.length;
        continue;
      }
      pos++;
    }
    const end = Math.min(pos, limit);
    this.wv += text.slice(seg, end);
    if (wantParts && (this.wv.length > partValue || !emitted)) {
      this.addPart('literal', 'double', this.wv.slice(partValue), partStart, end, true);
    }
    if (pos >= limit) {
      this.ctx.incomplete();
      return limit;
    }
    return pos + 1;
  }

  /** Reads `$'…'` into the word; `pos` is after the quote. */
  private readAnsiC(pos: number): number {
    const text = this.text;
    const limit = this.limit;
    const first = pos;
    const valueStart = this.wv.length;
    let seg = pos;
    this.wQuoted = true;
    while (pos < limit) {
      const c = text.charCodeAt(pos);
      if (c === CH_SQUOTE) break;
      if (c !== CH_BACKSLASH || pos + 1 >= limit) {
        pos++;
        continue;
      }
      this.wv += text.slice(seg, pos);
      const [ch, len] = ansiEscape(text, pos + 1, limit);
      this.wv += ch;
      pos += 1 + len;
      seg = pos;
    }
    const end = Math.min(pos, limit);
    this.wv += text.slice(seg, end);
    if (this.wParts !== null) this.addPart('literal', 'ansi-c', this.wv.slice(valueStart), first, end, true);
    if (pos >= limit) {
      this.ctx.incomplete();
      return limit;
    }
    return pos + 1;
  }

  /**
   * The end of what starts with the `$` at `pos`, with `dollarKind` telling what it was (`D_LITERAL` for a `$`
   * that starts nothing). Nested commands are parsed on the way.
   */
  dollarEnd(pos: number): number {
    const text = this.text;
    const limit = this.limit;
    const n = pos + 1 < limit ? text.charCodeAt(pos + 1) : -1;
    if (n === CH_LPAREN) {
      if (pos + 2 < limit && text.charCodeAt(pos + 2) === CH_LPAREN && this.ctx.arithBudget > 0) {
        const end = this.arithmeticEnd(pos + 3);
        if (end >= 0) {
          this.dollarKind = D_ARITH;
          return end;
        }
      }
      this.dollarKind = D_COMMAND;
      return this.ctx.substitution(pos + 2, limit);
    }
    if (n === CH_LBRACE) {
      this.dollarKind = D_PARAM;
      return this.braceEnd(pos + 2);
    }
    if (n >= 0 && n < 128) {
      if (NAME_START[n] === 1) {
        let p = pos + 2;
        while (p < limit) {
          const c = text.charCodeAt(p);
          if (c >= 128 || NAME_CHAR[c] !== 1) break;
          p++;
        }
        this.dollarKind = D_PARAM;
        return p;
      }
      if (SPECIAL_PARAM[n] === 1) {
        this.dollarKind = D_PARAM;
        return pos + 2;
      }
    }
    this.dollarKind = D_LITERAL;
    return pos + 1;
  }

  /**
   * Tries `$((…))` / `((…))` as arithmetic, `pos` after the two parentheses: the offset after the closing `))`,
   * or -1 when the parentheses say it is a command substitution or subshell after all. A failed guess is
   * charged to a budget proportional to the text, so nested `((((…` cannot make parsing quadratic; once it
   * is spent, `((` is read as two subshells and `$((` as a substitution. Commands inside are parsed only
   * after success, so nothing is recorded twice.
   */
  arithmeticEnd(pos: number): number {
    const text = this.text;
    const limit = this.limit;
    let depth = 0;
    let i = pos;
    let found = -1;
    while (i < limit) {
      const c = text.charCodeAt(i);
      if (c === CH_LPAREN) {
        depth++;
      } else if (c === CH_RPAREN) {
        if (depth === 0) {
          if (i + 1 < limit && text.charCodeAt(i + 1) === CH_RPAREN) found = i + 2;
          break;
        }
        depth--;
      } else if (c === CH_SQUOTE || c === CH_DQUOTE) {
        const close = this.find(c, i + 1);
        if (close >= limit) break;
        i = close;
      } else if (c === CH_BACKSLASH) {
        i++;
      }
      i++;
    }
    if (found < 0) {
      this.ctx.arithBudget -= i - pos + 1;
      return -1;
    }
    // Each nested `$((` scans its own content again, so nesting depth must stay bounded for linear time.
    if (this.ctx.enter()) {
      this.scanExpansions(pos, found - 2);
      this.ctx.leave();
    }
    return found;
  }

  /**
   * Parses the command substitutions in text that undergoes expansion but is not split into words: an
   * unquoted heredoc body or an arithmetic expression.
   */
  scanExpansions(from: number, to: number): void {
    const text = this.text;
    let i = from;
    while (i < to) {
      const c = text.charCodeAt(i);
      if (c === CH_DOLLAR || c === CH_BACKQUOTE) break;
      i++;
    }
    if (i >= to) return;
    const savedLimit = this.limit;
    this.limit = to;
    while (i < to) {
      const c = text.charCodeAt(i);
      if (c === CH_BACKSLASH) i += 2;
      else if (c === CH_DOLLAR) i = this.dollarEnd(i);
      else if (c === CH_BACKQUOTE) i = this.backquoteEnd(i);
      else i++;
    }
    this.limit = savedLimit;
  }

  /** The end of `${…}`; `pos` is after the brace. */
  private braceEnd(pos: number): number {
    const ctx = this.ctx;
    if (!ctx.enter()) return this.limit;
    const text = this.text;
    const limit = this.limit;
    let i = pos;
    let end = -1;
    while (i < limit) {
      const c = text.charCodeAt(i);
      if (c === CH_RBRACE) {
        end = i + 1;
        break;
      }
      if (c === CH_BACKSLASH) i += 2;
      else if (c === CH_SQUOTE) {
        const close = this.find(CH_SQUOTE, i + 1);
        i = close >= limit ? limit : close + 1;
      } else if (c === CH_DQUOTE) i = this.doubleEnd(i + 1);
      else if (c === CH_DOLLAR) i = this.dollarEnd(i);
      else if (c === CH_BACKQUOTE) i = this.backquoteEnd(i);
      else i++;
    }
    ctx.leave();
    if (end < 0) {
      ctx.incomplete();
      return limit;
    }
    return end;
  }

  /** The end of a double-quoted string that is not part of the word's value (inside `${…}` or `a=(…)`). */
  private doubleEnd(pos: number): number {
    const ctx = this.ctx;
    if (!ctx.enter()) return this.limit;
    const text = this.text;
    const limit = this.limit;
    let i = pos;
    let end = -1;
    while (i < limit) {
      const c = text.charCodeAt(i);
      if (c === CH_DQUOTE) {
        end = i + 1;
        break;
      }
      if (c === CH_BACKSLASH) i += 2;
      else if (c === CH_DOLLAR) i = this.dollarEnd(i);
      else if (c === CH_BACKQUOTE) i = this.backquoteEnd(i);
      else i++;
    }
    ctx.leave();
    if (end < 0) {
      ctx.incomplete();
      return limit;
    }
    return end;
  }

  /** The end of a backquoted command, whose commands are parsed; `pos` is at the opening backquote. */
  private backquoteEnd(pos: number): number {
    const text = this.text;
    const limit = this.limit;
    let i = pos + 1;
    let escaped = false;
    while (i < limit) {
      const c = text.charCodeAt(i);
      if (c === CH_BACKQUOTE) break;
      if (c === CH_BACKSLASH) {
        escaped = true;
        i += 2;
      } else {
        i++;
      }
    }
    if (i >= limit) {
      this.ctx.incomplete();
      this.ctx.backquote(pos + 1, limit, escaped);
      return limit;
    }
    this.ctx.backquote(pos + 1, i, escaped);
    return i + 1;
  }

  /** The end of `<(…)` or `>(…)`, whose commands are parsed; `pos` is at the `<` or `>`. */
  private processEnd(pos: number): number {
    return this.ctx.substitution(pos + 2, this.limit);
  }

  /** The end of a parenthesised word part (`a=(x y)`, `@(a|b)`); `pos` is at the `(`. */
  private parenEnd(pos: number): number {
    const ctx = this.ctx;
    if (!ctx.enter()) return this.limit;
    const text = this.text;
    const limit = this.limit;
    let depth = 0;
    let i = pos;
    let end = -1;
    while (i < limit) {
      const c = text.charCodeAt(i);
      if (c === CH_LPAREN) {
        depth++;
        i++;
      } else if (c === CH_RPAREN) {
        i++;
        if (--depth === 0) {
          end = i;
          break;
        }
      } else if (c === CH_BACKSLASH) i += 2;
      else if (c === CH_SQUOTE) {
        const close = this.find(CH_SQUOTE, i + 1);
        i = close >= limit ? limit : close + 1;
      } else if (c === CH_DQUOTE) i = this.doubleEnd(i + 1);
      else if (c === CH_DOLLAR) i = this.dollarEnd(i);
      else if (c === CH_BACKQUOTE) i = this.backquoteEnd(i);
      else i++;
    }
    ctx.leave();
    if (end < 0) {
      ctx.incomplete();
      return limit;
    }
    return end;
  }

  /**
   * Whether `name ( )` follows the current word: a function definition. Only blanks may separate the
   * parentheses, which is all a definition allows.
   */
  functionParensFollow(): boolean {
    const text = this.text;
    const limit = this.limit;
    let i = this.pos;
    while (i < limit && (text.charCodeAt(i) === CH_SPACE || text.charCodeAt(i) === CH_TAB)) i++;
    if (i >= limit || text.charCodeAt(i) !== CH_LPAREN) return false;
    i++;
    while (i < limit && (text.charCodeAt(i) === CH_SPACE || text.charCodeAt(i) === CH_TAB)) i++;
    return i < limit && text.charCodeAt(i) === CH_RPAREN;
  }

  /** The current token is `(` and another `(` follows at once. */
  doubleParen(): boolean {
    return (
      this.kind === T_OP && this.op === '(' && this.tokEnd < this.limit && this.text.charCodeAt(this.tokEnd) === CH_LPAREN
    );
  }

  /** Continues reading at `pos` (after text the parser consumed by itself). */
  resetTo(pos: number): void {
    this.pos = pos;
    this.advance();
  }

  /** Reads the bodies of the pending heredocs, which start at `pos`; returns the offset after the last terminator. */
  private readHeredocBodies(pos: number): number {
    const text = this.text;
    const limit = this.limit;
    const docs = this.pending.splice(0);
    for (const doc of docs) {
      const bodyStart = pos;
      const delimiter = doc.delimiter;
      let body: HeredocBody | null = null;
      while (pos < limit) {
        const lineEnd = this.find(CH_LF, pos);
        let s = pos;
        if (doc.stripTabs) while (s < lineEnd && text.charCodeAt(s) === CH_TAB) s++;
        let e = lineEnd;
        if (e > s && text.charCodeAt(e - 1) === CH_CR) e--;
        if (e - s === delimiter.length && text.startsWith(delimiter, s)) {
          body = { text: text.slice(bodyStart, pos), start: bodyStart, end: pos, terminated: true };
          pos = lineEnd < limit ? lineEnd + 1 : limit;
          break;
        }
        pos = lineEnd < limit ? lineEnd + 1 : limit;
      }
      if (body === null) {
        body = { text: text.slice(bodyStart, limit), start: bodyStart, end: limit, terminated: false };
        this.ctx.incomplete();
        pos = limit;
      }
      doc.body = body;
      if (!doc.quoted) this.scanExpansions(body.start, body.end);
    }
    return pos;
  }
}

function isDigits(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return s.length > 0;
}

/** `text[start, end)` is `name=` or `name+=`, so a `(` at `end` opens an array value. */
function isArrayAssignmentPrefix(text: string, start: number, end: number): boolean {
  if (text.charCodeAt(end - 1) !== CH_EQ) return false;
  let last = end - 1;
  if (last > start && text.charCodeAt(last - 1) === 43) last--;
  const first = text.charCodeAt(start);
  if (first >= 128 || NAME_START[first] !== 1) return false;
  for (let i = start + 1; i < last; i++) {
    const c = text.charCodeAt(i);
    if (c >= 128 || NAME_CHAR[c] !== 1) return false;
  }
  return last > start;
}

const SIMPLE_ESCAPES: Record<string, string> = {
  a: '\x07',
  b: '\b',
  e: '\x1b',
  E: '\x1b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  '\\': '\\',
  "'": "'",
  '"': '"',
  '?': '?',
};

/** Decodes the escape of `$'…'` whose letter is at `pos`: the character and how many source characters it used. */
function ansiEscape(text: string, pos: number, limit: number): [string, number] {
  const ch = text[pos] as string;
  const simple = SIMPLE_ESCAPES[ch];
  if (simple !== undefined) return [simple, 1];
  const hexRun = (from: number, max: number): number => {
    let n = 0;
    while (n < max && from + n < limit && /[0-9a-fA-F]/.test(text[from + n] as string)) n++;
    return n;
  };
  if (ch === 'x' || ch === 'u' || ch === 'U') {
    const n = hexRun(pos + 1, ch === 'x' ? 2 : ch === 'u' ? 4 : 8);
    if (n === 0) return ['\\' + ch, 1];
    const code = parseInt(text.slice(pos + 1, pos + 1 + n), 16);
    return [code <= 0x10ffff ? String.fromCodePoint(code) : '\ufffd', 1 + n];
  }
  if (ch >= '0' && ch <= '7') {
    let n = 1;
    while (n < 3 && pos + n < limit && text.charCodeAt(pos + n) >= 48 && text.charCodeAt(pos + n) <= 55) n++;
    return [String.fromCharCode(parseInt(text.slice(pos, pos + n), 8) & 0xff), n];
  }
  if (ch === 'c' && pos + 1 < limit) {
    return [String.fromCharCode(text.charCodeAt(pos + 1) & 0x1f), 2];
  }
  return ['\\' + ch, 1];
}
