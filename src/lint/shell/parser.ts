/**
 * A tolerant recursive-descent parser for the bash-flavoured POSIX shell of RUN instructions. It keeps only
 * what rules need, the simple commands, and reads every character a bounded number of times: substitutions are
 * parsed once where the lexer meets them, failed `((` guesses are budgeted, nesting depth and `sh -c`
 * recursion are capped. It never throws: what does not parse is skipped and the script marked incomplete.
 */
import { shellStringArgument } from './commands.js';
import { Lexer, T_EOF, T_IONUMBER, T_NEWLINE, T_OP, T_WORD, type PendingHeredoc, type ScanContext, type TokenKind } from './lexer.js';
import { alignValue, Remapper, type OffsetMap } from './offsets.js';
import type {
  Assignment,
  ParseShellOptions,
  Redirect,
  ShellScript,
  ShellWord,
  WordPart,
} from './types.js';

/** Deeper nesting (of compounds, substitutions, `${…}`) aborts the parse; real scripts stay far below. */
const MAX_DEPTH = 200;
/** `sh -c "sh -c '…'"` levels followed; each level re-reads its string, so the cap keeps parsing linear. */
const MAX_SHELL_STRING_DEPTH = 4;

interface MutableCommand {
  name: ShellWord | null;
  args: ShellWord[];
  assignments: Assignment[];
  redirects: Redirect[];
  start: number;
  end: number;
  nested: boolean;
  pipeline: number;
  inPipe: boolean;
}

/** Reserved words that end a list; a command never starts with one. */
const CLOSERS: ReadonlySet<string> = new Set(['then', 'elif', 'else', 'fi', 'do', 'done', 'esac', '}']);

// Most commands have no arguments, assignments or redirects of their own: sharing one empty list saves
// allocations per command. They are replaced, never pushed to.
const NO_ASSIGNMENTS: Assignment[] = [];
const NO_ARGS: ShellWord[] = [];
const NO_REDIRECTS: Redirect[] = [];

interface Settings {
  readonly wantParts: boolean;
  readonly shellStrings: boolean;
  readonly externalHeredocs: boolean;
}

/** The state shared by the parsers of one text: the main one and those of its substitutions. */
class Context implements ScanContext {
  readonly commands: MutableCommand[] = [];
  /** Which parser (substitution level) recorded each command, index for index; -1 for mapped-in commands. */
  readonly levels: number[] = [];
  readonly wantParts: boolean;
  readonly externalHeredocs: boolean;
  complete = true;
  /** Whether the text parsed whole outside shell strings (see `ShellScript.ownComplete`). */
  ownComplete = true;
  aborted = false;
  arithBudget: number;
  pipelineCount = 0;
  hasPipe = false;
  /** A pipe outside shell strings (see `ShellScript.hasOwnPipe`). */
  hasOwnPipe = false;
  nextLevel = 0;

  constructor(
    readonly text: string,
    readonly settings: Settings,
    readonly shellDepth: number,
    private depth: number,
  ) {
    this.wantParts = settings.wantParts;
    this.externalHeredocs = settings.externalHeredocs;
    this.arithBudget = 2 * text.length + 256;
  }

  get commandCount(): number {
    return this.commands.length;
  }

  incomplete(): void {
    this.complete = false;
    this.ownComplete = false;
  }

  enter(): boolean {
    if (this.depth >= MAX_DEPTH) {
      this.aborted = true;
      this.complete = false;
      this.ownComplete = false;
      return false;
    }
    this.depth++;
    return true;
  }

  leave(): void {
    this.depth--;
  }

  run(nested: boolean): void {
    new Parser(this, new Lexer(this, 0, this.text.length), nested).parseProgram();
  }

  substitution(start: number, limit: number): number {
    if (!this.enter()) return limit;
    const end = new Parser(this, new Lexer(this, start, limit), true).parseSubstitution();
    this.leave();
    return end;
  }

  backquote(start: number, end: number, escaped: boolean): void {
    if (!escaped) {
      if (!this.enter()) return;
      new Parser(this, new Lexer(this, start, end), true).parseProgram();
      this.leave();
      return;
    }
    // Inside backquotes `\$`, `` \` `` and `\\` lose their backslash before the command is parsed.
    const text = this.text;
    let inner = '';
    const map: number[] = [];
    let seg = start;
    for (let i = start; i < end; i++) {
      if (text.charCodeAt(i) !== 92 || i + 1 >= end) continue;
      const n = text.charCodeAt(i + 1);
      if (n !== 36 && n !== 96 && n !== 92) {
        i++;
        continue;
      }
      inner += text.slice(seg, i);
      for (let k = seg; k < i; k++) map.push(k);
      seg = i + 1;
      i++;
    }
    inner += text.slice(seg, end);
    for (let k = seg; k < end; k++) map.push(k);
    this.parseDerived(inner, map, start, false, -1);
  }

  /**
   * Parses a text derived from this one (a script string, unescaped backquotes) and adds its commands, mapped
   * back, as nested. Commands from `dedupeFrom` on that the derived text repeats (a `$(…)` inside a
   * double-quoted `sh -c` string, which both parses see) are added once.
   */
  parseDerived(inner: string, map: OffsetMap, origin: number, shellString: boolean, dedupeFrom: number): void {
    if (!this.enter()) return;
    const settings = this.settings.externalHeredocs ? { ...this.settings, externalHeredocs: false } : this.settings;
    const sub = new Context(inner, settings, this.shellDepth + (shellString ? 1 : 0), this.depth);
    sub.run(true);
    this.leave();
    if (!sub.complete) this.complete = false;
    if (!sub.ownComplete && !shellString) this.ownComplete = false;
    if (sub.hasPipe) this.hasPipe = true;
    if (sub.hasOwnPipe && !shellString) this.hasOwnPipe = true;
    const base = this.pipelineCount;
    this.pipelineCount += sub.pipelineCount;
    if (sub.commands.length === 0) return;
    let seen: Set<string> | null = null;
    if (dedupeFrom >= 0) {
      seen = new Set();
      for (let i = dedupeFrom; i < this.commands.length; i++) {
        const c = this.commands[i] as MutableCommand;
        if (c.nested) seen.add(`${c.start}:${c.end}`);
      }
    }
    const remap = new Remapper(map, this.text, origin);
    for (const c of sortByStart(sub.commands)) {
      const m = remap.command(c) as MutableCommand;
      if (seen !== null && seen.has(`${m.start}:${m.end}`)) continue;
      m.pipeline += base;
      this.commands.push(m);
      this.levels.push(-1);
    }
  }

  /** Marks the commands a parser at `level` recorded from index `from` on as piped. */
  markPiped(from: number, level: number): void {
    const commands = this.commands;
    const levels = this.levels;
    for (let i = from; i < commands.length; i++) {
      if (levels[i] === level) (commands[i] as MutableCommand).inPipe = true;
    }
  }

  /** Puts a command at `at` (its first token's mark, so it precedes commands nested in that token). */
  insert(cmd: MutableCommand, at: number, level: number): number {
    const commands = this.commands;
    if (at >= commands.length) {
      commands.push(cmd);
      this.levels.push(level);
      return commands.length - 1;
    }
    commands.splice(at, 0, cmd);
    this.levels.splice(at, 0, level);
    return at;
  }
}

function sortByStart<T extends { readonly start: number }>(list: T[]): T[] {
  for (let i = 1; i < list.length; i++) {
    if ((list[i] as T).start < (list[i - 1] as T).start) return list.sort((a, b) => a.start - b.start);
  }
  return list;
}

/** One parser per command text: the script, or the inside of one substitution. */
class Parser {
  private readonly level: number;
  /** The arguments of the simple command being read (a simple command never contains another of this parser). */
  private readonly scratch: ShellWord[] = [];

  constructor(
    private readonly ctx: Context,
    private readonly lx: Lexer,
    private readonly nested: boolean,
  ) {
    this.level = ctx.nextLevel++;
    lx.advance();
  }

  /** The whole text; stray tokens are skipped. */
  parseProgram(): void {
    for (;;) {
      this.parseList();
      if (this.at(T_EOF)) return;
      this.recover();
    }
  }

  /** A `$(…)` or `<(…)` body; returns the offset after its `)`. */
  parseSubstitution(): number {
    const lx = this.lx;
    for (;;) {
      this.parseList();
      if (this.isOp(')')) {
        if (lx.pending.length > 0) lx.abandonHeredocs();
        return lx.tokEnd;
      }
      if (this.at(T_EOF)) {
        this.ctx.incomplete();
        return lx.limit;
      }
      this.recover();
    }
  }

  /**
   * Gets past a token no list can continue with. A word that can start a command (one following a compound
   * command without a separator: `fi b`) is left for the next list, so its command is not lost; anything else
   * (a stray `fi`, `)`, `;;`) is skipped.
   */
  private recover(): void {
    const lx = this.lx;
    this.ctx.incomplete();
    // Once aborted nothing is consumed any more, so the token must be skipped to reach the end.
    if (lx.kind === T_WORD && !this.isCloser() && !this.ctx.aborted) return;
    lx.advance();
  }

  private isCloser(): boolean {
    const word = this.lx.word as ShellWord;
    return !word.quoted && CLOSERS.has(word.value);
  }

  // Methods rather than inline comparisons: the token changes under `advance()`, which TypeScript's
  // narrowing of `lx.kind` would not see.
  private at(kind: TokenKind): boolean {
    return this.lx.kind === kind;
  }

  private isOp(op: string): boolean {
    return this.lx.kind === T_OP && this.lx.op === op;
  }

  private atRedirect(): boolean {
    const lx = this.lx;
    return lx.kind === T_IONUMBER || (lx.kind === T_OP && lx.redirect);
  }

  private isKeyword(word: string): boolean {
    const lx = this.lx;
    return this.at(T_WORD) && !(lx.word as ShellWord).quoted && (lx.word as ShellWord).value === word;
  }

  private expectKeyword(word: string): boolean {
    if (this.isKeyword(word)) {
      this.lx.advance();
      return true;
    }
    this.ctx.incomplete();
    return false;
  }

  private skipNewlines(): void {
    const lx = this.lx;
    while (this.at(T_NEWLINE)) lx.advance();
  }

  /** A compound list: and-or lists separated by `;`, `&` or newlines, up to a token that cannot continue it. */
  private parseList(): void {
    const lx = this.lx;
    this.skipNewlines();
    for (;;) {
      if (!this.parseAndOr()) return;
      if ((this.isOp(';') || this.isOp('&'))) {
        lx.advance();
        this.skipNewlines();
      } else if (this.at(T_NEWLINE)) {
        this.skipNewlines();
      } else {
        return;
      }
    }
  }

  private parseAndOr(): boolean {
    const lx = this.lx;
    if (!this.parsePipeline()) return false;
    while ((this.isOp('&&') || this.isOp('||'))) {
      lx.advance();
      this.skipNewlines();
      if (!this.parsePipeline()) {
        this.ctx.incomplete();
        break;
      }
    }
    return true;
  }

  private parsePipeline(): boolean {
    const lx = this.lx;
    const ctx = this.ctx;
    let bang = false;
    while (this.isKeyword('!')) {
      bang = true;
      lx.advance();
    }
    const index = ctx.pipelineCount++;
    const mark = lx.mark;
    let count = 0;
    for (;;) {
      if (!this.parseCommand(index)) {
        if (count > 0 || bang) ctx.incomplete();
        break;
      }
      count++;
      if ((this.isOp('|') || this.isOp('|&'))) {
        lx.advance();
        this.skipNewlines();
        continue;
      }
      break;
    }
    if (count === 0) {
      if (ctx.pipelineCount === index + 1) ctx.pipelineCount = index;
      return bang;
    }
    if (count > 1) {
      ctx.hasPipe = true;
      ctx.hasOwnPipe = true;
      ctx.markPiped(mark, this.level);
    }
    return true;
  }

  /** One command of a pipeline; false (nothing consumed) when the token cannot start one. */
  private parseCommand(pipeline: number): boolean {
    const lx = this.lx;
    if (this.at(T_WORD)) {
      const word = lx.word as ShellWord;
      if (!word.quoted) {
        switch (word.value) {
          case 'then':
          case 'elif':
          case 'else':
          case 'fi':
          case 'do':
          case 'done':
          case 'esac':
          case '}':
            // The CLOSERS: the caller's construct ends here.
            return false;
          case 'if':
          case 'while':
          case 'until':
          case 'for':
          case 'select':
          case 'case':
          case '{':
          case 'function':
            return this.compound(word.value, pipeline);
          case '[[':
            return this.parseConditional(pipeline);
          default:
            if (!word.expansions && lx.functionParensFollow()) return this.compound('()', pipeline);
        }
      }
      return this.parseSimple(pipeline);
    }
    if (this.atRedirect()) return this.parseSimple(pipeline);
    if (this.isOp('(')) return this.compound('(', pipeline);
    return false;
  }

  private compound(kind: string, pipeline: number): boolean {
    const ctx = this.ctx;
    const lx = this.lx;
    if (!ctx.enter()) return false;
    switch (kind) {
      case 'if':
        this.parseIf();
        break;
      case 'while':
      case 'until':
        lx.advance();
        this.parseList();
        this.expectKeyword('do');
        this.parseDoBody();
        break;
      case 'for':
      case 'select':
        this.parseFor();
        break;
      case 'case':
        this.parseCase();
        break;
      case '{':
        lx.advance();
        this.parseList();
        this.expectKeyword('}');
        break;
      case 'function':
        this.parseFunctionKeyword(pipeline);
        break;
      case '()':
        // The name and both parentheses were checked by `functionParensFollow`.
        lx.advance();
        lx.advance();
        lx.advance();
        this.parseFunctionBody(pipeline);
        break;
      default:
        this.parseParenthesis();
    }
    ctx.leave();
    while (this.atRedirect()) this.parseRedirect();
    return true;
  }

  /** `( list )`, or `(( arithmetic ))` when the parentheses balance that way. */
  private parseParenthesis(): void {
    const lx = this.lx;
    if (lx.doubleParen() && this.ctx.arithBudget > 0) {
      const end = lx.arithmeticEnd(lx.tokEnd + 1);
      if (end >= 0) {
        lx.resetTo(end);
        return;
      }
    }
    lx.advance();
    this.parseList();
    if (this.isOp(')')) lx.advance();
    else this.ctx.incomplete();
  }

  private parseIf(): void {
    const lx = this.lx;
    // A missing `then` or `do` is reported and the parse goes on as if it were there, to keep the commands after it.
    lx.advance();
    this.parseList();
    this.expectKeyword('then');
    this.parseList();
    while (this.isKeyword('elif')) {
      lx.advance();
      this.parseList();
      this.expectKeyword('then');
      this.parseList();
    }
    if (this.isKeyword('else')) {
      lx.advance();
      this.parseList();
    }
    this.expectKeyword('fi');
  }

  /** After `do`: the body and `done`. */
  private parseDoBody(): void {
    this.parseList();
    this.expectKeyword('done');
  }

  private parseFor(): void {
    const lx = this.lx;
    const ctx = this.ctx;
    lx.advance();
    if (lx.doubleParen()) {
      // `for ((` is never a subshell, but a failed scan still costs: the budget bounds `for ((for ((…`.
      const end = ctx.arithBudget > 0 ? lx.arithmeticEnd(lx.tokEnd + 1) : -1;
      if (end < 0) {
        ctx.incomplete();
        return;
      }
      lx.resetTo(end);
    } else if (this.at(T_WORD)) {
      lx.advance();
      this.skipNewlines();
      if (this.isKeyword('in')) {
        lx.advance();
        while (this.at(T_WORD)) lx.advance();
      }
    } else {
      ctx.incomplete();
      return;
    }
    if (this.isOp(';')) lx.advance();
    this.skipNewlines();
    if (this.isKeyword('do')) {
      lx.advance();
      this.parseDoBody();
    } else if (this.isKeyword('{')) {
      lx.advance();
      this.parseList();
      this.expectKeyword('}');
    } else {
      ctx.incomplete();
      this.parseDoBody();
    }
  }

  private parseCase(): void {
    const lx = this.lx;
    const ctx = this.ctx;
    lx.advance();
    if (!this.at(T_WORD)) {
      ctx.incomplete();
      return;
    }
    lx.advance();
    this.skipNewlines();
    if (!this.expectKeyword('in')) return;
    this.skipNewlines();
    for (;;) {
      if (this.isKeyword('esac')) {
        lx.advance();
        return;
      }
      if (this.isOp('(')) lx.advance();
      while (this.at(T_WORD)) {
        lx.advance();
        if (!this.isOp('|')) break;
        lx.advance();
      }
      if (!this.isOp(')')) {
        ctx.incomplete();
        return;
      }
      lx.advance();
      this.parseList();
      if ((this.isOp(';;') || this.isOp(';&') || this.isOp(';;&'))) {
        lx.advance();
        this.skipNewlines();
        continue;
      }
      this.expectKeyword('esac');
      return;
    }
  }

  /** `function name [()] body`. */
  private parseFunctionKeyword(pipeline: number): void {
    const lx = this.lx;
    lx.advance();
    if (!this.at(T_WORD)) {
      this.ctx.incomplete();
      return;
    }
    lx.advance();
    if (this.isOp('(')) {
      lx.advance();
      if (this.isOp(')')) lx.advance();
      else this.ctx.incomplete();
    }
    this.parseFunctionBody(pipeline);
  }

  private parseFunctionBody(pipeline: number): void {
    this.skipNewlines();
    if (!this.parseCommand(pipeline)) this.ctx.incomplete();
  }

  /** `[[ … ]]`, listed as a command named `[[`. */
  private parseConditional(pipeline: number): boolean {
    const lx = this.lx;
    const ctx = this.ctx;
    const open = lx.word as ShellWord;
    const cmd = this.newCommand(open.start, open.end, pipeline);
    cmd.name = open;
    ctx.insert(cmd, lx.mark, this.level);
    lx.condMode = true;
    lx.advance();
    for (;;) {
      if (this.at(T_WORD)) {
        const w = lx.word as ShellWord;
        cmd.end = w.end;
        if (!w.quoted && w.value === ']]') {
          lx.condMode = false;
          lx.advance();
          break;
        }
        if (cmd.args === NO_ARGS) cmd.args = [w];
        else cmd.args.push(w);
        lx.advance();
      } else if (this.at(T_NEWLINE)) {
        lx.advance();
      } else {
        lx.condMode = false;
        ctx.incomplete();
        break;
      }
    }
    while (this.atRedirect()) {
      const r = this.parseRedirect();
      if (cmd.redirects === NO_REDIRECTS) cmd.redirects = [r];
      else cmd.redirects.push(r);
      cmd.end = r.end;
    }
    return true;
  }

  private newCommand(start: number, end: number, pipeline: number): MutableCommand {
    return {
      name: null,
      args: NO_ARGS,
      assignments: NO_ASSIGNMENTS,
      redirects: NO_REDIRECTS,
      start,
      end,
      nested: this.nested,
      pipeline,
      inPipe: false,
    };
  }

  private parseSimple(pipeline: number): boolean {
    const lx = this.lx;
    const ctx = this.ctx;
    const cmd = this.newCommand(lx.tokStart, lx.tokEnd, pipeline);
    const index = ctx.insert(cmd, lx.mark, this.level);
    // Arguments are gathered in a reused list and copied once: an array grown by `push` reserves room for
    // 17 elements, which for thousands of short commands is most of the parse's memory. (Counting instead of
    // resetting `length` avoids a slow path; stale entries past the count are never read.)
    const args = this.scratch;
    let argc = 0;
    for (;;) {
      const kind = lx.kind;
      if (kind === T_WORD) {
        const word = lx.word as ShellWord;
        if (cmd.name !== null) {
          args[argc++] = word;
        } else {
          const assignment = assignmentOf(word);
          if (assignment === null) cmd.name = word;
          else if (cmd.assignments === NO_ASSIGNMENTS) cmd.assignments = [assignment];
          else cmd.assignments.push(assignment);
        }
        cmd.end = word.end;
        lx.advance();
      } else if (this.atRedirect()) {
        const r = this.parseRedirect();
        if (cmd.redirects === NO_REDIRECTS) cmd.redirects = [r];
        else cmd.redirects.push(r);
        cmd.end = r.end;
      } else {
        break;
      }
    }
    if (argc > 0) cmd.args = args.slice(0, argc);
    if (cmd.name !== null && ctx.settings.shellStrings && ctx.shellDepth < MAX_SHELL_STRING_DEPTH) {
      this.parseShellString(cmd, index);
    }
    return true;
  }

  private parseRedirect(): Redirect {
    const lx = this.lx;
    const ctx = this.ctx;
    const start = lx.tokStart;
    let fd: number | null = null;
    if (this.at(T_IONUMBER)) {
      fd = Number((lx.word as ShellWord).value);
      lx.advance();
    }
    if (!this.at(T_OP) || !lx.redirect) {
      ctx.incomplete();
      return { op: '', fd, target: null, heredoc: null, start, end: lx.tokStart };
    }
    const op = lx.op;
    let end = lx.tokEnd;
    lx.advance();
    if (!this.at(T_WORD)) {
      ctx.incomplete();
      return { op, fd, target: null, heredoc: null, start, end };
    }
    const target = lx.word as ShellWord;
    let heredoc: PendingHeredoc | null = null;
    if (op === '<<' || op === '<<-') {
      heredoc = { delimiter: target.value, quoted: target.quoted, stripTabs: op === '<<-', body: null };
      // Registered before reading on, so the lexer takes the body after the next newline.
      if (!ctx.externalHeredocs) lx.pending.push(heredoc);
    }
    end = target.end;
    lx.advance();
    return { op, fd, target, heredoc, start, end };
  }

  /** `sh -c '…'` and the like: the string's commands, as nested commands of this text. */
  private parseShellString(cmd: MutableCommand, index: number): void {
    const arg = shellStringArgument(cmd);
    if (arg === null) return;
    const word = arg.word;
    const map = alignValue(word.raw, word.value, word.start).subarray(arg.offset);
    const origin = arg.offset === 0 ? word.start : word.end;
    this.ctx.parseDerived(word.value.slice(arg.offset), map, origin, true, index + 1);
  }
}

/**
 * The assignment a command-prefix word makes, or `null`. The name (and any `[subscript]`) must be written
 * without quotes or escapes, so the value starts at the same index in `raw` and `value`.
 */
function assignmentOf(word: ShellWord): Assignment | null {
  const raw = word.raw;
  const first = raw.charCodeAt(0);
  if (!((first >= 65 && first <= 90) || (first >= 97 && first <= 122) || first === 95)) return null;
  let i = 1;
  for (; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    const isName = (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
    if (!isName) break;
  }
  let nameEnd = i;
  if (raw.charCodeAt(i) === 91) {
    // An array element, `a[i]=…`: quotes in the subscript would make raw and value offsets differ.
    const close = raw.indexOf(']', i);
    if (close < 0 || /['"\\`]/.test(raw.slice(i, close))) return null;
    i = close + 1;
    nameEnd = i;
  }
  let append = false;
  if (raw.charCodeAt(i) === 43) {
    append = true;
    i++;
  }
  if (raw.charCodeAt(i) !== 61) return null;
  const valueStart = i + 1;
  const rawValue = raw.slice(valueStart);
  const start = word.start + valueStart;
  const value: ShellWord = {
    value: word.value.slice(valueStart),
    raw: rawValue,
    start,
    end: word.end,
    quoted: word.quoted,
    expansions: word.expansions && /[$`]/.test(rawValue),
  };
  if (word.parts !== undefined) {
    const parts: WordPart[] = [];
    for (const p of word.parts) {
      if (p.end <= start && p.start < start) continue;
      if (p.start < start) {
        parts.push({ ...p, value: p.value.slice(start - p.start), start });
      } else {
        parts.push(p);
      }
    }
    (value as { parts?: readonly WordPart[] }).parts = parts;
  }
  return { name: raw.slice(0, nameEnd), value, append, start: word.start, end: word.end };
}

/**
 * Parses shell text (a RUN instruction's shell form, or a heredoc script) into its simple commands. Total and
 * linear: any input gives a result, with `complete: false` when the parser had to recover.
 */
export function parseShell(text: string, options: ParseShellOptions = {}): ShellScript {
  const settings: Settings = {
    wantParts: options.parts === true,
    shellStrings: options.shellStrings !== false,
    externalHeredocs: options.externalHeredocs === true,
  };
  const ctx = new Context(text, settings, 0, 0);
  try {
    ctx.run(false);
  } catch {
    // A bug must not take the linter down: report what was found as an incomplete parse.
    ctx.complete = false;
    ctx.ownComplete = false;
  }
  return {
    commands: sortByStart(ctx.commands),
    pipelineCount: ctx.pipelineCount,
    hasPipe: ctx.hasPipe,
    hasOwnPipe: ctx.hasOwnPipe,
    complete: ctx.complete,
    ownComplete: ctx.ownComplete,
  };
}
