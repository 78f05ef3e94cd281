/**
 * What a stage sees of the text before the first FROM: parser directives, pragmas and global ARGs, as part of
 * the key under which an incremental lint replays what stage-local rules reported about the stage.
 */
import { detectSyntax, type Dockerfile, type Instruction } from '../parser/index.js';
import { endOffsetOf, startOffsetOf } from '../parser/source.js';
import { IDENTIFIER, IDENTIFIER_RUNS, framed, hasWord, instructionWordsOf, type ChunkWords } from './chunk-words.js';
import { PREDEFINED_ARG_NAMES } from './scope.js';
import type { StageInfo } from './types.js';

/**
 * The text before the first FROM, in pieces: what lies between its global ARGs, and the global ARGs. Made from
 * that text alone (its instructions are parsed from it alone), so it is kept while that text is unchanged.
 */
export interface GlobalArgs {
  /** The text before the first FROM, which the pieces were made from. */
  readonly text: string;
  /**
   * The pragma lines (comment lines with an `=`) between the ARGs: `between[i]` comes before `args[i]`, the last
   * ends; the first starts with the directives that count (see `directivesKey`).
   */
  readonly between: readonly string[];
  readonly args: readonly GlobalArg[];
  /** The names of the global ARGs that are whole words. */
  readonly names: ReadonlySet<string>;
}

interface GlobalArg {
  readonly text: string;
  /** Its declared names, framed one after another. */
  readonly names: string;
  /** Its pragma lines (inside a continuation), which a stage sees even where it does not see the ARG. */
  readonly comments: string;
  /** Its names that are whole words (a stage mentions them by those words). */
  readonly plain: readonly string[];
  /** Whether one of its names is written with other characters: then every stage sees it whole. */
  readonly odd: boolean;
  /** Its words that may be variable names (its default may use the global ARGs declared before it). */
  readonly identifiers: readonly string[];
}

/** The pieces last made: an editor lints one document over and over, whose text before the first FROM rarely changes. */
let lastGlobals: GlobalArgs | null = null;

/** The pieces of the text before the first FROM (`prelude`, which ends at `end`) of a parsed file. */
export function globalArgsOf(ast: Dockerfile, end: number, prelude: string): GlobalArgs {
  if (lastGlobals && prelude === lastGlobals.text) return lastGlobals;
  const { instructions, directives } = ast;
  const between: string[] = [];
  const args: GlobalArg[] = [];
  const all = new Set<string>();
  // Whether a directive-shaped line counts depends on the lines above it: the directives that count are read
  // as the parser and the frontend read them.
  const header = directivesKey(directives, prelude);
  let from = 0;
  for (const instruction of instructions) {
    const start = startOffsetOf(instruction.range);
    if (start >= end) break;
    if (instruction.kind !== 'ARG') continue;
    const stop = endOffsetOf(instruction.range);
    between.push(pragmaLines(prelude.slice(from, start)));
    let names = '';
    const plain: string[] = [];
    for (const declaration of instruction.declarations) {
      const name = declaration.name.value;
      names += framed(name);
      if (IDENTIFIER.test(name)) {
        plain.push(name);
        all.add(name);
      }
    }
    const text = prelude.slice(start, stop);
    const odd = plain.length < instruction.declarations.length;
    const identifiers = instructionWordsOf(instruction).text.match(IDENTIFIER_RUNS) ?? [];
    args.push({ text, names, comments: pragmaLines(text), plain, odd, identifiers });
    from = stop;
  }
  between.push(pragmaLines(prelude.slice(from)));
  between[0] = header + (between[0] as string);
  lastGlobals = { text: prelude, between, args, names: all };
  return lastGlobals;
}

/** The words of the stages a stage is built on (its `ancestors`): the global ARG values it sees may come to it through them. */
export function seersOf(ancestors: readonly StageInfo[], words: readonly ChunkWords[]): readonly ChunkWords[] {
  return ancestors.length === 0 ? NO_SEERS : ancestors.map((ancestor) => words[ancestor.index + 1] as ChunkWords);
}

const NO_SEERS: readonly ChunkWords[] = Object.freeze([]);

/**
 * The text before the first FROM as a stage with these words, built on stages with those words (`others`),
 * sees it (`from` is the stage's FROM). What a stage takes from there are parser directives, pragmas and global
 * ARGs: the directives that count and the pragma lines are kept, everything else but the global ARGs dropped
 * (instructions other than ARG are errors there, and carry nothing into the stages). A global ARG's value
 * reaches a stage only through its FROM and through an ARG of the same name declared again without a default,
 * in the stage or in a stage it is built on (whose ENV and base image it inherits); whether a name is declared
 * at all is part of `declared`. So a global ARG is kept whole when one of these takes its value, or the default
 * of another global ARG kept whole uses it. The others are kept as their names when the FROM refers to a
 * variable that is neither one of them nor predefined (a rule then suggests a declared name for it), or when the
 * stage names one of them (a rule may ask whether it is declared there), else left out.
 */
export function preludeSeenBy(globals: GlobalArgs, words: ChunkWords, others: readonly ChunkWords[], from: Instruction): string {
  const known = words.answers.prelude;
  if (known && known.globals === globals && sameWords(known.others, others)) return known.value;
  const { args, between } = globals;
  const whole: boolean[] = [];
  // Where a global ARG's names are looked for: where these stages take values, then the words of the defaults
  // of the global ARGs kept whole so far.
  const takers: ChunkWords[] = [words, ...others];
  const used = new Set<string>();
  // Backwards: an ARG's default can use only the ARGs declared before it.
  for (let index = args.length - 1; index >= 0; index--) {
    const arg = args[index] as GlobalArg;
    const seen = arg.odd || arg.plain.some((name) => used.has(name) || takers.some((where) => hasWord(where, name, 'values')));
    whole[index] = seen;
    if (seen) for (const word of arg.identifiers) used.add(word);
  }
  const names = refersToOtherVariables(from.original, globals.names);
  let value = between[0] as string;
  args.forEach((arg, index) => {
    if (whole[index]) value += arg.text;
    // A stage that names a global ARG it does not take may still ask whether one is declared (DL3066 trusts
    // `USER $VERSION` when an ARG VERSION is declared before the first FROM).
    else value += (names || arg.plain.some((name) => hasWord(words, name, 'identifiers')) ? `ARG ${arg.names}` : '') + arg.comments;
    value += between[index + 1] as string;
  });
  words.answers.prelude = { globals, others, value };
  return value;
}

function sameWords(a: readonly ChunkWords[], b: readonly ChunkWords[]): boolean {
  if (a.length !== b.length) return false;
  for (let index = 0; index < a.length; index++) if (a[index] !== b[index]) return false;
  return true;
}

/**
 * Whether `text` has a `$` that is not followed by one of `names` or a predefined ARG's name (written `$NAME` or
 * `${NAME…`); escapes are not looked at, so an escaped `$` counts too.
 */
function refersToOtherVariables(text: string, names: ReadonlySet<string>): boolean {
  for (let at = text.indexOf('$'); at !== -1; at = text.indexOf('$', at + 1)) {
    VARIABLE_NAME.lastIndex = at + 1;
    const name = VARIABLE_NAME.exec(text)?.[1];
    if (name === undefined || !(names.has(name) || PREDEFINED_ARG_NAMES.has(name))) return true;
  }
  return false;
}

const VARIABLE_NAME = /\{?([A-Za-z_][A-Za-z0-9_]*)/y;

/**
 * The parser directives that count (the parser's, which set the escape character and the build checks) and
 * the frontend the file selects (read from the leading lines as the frontend reads them; a whole-file JSON
 * object cannot have stages).
 */
function directivesKey(directives: Dockerfile['directives'], prelude: string): string {
  let key = '';
  for (const directive of directives) key += framed(directive.raw);
  const syntax = detectSyntax(prelude);
  return `${framed(key)}${syntax ? framed(`${syntax.line}:${syntax.cmdline}`) : '-'}`;
}

/**
 * The comment lines of `text` that hold an `=`, joined: every pragma has one. (Directives are read from the
 * leading lines, see `directivesKey`.)
 */
export function pragmaLines(text: string): string {
  let nextHash = text.indexOf('#');
  if (nextHash === -1) return '';
  // What `text.match(/^[ \t\ufeff]*#[^\n=]*=[^\n]*(?:\n|$)/gm).join('')` gives, in linear time: the pattern read
  // to the end of the line from every line start, and `^` also starts a line after `\r`, U+2028 and U+2029.
  let lines = '';
  let lineStart = 0;
  while (nextHash !== -1) {
    const newline = text.indexOf('\n', lineStart);
    const lineEnd = newline === -1 ? text.length : newline;
    if (nextHash < lineEnd) {
      const start = pragmaStart(text, lineStart, lineEnd);
      if (start !== -1) lines += text.slice(start, newline === -1 ? lineEnd : lineEnd + 1);
    }
    if (newline === -1) break;
    lineStart = newline + 1;
    if (nextHash < lineStart) nextHash = text.indexOf('#', lineStart);
  }
  return lines;
}

/** Where the first pragma-like line inside the line `[lineStart, lineEnd)` starts (-1 for none). */
function pragmaStart(text: string, lineStart: number, lineEnd: number): number {
  let lastEquals = lineEnd - 1;
  while (lastEquals >= lineStart && text[lastEquals] !== '=') lastEquals--;
  for (let start = lineStart; start < lineEnd; ) {
    let at = start;
    while (at < lineEnd && (text[at] === ' ' || text[at] === '\t' || text[at] === '\ufeff')) at++;
    if (at < lineEnd && text[at] === '#') return lastEquals > at ? start : -1;
    while (at < lineEnd && !INNER_LINE_BREAKS.includes(text[at] as string)) at++;
    start = at + 1;
  }
  return -1;
}

/** Where `^` starts a line inside a line of the text (after these), besides after `\n`. */
const INNER_LINE_BREAKS = '\r\u2028\u2029';
