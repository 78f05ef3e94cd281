/**
 * The shell-word lexer against BuildKit's own vectors (shell/envVarTest, shell/wordsTest and the transcribed
 * tables in extracted/shell-lex.json), plus the corner cases and failure modes read from its behaviour.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  envFromList,
  expandWord,
  expandWords,
  expandWordsWithOffsets,
  formatProcessError,
  type ExpandOptions,
} from '../../src/parser/expand.js';

const projectRoot = fileURLToPath(new URL('../../', import.meta.url));
const vectors = (...parts: string[]): string =>
  readFileSync(resolve(projectRoot, '../shared/conformance/buildkit', ...parts), 'utf8');

// ---------------------------------------------------------------------------------------------------------------
// shell/envVarTest

interface EnvVarVector {
  readonly line: number;
  readonly platform: 'A' | 'U' | 'W';
  readonly input: string;
  readonly expected: string;
}

function readEnvVarTest(): EnvVarVector[] {
  const out: EnvVarVector[] = [];
  const lines = vectors('shell', 'envVarTest').split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  lines.forEach((raw, index) => {
    // The comment check comes before trimming, as upstream does it.
    if (raw.startsWith('#')) return;
    const line = raw.trim();
    if (line === '') return;
    const fields = line.split('|');
    if (fields.length !== 3) throw new Error(`envVarTest line ${index + 1}: expected 3 fields`);
    const platform = (fields[0] ?? '').trim();
    if (platform !== 'A' && platform !== 'U' && platform !== 'W') {
      throw new Error(`envVarTest line ${index + 1}: bad platform ${platform}`);
    }
    out.push({ line: index + 1, platform, input: (fields[1] ?? '').trim(), expected: (fields[2] ?? '').trim() });
  });
  return out;
}

const envVarVectors = readEnvVarTest();
const envVarEnv = envFromList(['PWD=/home', 'SHELL=bash', 'KOREAN=한국어', 'NULL=']);
const linuxVectors = envVarVectors.filter((v) => v.platform !== 'W');
const windowsVectors = envVarVectors.filter((v) => v.platform !== 'U');

function checkEnvVarVector(vector: EnvVarVector, options: ExpandOptions): void {
  const result = expandWord(vector.input, envVarEnv, options);
  if (vector.expected === 'error') {
    expect(result.ok, `${vector.input} should fail`).toBe(false);
  } else {
    expect(result).toMatchObject({ ok: true, value: vector.expected });
  }
}

describe('shell/envVarTest', () => {
  it('has the documented number of vectors', () => {
    expect(envVarVectors).toHaveLength(230);
    expect(envVarVectors.filter((v) => v.platform === 'A')).toHaveLength(226);
    expect(envVarVectors.filter((v) => v.platform === 'U')).toHaveLength(2);
    expect(envVarVectors.filter((v) => v.platform === 'W')).toHaveLength(2);
    expect(envVarVectors.filter((v) => v.expected === 'error')).toHaveLength(36);
    expect(linuxVectors).toHaveLength(228);
    expect(windowsVectors).toHaveLength(228);
  });

  describe('Linux semantics (A and U lines)', () => {
    it.each(linuxVectors.map((v) => [v.line, v.input, v] as const))('line %i: %s', (_line, _input, vector) => {
      checkEnvVarVector(vector, {});
    });
  });

  describe('Windows semantics (A and W lines, case-insensitive names)', () => {
    it.each(windowsVectors.map((v) => [v.line, v.input, v] as const))('line %i: %s', (_line, _input, vector) => {
      checkEnvVarVector(vector, { caseInsensitiveEnv: true });
    });
  });
});

// ---------------------------------------------------------------------------------------------------------------
// shell/wordsTest

interface WordsVector {
  readonly line: number;
  readonly input: string;
  readonly expected: readonly string[];
  readonly env: readonly string[];
}

function readWordsTest(): { vectors: WordsVector[]; envLines: number } {
  const out: WordsVector[] = [];
  const env: string[] = [];
  let envLines = 0;
  const lines = vectors('shell', 'wordsTest').split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  lines.forEach((line, index) => {
    if (line.startsWith('#')) return;
    if (line.startsWith('ENV ')) {
      // Trailing spaces are part of the value.
      env.push(line.slice(3).replace(/^ +/, ''));
      envLines++;
      return;
    }
    const fields = line.split('|');
    if (fields.length !== 2) throw new Error(`wordsTest line ${index + 1}: expected exactly one |`);
    out.push({
      line: index + 1,
      input: (fields[0] ?? '').trim(),
      expected: (fields[1] ?? '').replace(/^ +/, '').split(','),
      env: [...env],
    });
  });
  return { vectors: out, envLines };
}

const wordsTest = readWordsTest();

describe('shell/wordsTest (word splitting)', () => {
  it('has the documented number of vectors', () => {
    expect(wordsTest.vectors).toHaveLength(24);
    expect(wordsTest.envLines).toBe(4);
    expect(wordsTest.vectors.filter((v) => v.expected.join(',') === 'error')).toHaveLength(1);
  });

  it.each(wordsTest.vectors.map((v) => [v.line, v.input, v] as const))('line %i: %s', (_line, _input, vector) => {
    const result = expandWords(vector.input, envFromList(vector.env));
    if (vector.expected.length === 1 && vector.expected[0] === 'error') {
      expect(result.ok).toBe(false);
    } else {
      expect(result).toMatchObject({ ok: true, value: vector.expected });
    }
  });
});

// ---------------------------------------------------------------------------------------------------------------
// extracted/shell-lex.json

interface MatchCase {
  readonly input: string;
  readonly envs: Record<string, string>;
  readonly expected?: string;
  readonly expectError?: boolean;
  readonly matched?: string[];
  readonly unmatched?: string[];
}

interface ShellLex {
  readonly processWordWithMatches: MatchCase[];
  readonly platformTemplate: { input: string; cases: { envs: Record<string, string>; expected: string }[] };
  readonly mandatoryVars: {
    cases: { input: string; envs: Record<string, string>; expected?: string; errorContains?: string }[];
  };
  readonly envListLookup: { cases: { env: string[]; lookup: string; expected: string }[] };
  readonly shellPatternToRegex: { cases: { pattern: string; expectedRegex: string }[]; invalid: string[] };
  readonly reversePattern: { cases: { pattern: string; expected: string }[] };
}

const shellLex = JSON.parse(vectors('extracted', 'shell-lex.json')) as ShellLex;
const sorted = (set: Iterable<string>): string[] => [...set].sort();

describe('extracted/shell-lex.json', () => {
  it('has the documented number of cases', () => {
    expect(shellLex.processWordWithMatches).toHaveLength(47);
    expect(shellLex.platformTemplate.cases).toHaveLength(3);
    expect(shellLex.mandatoryVars.cases).toHaveLength(6);
    expect(shellLex.envListLookup.cases).toHaveLength(6);
  });

  describe('processWordWithMatches', () => {
    it.each(shellLex.processWordWithMatches.map((c, i) => [i, c.input, c] as const))(
      '#%i %s',
      (_index, _input, c) => {
        const result = expandWord(c.input, c.envs);
        if (c.expectError === true) {
          expect(result.ok).toBe(false);
          return;
        }
        expect(result).toMatchObject({ ok: true, value: c.expected });
        if (!result.ok) return;
        expect(sorted(result.matched)).toEqual(sorted(c.matched ?? []));
        expect(sorted(result.unmatched)).toEqual(sorted(c.unmatched ?? []));
      },
    );
  });

  describe('platformTemplate', () => {
    it.each(shellLex.platformTemplate.cases.map((c, i) => [i, c.expected, c] as const))('#%i → %s', (_i, _e, c) => {
      expect(expandWord(shellLex.platformTemplate.input, c.envs)).toMatchObject({ ok: true, value: c.expected });
    });
  });

  describe('mandatoryVars', () => {
    it.each(shellLex.mandatoryVars.cases.map((c, i) => [i, c.input, c] as const))('#%i %s', (_i, _input, c) => {
      const result = expandWord(c.input, c.envs);
      if (c.errorContains !== undefined) {
        expect(result.ok).toBe(false);
        if (!result.ok) expect(result.error).toContain(c.errorContains);
      } else {
        expect(result).toMatchObject({ ok: true, value: c.expected });
      }
    });
  });

  describe('envListLookup', () => {
    it.each(shellLex.envListLookup.cases.map((c, i) => [i, c.env.join(' '), c] as const))('#%i [%s]', (_i, _e, c) => {
      expect(expandWord('$' + c.lookup, envFromList(c.env))).toMatchObject({ ok: true, value: c.expected });
    });
  });

  // The lexer has no glob-to-regex converter: patterns are matched by a dedicated engine (see expand.ts). The
  // converter's vectors are therefore checked by behaviour: the expected Go regex, run as a JavaScript regex on
  // sample values, must remove the same prefix as `${V##pattern}` (the vectors were made with greedy stars).
  describe('shellPatternToRegex (by behaviour)', () => {
    const literal = '(()[]{}^$.*?|\\';
    const samples = ['', 'abc', '*', '*x', '?', '\\', 'x*', literal, literal + 'tail', 'z' + literal];
    it.each(shellLex.shellPatternToRegex.cases.map((c) => [c.pattern, c] as const))('%s', (_pattern, c) => {
      const regex = new RegExp(c.expectedRegex, 's');
      for (const value of samples) {
        const match = regex.exec(value);
        const expected = match === null ? value : value.slice(match[0].length);
        expect(expandWord('${V##$P}', { V: value, P: c.pattern })).toMatchObject({ ok: true, value: expected });
      }
    });
    it.each(shellLex.shellPatternToRegex.invalid.map((p) => [p] as const))('invalid: %s', (pattern) => {
      const result = expandWord('${V##$P}', { V: 'value', P: pattern });
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error).toMatch(/^invalid pattern \(.*\) in substitution: invalid escape '\\.*'$/su);
    });
    it('reports the offending escape exactly', () => {
      expect(expandWord('${V#$P}', { V: 'v', P: '\\x' })).toEqual({
        ok: false,
        error: "invalid pattern (\\x) in substitution: invalid escape '\\x'",
      });
      // Running out of pattern after a backslash reads as Go's end-of-input rune.
      expect(expandWord('${V#$P}', { V: 'v', P: '\\' })).toEqual({
        ok: false,
        error: "invalid pattern (\\) in substitution: invalid escape '\\\uFFFD'",
      });
    });
  });

  // Pattern reversal is internal too. Suffix removal reverses the pattern and the value and removes a prefix, so
  // `${V%%P}` must equal the reversed prefix removal with the vector's reversed pattern, errors included (an invalid
  // escape error quotes the reversed pattern, which makes the reversal visible).
  describe('reversePattern (by behaviour)', () => {
    const reverse = (text: string): string => [...text].reverse().join('');
    const samples = ['', 'a*c', 'xa*c', 'abc', 'b\\a\\', '🖖🚀👽', 'bb\\'];
    it.each(shellLex.reversePattern.cases.map((c) => [c.pattern, c] as const))('%s', (_pattern, c) => {
      for (const value of samples) {
        for (const op of ['%', '%%']) {
          const suffix = expandWord('${V' + op + '$P}', { V: value, P: c.pattern });
          const prefix = expandWord('${R' + op.replaceAll('%', '#') + '$Q}', { R: reverse(value), Q: c.expected });
          if (prefix.ok) expect(suffix).toMatchObject({ ok: true, value: reverse(prefix.value) });
          else expect(suffix).toEqual(prefix);
        }
      }
    });
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Behaviour read from BuildKit's lexer that the vectors do not pin down

describe('error messages', () => {
  it.each([
    ['${', "syntax error: missing '}'"],
    ['${a:', "syntax error: missing '}'"],
    ['${a:-b', "syntax error: missing '}'"],
    ["${a:-'b", "syntax error: missing '}'"],
    ['${a:-${b', "syntax error: missing '}'"],
    ['${}', 'syntax error: bad substitution'],
    ['${:}', 'syntax error: bad substitution'],
    ['${{x}', 'syntax error: bad substitution'],
    ['${:-x}', 'syntax error: bad substitution'],
    ['${.}', 'unsupported modifier (.) in substitution'],
    // An unterminated `${name` runs into the end of input where the operator should be.
    ['${abc', 'unsupported modifier (\uFFFD) in substitution'],
    ['${a=b}', 'unsupported modifier (=) in substitution'],
    ['${a:=b}', 'unsupported modifier (:=) in substitution'],
    ['${a:#b}', 'unsupported modifier (:#) in substitution'],
    ['${a:%b}', 'unsupported modifier (:%) in substitution'],
    ['${a:0:1}', 'unsupported modifier (:0) in substitution'],
    ['${#a}', 'unsupported modifier (a) in substitution'],
    ['${!a}', 'unsupported modifier (a) in substitution'],
    ['${a^^}', 'unsupported modifier (^) in substitution'],
    ['${a,,}', 'unsupported modifier (,) in substitution'],
    ['${a[0]}', 'unsupported modifier ([) in substitution'],
    ['${a/x}', "syntax error: missing '/' in ${}"],
    ['${a//}', "syntax error: missing '/' in ${}"],
    ['${a/x/y', "syntax error: missing '}'"],
    ['${a?}', 'a: is not allowed to be unset'],
    ['${a?custom $b text}', 'a: custom  text'],
    ['${e:?}', 'e: is not allowed to be empty'],
    ["'abc", 'unexpected end of statement while looking for matching single-quote'],
    ['"abc', 'unexpected end of statement while looking for matching double-quote'],
    ['"abc\\"', 'unexpected end of statement while looking for matching double-quote'],
    ['${a#\\q}', "invalid pattern (\\q) in substitution: invalid escape '\\q'"],
    ['${a%x\\q}', "invalid pattern (\\qx) in substitution: invalid escape '\\q'"],
    ['${a/\\q/}', "invalid pattern (\\q) in substitution: invalid escape '\\q'"],
  ])('%s → %s', (input, message) => {
    expect(expandWord(input, { e: '' })).toEqual({ ok: false, error: message });
  });

  it('wraps errors the way BuildKit reports them', () => {
    expect(formatProcessError('${a', "syntax error: missing '}'")).toBe(
      `failed to process "\${a": syntax error: missing '}'`,
    );
    expect(formatProcessError('say "hi"\n', 'x')).toBe('failed to process "say \\"hi\\"\\n": x');
  });
});

describe('substitution operators', () => {
  const env = {
    set: 'value',
    empty: '',
    path: '/usr/local/bin/app.tar.gz',
    multi: 'a\nb',
    t1: '$$x',
    t2: '<${0}>',
    t3: '[$1]',
    t4: '${x',
    t5: '$0$00',
  };
  it.each([
    ['${set-d} ${empty-d} ${unset-d}', 'value  d'],
    ['${set:-d} ${empty:-d} ${unset:-d}', 'value d d'],
    ['${set+w} ${empty+w} ${unset+w}', 'w w '],
    ['${set:+w} ${empty:+w} ${unset:+w}', 'w  '],
    ['${path#*/}', 'usr/local/bin/app.tar.gz'],
    ['${path##*/}', 'app.tar.gz'],
    ['${path%.*}', '/usr/local/bin/app.tar'],
    ['${path%%.*}', '/usr/local/bin/app'],
    ['${path/[/x}', '/usr/local/bin/app.tar.gz'],
    ['${path/local/LOCAL}', '/usr/LOCAL/bin/app.tar.gz'],
    ['${path//\\//:}', ':usr:local:bin:app.tar.gz'],
    ['${path/#\\//x}', '/usr/local/bin/app.tar.gz'],
    ['${set/a*/}', 'v'],
    // `*` and `?` never match a newline, as in Go's regular expressions.
    ['${multi#*}', 'a\nb'],
    ['${multi##a?}', 'a\nb'],
    ['${multi//*/-}', '-\n-'],
    // Replace-all follows Go: an empty match right after a match is not replaced again.
    ['${set//*/-}', '-'],
    ['${set///-}', '-v-a-l-u-e-'],
    // Only replace-all expands `$` templates in the replacement; `$0` is the whole match.
    ['${set//al/<\\$0>}', 'v<\\al>ue'],
    ['${set/al/<\\$0>}', 'v<\\$0>ue'],
    ['${set/e/$}', 'valu$'],
    ['${set//e/$t1}', 'valu$x'],
    ['${set//e/$t2}', 'valu<e>'],
    ['${set//e/$t3}', 'valu[]'],
    ['${set//e/$t4}', 'valu${x'],
    ['${set//e/$t5}', 'value'],
    ['${set/e/$t2}', 'valu<${0}>'],
    // The operand of `-`, `+` and `?` is itself expanded, quotes and all.
    ['${unset:-"a b" \'$c\'}', 'a b $c'],
    ['${unset:-${unset2:-${set}}}', 'value'],
    ['${set:+$set$set}', 'valuevalue'],
  ])('%s → %j', (input, expected) => {
    expect(expandWord(input, env)).toMatchObject({ ok: true, value: expected });
  });

  it('does not hang on patterns that make backtracking engines explode', () => {
    const started = Date.now();
    const value = 'a'.repeat(3000);
    const pattern = '*a'.repeat(25) + 'b';
    expect(expandWord(`\${V##${pattern}}`, { V: value })).toMatchObject({ ok: true, value });
    expect(expandWord(`\${V%%${pattern}}`, { V: value })).toMatchObject({ ok: true, value });
    expect(expandWord(`\${V//${pattern}/x}`, { V: value })).toMatchObject({ ok: true, value });
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('refuses matches too large to compute instead of exhausting memory', () => {
    const value = 'a'.repeat(1 << 20);
    expect(expandWord('${V##' + '*a'.repeat(64) + '}', { V: value })).toEqual({
      ok: false,
      error: 'pattern too complex to match in substitution',
    });
    expect(expandWord('${V%%a}', { V: value })).toMatchObject({ ok: true, value: value.slice(1) });
  });
});

describe('names', () => {
  it.each([
    ['$1abc', 'abc'],
    ['$10', 'ten'],
    ['$١٢x', 'x'],
    ['$é_1.', 'accent.'],
    ['$_', 'underscore'],
    ['$ x', '$ x'],
    ['$', '$'],
    ['a$', 'a$'],
    ['${a}}', '}'],
  ])('%s → %j', (input, expected) => {
    expect(expandWord(input, { '10': 'ten', é_1: 'accent', _: 'underscore' })).toMatchObject({
      ok: true,
      value: expected,
    });
  });

  it('compares names case-insensitively only when asked, and the last differently-cased definition wins', () => {
    const env = envFromList(['Path=a', 'PATH=b', 'path=c']);
    expect(expandWord('$PATH', env)).toMatchObject({ value: 'b' });
    expect(expandWord('$PATH', env, { caseInsensitiveEnv: true })).toMatchObject({ value: 'c' });
    expect(expandWord('$pAtH', env, { caseInsensitiveEnv: true })).toMatchObject({
      value: 'c',
      matched: new Set(['pAtH']),
    });
  });

  it('looks only at own properties of a plain object', () => {
    expect(expandWord('${constructor:-none}', {})).toMatchObject({ ok: true, value: 'none' });
    expect(expandWord('${toString:-none}', new Map())).toMatchObject({ ok: true, value: 'none' });
  });
});

describe('quoting and escapes', () => {
  it.each([
    ['\\$HOME', '\\', '$HOME'],
    ['`$HOME', '`', '$HOME'],
    ['a\\b', '`', 'a\\b'],
    ['"a`"b"', '`', 'a"b'],
    ['"a`tb"', '`', 'a`tb'],
    ['C:\\dir', '`', 'C:\\dir'],
  ] as const)('%s with escape %s → %j', (input, escapeChar, expected) => {
    expect(expandWord(input, { HOME: '/root' }, { escapeChar })).toMatchObject({ ok: true, value: expected });
  });

  it('drops a byte-order mark at the very start, as Go’s scanner does', () => {
    expect(expandWord('\uFEFFabc', {})).toMatchObject({ value: 'abc' });
    expect(expandWord('a\uFEFFbc', {})).toMatchObject({ value: 'a\uFEFFbc' });
  });
});

describe('modes', () => {
  it('skipUnset keeps references to unset variables as written', () => {
    const options = { skipUnset: true };
    expect(expandWord('$A ${A} ${A:-x} ${A/p/r} ${A//p/r} $B', { B: 'b' }, options)).toMatchObject({
      value: '$A ${A} ${A:-x} ${A/p/r} ${A/p/r} b',
    });
    // Unsupported operators slip through when the variable is unset; only syntax errors remain errors.
    expect(expandWord('${A:0:1} $(cmd)', {}, options)).toMatchObject({ ok: true, value: '${A:0:1} $(cmd)' });
    expect(expandWord('${#A}', {}, options)).toMatchObject({ ok: false });
  });

  it('rawQuotes and rawEscapes keep quote and escape characters', () => {
    const input = `a'b c'"d\\"e"\\f`;
    expect(expandWord(input, {})).toMatchObject({ value: 'ab cd"ef' });
    expect(expandWord(input, {}, { rawQuotes: true })).toMatchObject({ value: `a'b c'"d"e"f` });
    expect(expandWord(input, {}, { rawEscapes: true })).toMatchObject({ value: 'ab cd\\"e\\f' });
    expect(expandWord(input, {}, { rawQuotes: true, rawEscapes: true })).toMatchObject({ value: input });
    // Inside double quotes an escape before an ordinary character is written twice in raw mode (BuildKit does so).
    expect(expandWord('"a\\tb"', {}, { rawEscapes: true })).toMatchObject({ value: 'a\\\\tb' });
  });

  it('skipQuotes treats quotes as text', () => {
    expect(expandWord(`'$A' "$A"`, { A: 'x' }, { skipQuotes: true })).toMatchObject({ value: `'x' "x"` });
  });
});

describe('word splitting', () => {
  it('splits unquoted expansions, keeps quoted text and drops empty quoted words', () => {
    expect(expandWords(`a "" '' b"" $X "$X"`, { X: ' 1  2 ' })).toMatchObject({
      value: ['a', 'b', '1', '2', ' 1  2 '],
    });
    expect(expandWords('\u00a0a\u2003b\u0085c\u200bd', {})).toMatchObject({ value: ['a', 'b', 'c\u200bd'] });
  });

  it('keeps `<<` and the blanks after it in one word', () => {
    expect(expandWords('cat <<  EOF <<\t-X < y', {})).toMatchObject({ value: ['cat', '<<  EOF', '<<\t-X', '<', 'y'] });
  });

  it('loses the part of a word before a ${…} operand, as BuildKit does', () => {
    expect(expandWords('80${X:-0} a"${X:-b}"c x${Y}', { Y: 'y' })).toMatchObject({ value: ['0', 'bc', 'xy'] });
    expect(expandWord('80${X:-0}', {})).toMatchObject({ value: '800' });
  });

  it('reports where each word came from', () => {
    const text = 'RUN 3<<-"EOF" $A ${B} x\\ y';
    const result = expandWordsWithOffsets(text, {}, { rawQuotes: true, rawEscapes: true, skipUnset: true });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value).toEqual([
      { value: 'RUN', start: 0, end: 3 },
      { value: '3<<-"EOF"', start: 4, end: 13 },
      { value: '$A', start: 14, end: 16 },
      { value: '${B}', start: 17, end: 21 },
      { value: 'x\\ y', start: 22, end: 26 },
    ]);
    const expanded = expandWordsWithOffsets('a$V b', { V: '1 2' });
    expect(expanded).toMatchObject({
      value: [
        { value: 'a1', start: 0, end: 3 },
        { value: '2', start: 1, end: 3 },
        { value: 'b', start: 4, end: 5 },
      ],
    });
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Crash freedom

const SHELL_PIECES = [
  '$', '${', '}', '{', ':', '-', '+', '?', '#', '%', '/', '//', '*', '\\', '`', "'", '"', ' ', '\t', '\n', '<<', '<',
  'a', 'B', '_', '0', '1', '@', '!', '=', '^', ',', '[', '\ufeff', 'é', '😀', '\ud800', '١',
];
const shellish = fc.array(fc.constantFrom(...SHELL_PIECES), { maxLength: 40 }).map((parts) => parts.join(''));
const anyOptions = fc.record({
  escapeChar: fc.constantFrom<'\\' | '`'>('\\', '`'),
  skipUnset: fc.boolean(),
  rawQuotes: fc.boolean(),
  rawEscapes: fc.boolean(),
  skipQuotes: fc.boolean(),
  caseInsensitiveEnv: fc.boolean(),
});
const anyText = fc.oneof(shellish, fc.string({ unit: 'binary', maxLength: 40 }));
const anyEnv = fc.dictionary(fc.constantFrom('a', 'B', '_', '0', '1', '@', 'é'), shellish, { maxKeys: 4 });

describe('properties', () => {
  it('never throws, and the three entry points agree', () => {
    fc.assert(
      fc.property(anyText, anyEnv, anyOptions, (text, env, options) => {
        const word = expandWord(text, env, options);
        const words = expandWords(text, env, options);
        const withOffsets = expandWordsWithOffsets(text, env, options);
        expect(words.ok).toBe(word.ok);
        expect(withOffsets.ok).toBe(word.ok);
        if (!withOffsets.ok || !words.ok) return;
        expect(withOffsets.value.map((w) => w.value)).toEqual(words.value);
        for (const w of withOffsets.value) {
          expect(w.value).not.toBe('');
          expect(0 <= w.start && w.start < w.end && w.end <= text.length).toBe(true);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('takes the shortcut for plain text only when the full lexer would agree', () => {
    const plainPieces = ['a', ' ', '\t', '\n', '\u00a0', '\u2028', '<<', '<', '{', '}', 'é', '😀', '\ud800', '\ufeff'];
    const plain = fc.array(fc.constantFrom(...plainPieces), { maxLength: 30 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(fc.oneof(plain, fc.string({ unit: 'binary', maxLength: 60 })), (raw) => {
        const text = raw.replace(/[$'"\\`]/g, '').replace(/^\ufeff+/, '');
        // A trailing lone `$` is kept literally, and it forces the full lexer.
        expect(expandWord(text, {})).toMatchObject({ ok: true, value: text });
        expect(expandWord(text + '$', {})).toMatchObject({ ok: true, value: text + '$' });
        const words = expandWordsWithOffsets(text, {});
        // A newline separates words but, unlike a blank, never sticks to a preceding `<<`.
        const forced = expandWordsWithOffsets(text + '\n$', {});
        expect(forced.ok && words.ok && forced.value.slice(0, -1)).toEqual(words.ok && words.value);
      }),
      { numRuns: 1000 },
    );
  });

  it('survives deep nesting and long inputs', () => {
    expect(expandWord('${a:-'.repeat(5000) + 'x' + '}'.repeat(5000), {}).ok).toBe(false);
    expect(expandWord('${a:-'.repeat(500) + 'x' + '}'.repeat(500), {})).toMatchObject({ ok: true, value: 'x' });
    expect(expandWord('"'.repeat(20001), {}).ok).toBe(false);
    expect(expandWords('$a '.repeat(20000), {})).toMatchObject({ ok: true, value: [] });
  });
});
