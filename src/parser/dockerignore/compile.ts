/**
 * One `.dockerignore` (or `COPY --exclude`) pattern turned into a test on a context-relative path, the way
 * moby/patternmatcher does it: a pattern made only of plain characters compares exactly; one whose only
 * wildcard is a trailing `**` compares as a prefix, a leading `**` followed by plain text as a suffix; everything
 * else becomes a Go (RE2) regular expression. The regular expression is built exactly as Docker builds it (which
 * hands `[`, `]`, `^` and `\x` straight to RE2, with RE2's meaning) and then rewritten into an equivalent
 * JavaScript one, so odd patterns behave as they do in Docker rather than as a glob library would guess.
 */

import { linearMatcher, starCount, WORD_CHARACTERS, type CodeRange, type Re2Token } from './linear-match.js';

/** A compiled pattern: whether it matches a path exactly (parents are the matcher's business). */
export type PatternTest = (path: string) => boolean;

/** A pattern ready to test paths, or the reason Docker would refuse it. */
export type CompiledPattern = { readonly test: PatternTest; readonly error?: undefined } | { readonly error: string };

/** Characters patternmatcher escapes because they mean something to RE2 but not to a glob. */
const REGEXP_ONLY = new Set(['.', '+', '(', ')', '|', '{', '}', '$']);

/**
 * Which engine tests a pattern that needs a regular expression: `auto` picks JavaScript's where its backtracking
 * cannot blow up and the linear automaton elsewhere; the others force one (to compare them).
 */
export type PatternEngine = 'auto' | 'backtracking' | 'linear';

/**
 * Compiles a cleaned pattern (no `!`, already through `path.Clean`). An `error` means Docker would reject the
 * pattern when it compiles it (RE2 refuses the expression), or that it uses an RE2 feature not modelled here.
 */
export function compileIgnorePattern(cleaned: string, engine: PatternEngine = 'auto'): CompiledPattern {
  const chars = Array.from(cleaned);
  let regexp = '^';
  let kind: 'exact' | 'prefix' | 'suffix' | 'regexp' = 'exact';
  let position = 0;
  for (let step = 0; position < chars.length; step++) {
    const char = chars[position++] as string;
    if (char === '*') {
      if (chars[position] === '*') {
        position++;
        // `**/` is read as `**`: the slash is part of "any number of directories".
        if (chars[position] === '/') position++;
        if (position >= chars.length) {
          if (kind === 'exact') kind = 'prefix';
          else {
            regexp += '.*';
            kind = 'regexp';
          }
        } else {
          regexp += '(.*/)?';
          kind = 'regexp';
        }
        if (step === 0) kind = 'suffix';
      } else {
        regexp += '[^/]*';
        kind = 'regexp';
      }
    } else if (char === '?') {
      regexp += '[^/]';
      kind = 'regexp';
    } else if (REGEXP_ONLY.has(char)) {
      regexp += '\\' + char;
    } else if (char === '\\') {
      if (position < chars.length) {
        regexp += '\\' + chars[position++];
        kind = 'regexp';
      } else regexp += '\\';
    } else if (char === '[' || char === ']') {
      regexp += char;
      kind = 'regexp';
    } else regexp += char;
  }

  switch (kind) {
    case 'exact':
      return { test: (path) => path === cleaned };
    case 'prefix': {
      const prefix = cleaned.slice(0, -2);
      return { test: (path) => path.startsWith(prefix) };
    }
    case 'suffix': {
      const suffix = cleaned.slice(2);
      // `**/name` also matches `name` at the top, where there is no slash before it.
      const bare = suffix.startsWith('/') ? suffix.slice(1) : null;
      return { test: (path) => path.endsWith(suffix) || path === bare };
    }
    case 'regexp': {
      let tokens: Re2Token[];
      let compiled: RegExp;
      try {
        tokens = re2Tokens(Array.from(regexp + '$', (c) => c.codePointAt(0) as number));
        compiled = new RegExp(javaScriptOf(tokens), 'u');
      } catch (error) {
        return { error: error instanceof Re2Error ? error.message : `error parsing regexp: ${String(error)}` };
      }
      // JavaScript's engine backtracks: with k stars its worst case grows as the path's length to the k-th power.
      // Two (`**/*.log`) stay quadratic at worst and are the usual case, so they keep the fast engine; more go
      // through the automaton, which is linear as Go's RE2 is.
      const byStars = engine === 'linear' || (engine === 'auto' && starCount(tokens) > 2);
      // Only an expression JavaScript's engine would run is tried there (compiling a long one takes time too).
      const runs = byStars || compilesInJavaScript(compiled);
      const linear = byStars || (engine === 'auto' && !runs) ? linearMatcher(tokens) : null;
      if (engine === 'linear' && linear === null) return { error: `unsupported pattern for the linear matcher: ${cleaned}` };
      if (linear === null && !runs) return { error: `pattern too long for the regular expression engine: ${cleaned.slice(0, 80)}…` };
      return { test: linear ?? ((path) => compiled.test(path)) };
    }
  }
}

/**
 * Whether JavaScript's engine can run `compiled`: it compiles an expression when first used, and runs out of
 * stack on some long ones (twenty thousand `?` in a row), which Go's RE2 reads.
 */
function compilesInJavaScript(compiled: RegExp): boolean {
  try {
    compiled.test('');
    return true;
  } catch {
    return false;
  }
}

const compiledCache = new Map<string, CompiledPattern>();

/**
 * {@link compileIgnorePattern}, remembered: reading a file checks every pattern by compiling it, and each matcher
 * built from the patterns compiles them again.
 */
export function compileIgnorePatternCached(cleaned: string): CompiledPattern {
  let compiled = compiledCache.get(cleaned);
  if (!compiled) {
    compiled = compileIgnorePattern(cleaned);
    // Bounded: a long-lived process (a language server) sees many ignore files over time.
    if (compiledCache.size > 4096) compiledCache.clear();
    compiledCache.set(cleaned, compiled);
  }
  return compiled;
}

// --- RE2 → JavaScript ------------------------------------------------------------------------------------------

class Re2Error extends Error {}

const MAX_RUNE = 0x10ffff;
const codeOf = (char: string): number => char.codePointAt(0) as number;

const DIGIT: CodeRange[] = [[0x30, 0x39]];
// RE2's \s is [\t\n\f\r ] (no vertical tab), unlike JavaScript's, which also takes Unicode spaces.
const SPACE: CodeRange[] = [[0x09, 0x0a], [0x0c, 0x0d], [0x20, 0x20]];

const PERL_CLASSES: Record<string, readonly CodeRange[]> = {
  d: DIGIT,
  D: complement(DIGIT),
  s: SPACE,
  S: complement(SPACE),
  w: WORD_CHARACTERS,
  W: complement(WORD_CHARACTERS),
};

const POSIX_CLASSES: Record<string, readonly CodeRange[]> = {
  alnum: [[0x30, 0x39], [0x41, 0x5a], [0x61, 0x7a]],
  alpha: [[0x41, 0x5a], [0x61, 0x7a]],
  ascii: [[0x00, 0x7f]],
  blank: [[0x09, 0x09], [0x20, 0x20]],
  cntrl: [[0x00, 0x1f], [0x7f, 0x7f]],
  digit: DIGIT,
  graph: [[0x21, 0x7e]],
  lower: [[0x61, 0x7a]],
  print: [[0x20, 0x7e]],
  punct: [[0x21, 0x2f], [0x3a, 0x40], [0x5b, 0x60], [0x7b, 0x7e]],
  space: [[0x09, 0x0d], [0x20, 0x20]],
  upper: [[0x41, 0x5a]],
  word: WORD_CHARACTERS,
  xdigit: [[0x30, 0x39], [0x41, 0x46], [0x61, 0x66]],
};

const CONTROL_ESCAPES: Record<string, number> = { a: 7, f: 12, n: 10, r: 13, t: 9, v: 11 };

function complement(ranges: readonly CodeRange[]): CodeRange[] {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  const out: CodeRange[] = [];
  let next = 0;
  for (const [low, high] of sorted) {
    if (low > next) out.push([next, low - 1]);
    next = Math.max(next, high + 1);
  }
  if (next <= MAX_RUNE) out.push([next, MAX_RUNE]);
  return out;
}

/** A code point as a JavaScript `u`-mode regexp atom, valid inside and outside a class. */
function literal(point: number): string {
  const char = String.fromCodePoint(point);
  return /^[A-Za-z0-9_]$/.test(char) ? char : `\\u{${point.toString(16)}}`;
}

function classOf(ranges: readonly CodeRange[], negated: boolean): string {
  const body = ranges.map(([low, high]) => (low === high ? literal(low) : `${literal(low)}-${literal(high)}`)).join('');
  return `[${negated ? '^' : ''}${body}]`;
}

type Escape =
  | { readonly kind: 'char'; readonly char: number; readonly next: number }
  | { readonly kind: 'set'; readonly ranges: readonly CodeRange[]; readonly next: number }
  | { readonly kind: 'assertion'; readonly which: Extract<Re2Token, { kind: 'assertion' }>['which']; readonly next: number };

const isOctal = (point: number | undefined): boolean => point !== undefined && point >= 0x30 && point <= 0x37;

function hexValue(point: number | undefined): number {
  if (point === undefined) return -1;
  const char = String.fromCodePoint(point);
  return /^[0-9a-fA-F]$/.test(char) ? parseInt(char, 16) : -1;
}

/** RE2's escape after a backslash at `start - 1`. */
function parseEscape(re: readonly number[], start: number, inClass: boolean): Escape {
  const point = re[start];
  if (point === undefined) throw new Re2Error('error parsing regexp: trailing backslash at end of expression');
  const char = String.fromCodePoint(point);
  /** RE2 names the escape as far as it had read it (`end`, exclusive) when it gave up. */
  const invalid = (end = start + 1): never => {
    throw new Re2Error(`error parsing regexp: invalid escape sequence: \`\\${String.fromCodePoint(...re.slice(start, end))}\``);
  };
  const perl = PERL_CLASSES[char];
  if (perl) return { kind: 'set', ranges: perl, next: start + 1 };
  if (!inClass) {
    const assertions: Record<string, Extract<Escape, { kind: 'assertion' }>['which']> = {
      b: 'word-boundary',
      B: 'not-word-boundary',
      A: 'start',
      z: 'end',
    };
    const assertion = assertions[char];
    if (assertion !== undefined) return { kind: 'assertion', which: assertion, next: start + 1 };
  }
  if (char >= '1' && char <= '7' && !isOctal(re[start + 1])) invalid();
  if (char >= '0' && char <= '7') {
    let value = point - 0x30;
    let index = start + 1;
    for (let digits = 1; digits < 3 && isOctal(re[index]); digits++) value = value * 8 + ((re[index++] as number) - 0x30);
    return { kind: 'char', char: value, next: index };
  }
  if (char === 'x') {
    // Two hex digits. RE2's `\x{…}` cannot arise: a pattern's `{` always reaches the expression escaped (`\{`).
    const index = start + 1;
    if (re[index] === undefined) invalid();
    const high = hexValue(re[index]);
    const low = hexValue(re[index + 1]);
    if (high < 0 || low < 0) invalid(Math.min(index + 2, re.length));
    return { kind: 'char', char: high * 16 + low, next: index + 2 };
  }
  const control = CONTROL_ESCAPES[char];
  if (control !== undefined) return { kind: 'char', char: control, next: start + 1 };
  if (point < 0x80 && !/[A-Za-z0-9]/.test(char)) return { kind: 'char', char: point, next: start + 1 };
  if ('pPQC'.includes(char)) {
    // Valid RE2 (Unicode classes, quoting, single bytes) that no sensible ignore file uses; not modelled.
    throw new Re2Error(`unsupported escape \\${char} in pattern`);
  }
  return invalid();
}

function classChar(re: readonly number[], start: number): { char: number; next: number } {
  const point = re[start];
  if (point === undefined) throw new Re2Error('error parsing regexp: missing closing ]');
  if (point !== codeOf('\\')) return { char: point, next: start + 1 };
  const escape = parseEscape(re, start + 1, true);
  if (escape.kind !== 'char') throw new Re2Error('error parsing regexp: invalid character class range');
  return escape;
}

/** An RE2 class starting at `[`; `]` first is literal, `-` is literal where it cannot form a range. */
function parseClass(re: readonly number[], start: number): { ranges: CodeRange[]; negated: boolean; next: number } {
  let index = start + 1;
  let negated = false;
  if (re[index] === codeOf('^')) {
    negated = true;
    index++;
  }
  const ranges: CodeRange[] = [];
  let first = true;
  while (index >= re.length || re[index] !== codeOf(']') || first) {
    if (index >= re.length) throw new Re2Error('error parsing regexp: missing closing ]');
    first = false;
    if (re[index] === codeOf('[') && re[index + 1] === codeOf(':')) {
      const close = findColonBracket(re, index + 2);
      if (close >= 0) {
        const name = String.fromCodePoint(...re.slice(index + 2, close));
        const group = name.startsWith('^') ? POSIX_CLASSES[name.slice(1)] : POSIX_CLASSES[name];
        if (!group) throw new Re2Error(`error parsing regexp: invalid character class range: \`[:${name}:]\``);
        ranges.push(...(name.startsWith('^') ? complement(group) : group));
        index = close + 2;
        continue;
      }
    }
    if (re[index] === codeOf('\\')) {
      const escape = parseEscape(re, index + 1, true);
      if (escape.kind === 'set') {
        ranges.push(...escape.ranges);
        index = escape.next;
        continue;
      }
    }
    const low = classChar(re, index);
    index = low.next;
    let high = low.char;
    if (re[index] === codeOf('-') && index + 1 < re.length && re[index + 1] !== codeOf(']')) {
      const upper = classChar(re, index + 1);
      if (upper.char < low.char) throw new Re2Error('error parsing regexp: invalid character class range');
      high = upper.char;
      index = upper.next;
    }
    ranges.push([low.char, high]);
  }
  return { ranges, negated, next: index + 1 };
}

function findColonBracket(re: readonly number[], from: number): number {
  for (let index = from; index + 1 < re.length; index++) {
    if (re[index] === codeOf(':') && re[index + 1] === codeOf(']')) return index;
  }
  return -1;
}

/**
 * Reads the expressions patternmatcher produces. Outside classes the only unescaped metacharacters are its own
 * (the any-directories group, `[^/]*`, `.*`, the anchors) plus what a pattern passes through (`[`, `]`, `^`, `\x`).
 */
function re2Tokens(re: readonly number[]): Re2Token[] {
  const tokens: Re2Token[] = [];
  let index = 0;
  while (index < re.length) {
    const point = re[index] as number;
    const char = String.fromCodePoint(point);
    if (char === '\\') {
      const escape = parseEscape(re, index + 1, false);
      if (escape.kind === 'char') tokens.push({ kind: 'set', ranges: [[escape.char, escape.char]], negated: false });
      else if (escape.kind === 'set') tokens.push({ kind: 'set', ranges: escape.ranges, negated: false });
      else tokens.push({ kind: 'assertion', which: escape.which });
      index = escape.next;
      continue;
    }
    if (char === '[') {
      const { ranges, negated, next } = parseClass(re, index);
      tokens.push({ kind: 'set', ranges, negated });
      index = next;
      continue;
    }
    index++;
    if (char === '(') tokens.push({ kind: 'open' });
    else if (char === ')') tokens.push({ kind: 'close' });
    else if (char === '*') tokens.push({ kind: 'star' });
    else if (char === '?') tokens.push({ kind: 'optional' });
    else if (char === '^') tokens.push({ kind: 'assertion', which: 'start' });
    else if (char === '$') tokens.push({ kind: 'assertion', which: 'end' });
    // RE2's `.` is any character but a newline.
    else if (char === '.') tokens.push({ kind: 'set', ranges: [[0x0a, 0x0a]], negated: true });
    else tokens.push({ kind: 'set', ranges: [[point, point]], negated: false });
  }
  return tokens;
}

const ASSERTIONS_IN_JAVASCRIPT = { start: '^', end: '$', 'word-boundary': '\\b', 'not-word-boundary': '\\B' } as const;

/** The tokens as a JavaScript `u`-mode expression with RE2's meaning (JavaScript's `.` also refuses \r, U+2028 and U+2029). */
function javaScriptOf(tokens: readonly Re2Token[]): string {
  let out = '';
  for (const token of tokens) {
    switch (token.kind) {
      case 'set': {
        const [only] = token.ranges;
        out += token.ranges.length === 1 && only && only[0] === only[1] && !token.negated ? literal(only[0]) : classOf(token.ranges, token.negated);
        break;
      }
      case 'assertion':
        out += ASSERTIONS_IN_JAVASCRIPT[token.which];
        break;
      case 'open':
        out += '(?:';
        break;
      case 'close':
        out += ')';
        break;
      case 'star':
        out += '*';
        break;
      case 'optional':
        out += '?';
        break;
    }
  }
  return out;
}
