/**
 * The Dockerfile lexer (chevrotain, two modes).
 *
 * Tokens are deliberately coarse — at most two per instruction — because the parser costs per token and because
 * BuildKit interprets instructions on the *joined* logical line, not on physical tokens:
 *
 * - `line` mode, between instructions: line breaks, blanks, comments, a BOM, and the text of an instruction
 *   (which enters `instruction` mode). That token takes a continued instruction whole, every line up to the
 *   last one's text, and carries the text of each line and where the lines BuildKit skips are. An instruction
 *   whose first line holds nothing but the continuation marker starts with that line.
 * - `instruction` mode: the end of the instruction, which also carries the heredoc bodies that follow the
 *   instruction line.
 *
 * The continuation marker is the file's escape character, so the patterns read it from `activeEscape`, set
 * by `tokenize` before each run (lexing is synchronous, so this cannot leak between runs).
 */
import { createToken, Lexer, type IToken, type TokenType } from 'chevrotain';
import type { HeredocWord } from './heredoc.js';
import { heredocWordsOfLine } from './heredoc-line.js';
import { JoinedLine, type Segment } from './joined.js';
import { isUnicodeSpace } from './line-syntax.js';
import { isHeredocTerminator } from './heredoc.js';

let activeEscape = 0x5c;
let activeEscapeChar = '\\';

const NEWLINE = 0x0a;
const CR = 0x0d;

function isBlankCode(code: number): boolean {
  return code === 0x20 || code === 0x09;
}

/** Where the current physical line's content ends: before its `\n` and any `\r` right before it. */
function contentEnd(text: string, offset: number): number {
  const newline = text.indexOf('\n', offset);
  let end = newline === -1 ? text.length : newline;
  while (end > offset && text.charCodeAt(end - 1) === CR) end--;
  return end;
}

/**
 * Offset of the continuation marker in `text[from, end)` (the rest of a physical line), or -1. The marker is
 * the escape character followed only by spaces and tabs; it does not count when the character before it is
 * also the escape character (`\\` at the end of a line is an escaped backslash).
 */
function continuationMarkerAt(text: string, from: number, end: number): number {
  let pos = end;
  while (pos > from && isBlankCode(text.charCodeAt(pos - 1))) pos--;
  if (pos === from || text.charCodeAt(pos - 1) !== activeEscape) return -1;
  const marker = pos - 1;
  if (marker > 0 && text.charCodeAt(marker - 1) === activeEscape) return -1;
  return marker;
}

type MatchResult = [string] & { payload?: unknown };

function match(text: string, start: number, end: number, payload?: unknown): MatchResult {
  const result = [text.slice(start, end)] as MatchResult;
  if (payload !== undefined) result.payload = payload;
  return result;
}

/**
 * Payload of a `FirstText` token whose instruction is continued: the token then spans the whole instruction up
 * to the end of its last line's text, the continuation markers and the comment and blank lines BuildKit skips
 * inside the continuation included.
 */
export interface ContinuedLines {
  /** The instruction's lines joined without their markers, as BuildKit reads them. */
  readonly joined: JoinedLine;
  /** `[start, end)` of each comment line inside the continuation, line break included, as flat pairs. */
  readonly comments: readonly number[];
  /** The first line inside the continuation holding only white space, line break included. */
  readonly emptyLine: { readonly start: number; readonly end: number } | null;
}

const NO_COMMENT_LINES: readonly number[] = [];

/**
 * The first text of an instruction. A line without a continuation marker is the whole token; a continued
 * instruction is one token over all its lines, which are joined into its `ContinuedLines` payload: the parser
 * costs per token, and about a third of a real Dockerfile's lines are continued. A first line of nothing but
 * the marker adds no text: the instruction's text starts on a later line, and when none has any text, the AST
 * builder keeps the lines as trivia.
 */
function matchInstructionText(text: string, offset: number): MatchResult | null {
  // The line mode's other tokens take blanks, comments and line breaks first, so an instruction never starts on
  // a line that a continuation would skip: only an empty rest of the line is no text.
  const end = contentEnd(text, offset);
  if (end <= offset) return null;
  const marker = continuationMarkerAt(text, offset, end);
  if (marker === -1) return match(text, offset, end);
  const parts: string[] = [];
  const segments: Segment[] = [];
  let joinedLength = 0;
  const addLine = (start: number, stop: number): void => {
    parts.push(text.slice(start, stop));
    segments.push({ joinedStart: joinedLength, sourceStart: start, length: stop - start });
    joinedLength += stop - start;
  };
  if (marker > offset) addLine(offset, marker);
  let comments: number[] | null = null;
  let emptyLine: ContinuedLines['emptyLine'] = null;
  const length = text.length;
  let pos = continuationEnd(text, end);
  // Each line after a marker: one a continuation skips (a comment or blank line), or one with text or a marker.
  while (pos < length) {
    const first = firstNonBlank(text, pos);
    if (skipsFrom(text, first)) {
      const newline = text.indexOf('\n', first);
      const lineEnd = newline === -1 ? length : newline + 1;
      if (first < length && text.charCodeAt(first) === 0x23) (comments ??= []).push(pos, lineEnd);
      else emptyLine ??= { start: pos, end: lineEnd };
      pos = lineEnd;
      continue;
    }
    // Not skipped, so the line has text: it ends the instruction or is continued in turn.
    const lineEnd = contentEnd(text, pos);
    const lineMarker = continuationMarkerAt(text, pos, lineEnd);
    if (lineMarker === -1) {
      addLine(pos, lineEnd);
      pos = lineEnd;
      break;
    }
    // A line of nothing but the marker adds no text.
    if (lineMarker > pos) addLine(pos, lineMarker);
    pos = continuationEnd(text, lineEnd);
  }
  // join() gives a flat string at once, where repeated `+` would build a rope that is flattened later.
  const joined = new JoinedLine(parts.length === 1 ? (parts[0] as string) : parts.join(''), segments);
  return match(text, offset, pos, { joined, comments: comments ?? NO_COMMENT_LINES, emptyLine } satisfies ContinuedLines);
}

/** Where a continuation ends: past the line's `\r`s (from `end`, its content's end) and its line break. */
function continuationEnd(text: string, end: number): number {
  let stop = end;
  while (stop < text.length && text.charCodeAt(stop) === CR) stop++;
  if (stop < text.length && text.charCodeAt(stop) === NEWLINE) stop++;
  return stop;
}

/** Whether a line whose first non-blank character is at `first` is one a continuation skips: blank or a comment. */
function skipsFrom(text: string, first: number): boolean {
  return first >= text.length || text.charCodeAt(first) === NEWLINE || text.charCodeAt(first) === 0x23;
}

/** The offset of the first character from `offset` on that is not white space (a line break is not), or the end. */
function firstNonBlank(text: string, offset: number): number {
  let pos = offset;
  while (pos < text.length && isWhiteSpaceNotNewline(text.charCodeAt(pos))) pos++;
  return pos;
}

function isWhiteSpaceNotNewline(code: number): boolean {
  return code !== NEWLINE && isUnicodeSpace(code);
}

/** One heredoc body located in the source. */
export interface HeredocBody {
  readonly word: HeredocWord;
  readonly contentStart: number;
  readonly contentEnd: number;
  /** The terminator line's text (without its line ending), or -1/-1 when the file ends first. */
  readonly terminatorStart: number;
  readonly terminatorEnd: number;
}

/** Payload of an `InstructionEnd` token: the heredocs of the instruction, if any. */
export interface InstructionEndPayload {
  readonly heredocs: readonly HeredocBody[];
}

/**
 * The end of an instruction: its line break, plus, when the joined line opens heredocs, every heredoc body
 * and terminator after it (the token then stops before the last terminator's line break).
 */
function matchInstructionEnd(text: string, offset: number, tokens: IToken[]): MatchResult | null {
  let pos = offset;
  while (pos < text.length && text.charCodeAt(pos) === CR) pos++;
  if (pos < text.length && text.charCodeAt(pos) === NEWLINE) pos++;
  else if (pos < text.length || pos === offset) return null;
  const line = joinedLineWithHeredocMarker(tokens);
  const words = line === null ? [] : heredocWordsOfLine(line, activeEscapeChar);
  if (words.length === 0) return match(text, offset, pos);
  const bodies = readHeredocBodies(text, pos, words);
  const last = bodies[bodies.length - 1] as HeredocBody;
  const end = last.terminatorStart === -1 ? text.length : last.terminatorEnd;
  return match(text, offset, end, { heredocs: bodies } satisfies InstructionEndPayload);
}

/** Reads heredoc bodies in the order their words appear, starting at `start` (the line after the instruction). */
export function readHeredocBodies(text: string, start: number, words: readonly HeredocWord[]): HeredocBody[] {
  const bodies: HeredocBody[] = [];
  let pos = start;
  for (const word of words) {
    const contentStart = pos;
    let terminatorStart = -1;
    let terminatorEnd = -1;
    while (pos < text.length) {
      const newline = text.indexOf('\n', pos);
      const lineEnd = newline === -1 ? text.length : newline;
      let bare = lineEnd;
      while (bare > pos && text.charCodeAt(bare - 1) === CR) bare--;
      if (isHeredocTerminator(text.slice(pos, bare), word.name, word.chomp)) {
        terminatorStart = pos;
        terminatorEnd = bare;
        pos = newline === -1 ? text.length : newline + 1;
        break;
      }
      pos = newline === -1 ? text.length : newline + 1;
    }
    const contentEnd = terminatorStart === -1 ? text.length : terminatorStart;
    bodies.push({ word, contentStart, contentEnd, terminatorStart, terminatorEnd });
    if (terminatorStart === -1) {
      // The file ended inside this body; later heredocs are empty and unterminated too.
      pos = text.length;
    }
  }
  return bodies;
}

/**
 * The joined logical line of the instruction whose first token ends the `tokens` array, or `null` when it holds
 * no `<<` and so cannot open a heredoc.
 */
function joinedLineWithHeredocMarker(tokens: IToken[]): string | null {
  const last = tokens[tokens.length - 1];
  if (last?.tokenType !== FirstText) return null;
  // The whole instruction, its lines already joined when it is continued.
  const continued = last.payload as ContinuedLines | undefined;
  const line = continued === undefined ? last.image : continued.joined.text;
  return line.indexOf('<<') === -1 ? null : line;
}

/** Category of everything that can stand between instructions. */
export const TopLevelTrivia = createToken({ name: 'TopLevelTrivia', pattern: Lexer.NA });

export const Bom = createToken({
  name: 'Bom',
  pattern: { exec: (text: string, offset: number) => (offset === 0 && text.charCodeAt(0) === 0xfeff ? ['\ufeff'] : null) },
  line_breaks: false,
  categories: [TopLevelTrivia],
  start_chars_hint: ['\ufeff'],
});
export const Newline = createToken({
  name: 'Newline',
  pattern: /\n/,
  line_breaks: true,
  categories: [TopLevelTrivia],
});
export const Blank = createToken({
  name: 'Blank',
  pattern: /[ \t\r\v\f\u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/,
  line_breaks: false,
  categories: [TopLevelTrivia],
});
export const Comment = createToken({
  name: 'Comment',
  pattern: /#[^\n]*/,
  line_breaks: false,
  categories: [TopLevelTrivia],
});
/** The text of an instruction: its first line, or all its lines when it is continued (see `matchInstructionText`). */
export const FirstText = createToken({
  name: 'FirstText',
  pattern: { exec: matchInstructionText },
  line_breaks: true,
  push_mode: 'instruction',
});
export const InstructionEnd = createToken({
  name: 'InstructionEnd',
  pattern: { exec: matchInstructionEnd },
  line_breaks: true,
  pop_mode: true,
});

export const allTokens: TokenType[] = [TopLevelTrivia, Bom, Newline, Blank, Comment, FirstText, InstructionEnd];

const lexer = new Lexer(
  {
    modes: {
      line: [Bom, Newline, Blank, Comment, FirstText],
      // After a `FirstText`, which takes all of a continued instruction's lines, only its end can follow.
      instruction: [InstructionEnd],
    },
    defaultMode: 'line',
  },
  { positionTracking: 'onlyOffset', ensureOptimizations: false, skipValidations: true },
);

/** Lexes a whole Dockerfile with the given escape character. */
export function tokenize(text: string, escapeChar: '\\' | '`'): IToken[] {
  activeEscapeChar = escapeChar;
  activeEscape = escapeChar.charCodeAt(0);
  return lexer.tokenize(text).tokens;
}
