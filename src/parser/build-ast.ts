/**
 * CST → AST: a chevrotain visitor that walks the file's lines, keeps comments and directives, attaches the
 * comments directly above each instruction, and hands each instruction's joined line (its token carries it)
 * to the instruction builder. Gaps between nodes become trivia, so the nodes partition the text.
 */
import type { CstNode, IToken } from 'chevrotain';
import type {
  Comment,
  Diagnostic,
  Directive,
  Dockerfile,
  Heredoc,
  Instruction,
  ParseResult,
  Range,
  TopLevelNode,
  Trivia,
} from './ast.js';
import type { DirectiveScan, ScannedDirective } from './directives.js';
import { grammar } from './grammar.js';
import { heredocWordsOfLine } from './heredoc-line.js';
import { buildInstruction } from './instructions.js';
import { JoinedLine } from './joined.js';
import { ownCopy } from './own-copy.js';
import { endOffsetOf, LineTable, MovableLines, rangeAlongside, startOffsetOf, type Lines } from './source.js';
import {
  Comment as CommentToken,
  Newline,
  readHeredocBodies,
  type ContinuedLines,
  type HeredocBody,
  type InstructionEndPayload,
} from './tokens.js';

export interface BuildOptions {
  readonly instructionChecks: boolean;
}

/** How the nodes of a CST are placed: on the line table, or each top-level node on its own movable placement. */
export type Placing = 'fixed' | 'movable';

/** BuildKit reads lines with a 64 KiB buffer; a longer physical line fails the whole build. */
const MAX_LINE_BYTES = 65535;
const NO_HEREDOCS: readonly Heredoc[] = Object.freeze([]);
const NO_COMMENTS: readonly Comment[] = Object.freeze([]);

interface InstructionChildren {
  FirstText: IToken[];
  InstructionEnd?: IToken[];
}

interface DockerfileChildren {
  TopLevelTrivia?: IToken[];
  instruction?: CstNode[];
}

const BaseVisitor = grammar.getBaseCstVisitorConstructorWithDefaults();
let visitorValidated = false;

class AstBuilder extends BaseVisitor {
  readonly nodes: TopLevelNode[] = [];
  readonly instructions: Instruction[] = [];
  readonly comments: Comment[] = [];
  readonly directives: Directive[] = [];
  readonly diagnostics: Diagnostic[] = [];
  readonly placements: MovableLines[] = [];
  /** What ranges are made on now: the line table, or the placement of the node being built. */
  private lines: Lines;
  private pendingComments: Comment[] = [];
  private lineHasContent = false;
  private readonly directiveByStart = new Map<number, ScannedDirective>();

  constructor(
    private readonly text: string,
    private readonly table: LineTable,
    private readonly scan: DirectiveScan,
    private readonly options: BuildOptions,
    private readonly placing: Placing,
    private readonly offset: number,
  ) {
    super();
    this.lines = table;
    if (!visitorValidated) {
      // The check only looks at the class's methods, so once per process is enough.
      this.validateVisitor();
      visitorValidated = true;
    }
    // Directives come before every instruction, so a stretch that starts after one (offset > 0) has none.
    if (offset === 0) for (const directive of scan.directives) this.directiveByStart.set(directive.start, directive);
  }

  dockerfile(ctx: DockerfileChildren): void {
    const trivia = ctx.TopLevelTrivia ?? [];
    const instructions = ctx.instruction ?? [];
    // The CST groups children by kind; merge the two sorted lists back into source order.
    let t = 0;
    let i = 0;
    while (t < trivia.length || i < instructions.length) {
      const token = trivia[t];
      const node = instructions[i];
      const nodeStart = node ? ((node.children.FirstText as IToken[])[0] as IToken).startOffset : Infinity;
      if (token && token.startOffset < nodeStart) {
        this.topLevelToken(token);
        t++;
      } else if (node) {
        this.visit(node);
        i++;
      }
    }
  }

  private topLevelToken(token: IToken): void {
    if (token.tokenType === Newline) {
      if (!this.lineHasContent && this.pendingComments.length > 0) this.pendingComments = [];
      this.lineHasContent = false;
    } else if (token.tokenType === CommentToken) {
      this.lineHasContent = true;
      this.comment(token);
    }
  }

  /** Makes the ranges of the node starting at `start`, and everything found while building it, movable. */
  private place(start: number): void {
    if (this.placing === 'fixed') return;
    const placement = new MovableLines(this.table, start, this.offset);
    this.placements.push(placement);
    this.lines = placement;
  }

  private comment(token: IToken): void {
    const start = token.startOffset;
    this.place(start);
    const lineStart = this.text.lastIndexOf('\n', start - 1) + 1;
    const directive = this.directiveByStart.get(lineStart === 1 && this.text.charCodeAt(0) === 0xfeff ? 1 : lineStart);
    if (directive) {
      const node: Directive = {
        type: 'Directive',
        name: directive.name,
        value: directive.value,
        nameRange: this.lines.range(directive.nameStart, directive.nameEnd),
        valueRange: this.lines.range(directive.valueStart, directive.valueEnd),
        raw: this.text.slice(start, directive.end),
        range: this.lines.range(start, directive.end),
      };
      this.directives.push(node);
      this.nodes.push(node);
      return;
    }
    const comment = this.makeComment(start, start + token.image.length);
    this.comments.push(comment);
    this.nodes.push(comment);
    if (comment.text === '') this.pendingComments = [];
    else this.pendingComments.push(comment);
  }

  /** A comment node for `[start, end)`, which begins at `#` or at white space before it. */
  private makeComment(start: number, end: number): Comment {
    while (end > start && (this.text.charCodeAt(end - 1) === 0x0d || this.text.charCodeAt(end - 1) === 0x0a)) end--;
    const raw = this.text.slice(start, end);
    const hash = raw.indexOf('#');
    return { type: 'Comment', text: raw.slice(hash + 1).trim(), raw, range: this.lines.range(start, end) };
  }

  instruction(ctx: InstructionChildren): void {
    const first = ctx.FirstText[0] as IToken;
    const endToken = ctx.InstructionEnd?.[0];
    let end = first.startOffset + first.image.length;
    this.place(first.startOffset);
    // One token, for one line or (already joined) for all lines of a continued instruction.
    const continued = first.payload as ContinuedLines | undefined;
    let joined: JoinedLine;
    let emptyLine: { readonly start: number; readonly end: number } | null = null;
    if (continued === undefined) {
      joined = JoinedLine.single(first.image, first.startOffset);
    } else {
      joined = continued.joined;
      const comments = continued.comments;
      for (let index = 0; index < comments.length; index += 2) {
        this.comments.push(this.makeComment(comments[index] as number, comments[index + 1] as number));
      }
      emptyLine = continued.emptyLine;
    }
    while (end > first.startOffset && (this.text.charCodeAt(end - 1) === 0x0a || this.text.charCodeAt(end - 1) === 0x0d)) end--;
    // Lines that open with a line of nothing but the marker and hold no text are skipped, as BuildKit does.
    if (joined.segments[0]?.sourceStart !== first.startOffset && !/\S/.test(joined.text)) return;
    this.lineHasContent = true;

    let bodies: readonly HeredocBody[] = (endToken?.payload as InstructionEndPayload | undefined)?.heredocs ?? [];
    if (bodies.length === 0 && !endToken && joined.text.indexOf('<<') !== -1) {
      // The file ends on the instruction line itself, so its heredocs have no body at all.
      const words = heredocWordsOfLine(joined.text, this.scan.escapeChar);
      if (words.length > 0) bodies = readHeredocBodies(this.text, this.text.length, words);
    }
    if (bodies.length > 0 && endToken) end = endToken.startOffset + endToken.image.length;
    if (bodies.length > 0 && !endToken) end = this.text.length;
    const heredocs = bodies.length === 0 ? NO_HEREDOCS : bodies.map((body) => this.heredoc(joined, body));
    const start = first.startOffset;
    if (heredocs.some((h) => h.terminatorRange === null)) {
      this.diagnostics.push({
        code: 'unterminated-heredoc',
        message: 'unterminated heredoc',
        severity: 'error',
        range: this.lines.range(start, this.text.length),
      });
    }
    if (emptyLine) {
      this.diagnostics.push({
        code: 'empty-continuation-line',
        message: `Empty continuation line found in: ${joined.text}`,
        severity: 'warning',
        range: this.lines.range(emptyLine.start, emptyLine.end - 1),
      });
    }
    const instruction = buildInstruction(
      {
        source: this.text,
        lines: this.lines,
        joined,
        escapeChar: this.scan.escapeChar,
        diagnostics: this.diagnostics,
        instructionChecks: this.options.instructionChecks,
        heredocs,
        comments: this.pendingComments.length === 0 ? NO_COMMENTS : this.pendingComments,
        start,
        end,
      },
      0,
      joined.text.length,
    );
    if (this.pendingComments.length > 0) this.pendingComments = [];
    this.instructions.push(instruction);
    this.nodes.push(instruction);
  }

  private heredoc(joined: JoinedLine, body: HeredocBody): Heredoc {
    return new HeredocNode(this.text, this.lines, joined, body);
  }
}

/** A heredoc; its ranges (and those `rangeOf` makes) are placed where the instruction's are, so they move with it. */
class HeredocNode implements Heredoc {
  readonly type = 'Heredoc' as const;
  readonly name: string;
  readonly expand: boolean;
  readonly chomp: boolean;
  readonly fileDescriptor: number | null;
  readonly content: string;
  readonly wordRange: Range;
  readonly bodyRange: Range;
  readonly terminatorRange: Range | null;
  readonly range: Range;
  readonly #lines: Lines;
  readonly #contentStart: number;

  constructor(text: string, lines: Lines, joined: JoinedLine, body: HeredocBody) {
    const wordStart = joined.toSource(body.word.start);
    const terminated = body.terminatorStart !== -1;
    this.name = body.word.name;
    this.expand = body.word.expand;
    this.chomp = body.word.chomp;
    this.fileDescriptor = body.word.fileDescriptor;
    this.content = text.slice(body.contentStart, body.contentEnd);
    this.wordRange = lines.range(wordStart, joined.toSourceEnd(body.word.end));
    this.bodyRange = lines.range(body.contentStart, body.contentEnd);
    this.terminatorRange = terminated ? lines.range(body.terminatorStart, body.terminatorEnd) : null;
    this.range = lines.range(wordStart, terminated ? body.terminatorEnd : body.contentEnd);
    this.#lines = lines;
    this.#contentStart = body.contentStart;
  }

  rangeOf(start: number, end: number): Range {
    return this.#lines.range(this.#contentStart + start, this.#contentStart + end);
  }
}

/**
 * What the CST of (a part of) a file yields before the whole-file checks: its nodes other than trivia, in source
 * order, and the diagnostics found while building them, in the order they were found.
 */
export interface BuiltNodes {
  readonly nodes: readonly TopLevelNode[];
  readonly instructions: readonly Instruction[];
  readonly comments: readonly Comment[];
  readonly directives: readonly Directive[];
  readonly diagnostics: readonly Diagnostic[];
  /** With movable placing: the placements made, in source order (empty otherwise). */
  readonly placements: readonly MovableLines[];
}

/** Builds the AST from the CST, then checks what only the whole file can tell. */
export function buildAst(text: string, cst: CstNode, scan: DirectiveScan, options: BuildOptions): ParseResult {
  const lines = new LineTable(text);
  return assembleAst(text, lines, scan, options, buildNodes(text, lines, cst, scan, options, 'fixed'));
}

/**
 * The nodes of a CST. Offsets in `cst` are offsets in `text`, which is the document's text from `offset` on
 * (an incremental parse builds a changed stretch from a copy of it alone; then `offset` is a line start after
 * the first instruction, placing is movable, and the nodes are placed `offset` characters further).
 */
export function buildNodes(
  text: string,
  lines: LineTable,
  cst: CstNode,
  scan: DirectiveScan,
  options: BuildOptions,
  placing: Placing,
  offset = 0,
): BuiltNodes {
  const builder = new AstBuilder(text, lines, scan, options, placing, offset);
  builder.visit(cst);
  return builder;
}

/** The AST and diagnostics of a file from its built nodes: directive problems, line lengths, stages, trivia. */
export function assembleAst(
  text: string,
  lines: LineTable,
  scan: DirectiveScan,
  options: BuildOptions,
  built: BuiltNodes,
  trivia: TriviaCache | null = null,
): ParseResult {
  const diagnostics: Diagnostic[] = [];
  for (const problem of scan.problems) {
    diagnostics.push({
      code: problem.code,
      message: problem.message,
      severity: 'error',
      range: lines.range(problem.start, problem.end),
    });
  }
  checkLineLengths(text, lines, diagnostics);
  for (const diagnostic of built.diagnostics) diagnostics.push(diagnostic);
  const instructions = built.instructions;
  if (instructions.length === 0) {
    diagnostics.push({
      code: 'no-instructions',
      message: 'file with no instructions',
      severity: 'error',
      range: lines.range(0, text.length),
    });
  } else if (options.instructionChecks) {
    const firstStage = instructions.findIndex((i) => i.kind === 'FROM');
    const strayIndex = instructions.findIndex((i, index) => i.kind !== 'ARG' && (firstStage === -1 || index < firstStage));
    const stray = instructions[strayIndex];
    if (stray) {
      diagnostics.push({
        code: 'no-build-stage',
        message: 'no build stage in current context',
        severity: 'error',
        range: stray.keywordRange,
      });
    } else if (firstStage === -1) {
      diagnostics.push({
        code: 'no-stages',
        message: 'dockerfile contains no stages to build',
        severity: 'error',
        range: lines.range(0, text.length),
      });
    }
  }
  const comments = [...built.comments];
  const ast: Dockerfile = {
    type: 'Dockerfile',
    nodes: fillGaps(text, lines, built.nodes, trivia),
    instructions,
    directives: built.directives,
    comments: comments.length > 1 ? comments.sort(byStart) : comments,
    escapeChar: scan.escapeChar,
    range: lines.range(0, text.length),
  };
  linesByAst.set(ast, lines);
  return { ast, diagnostics: diagnostics.length > 1 ? diagnostics.sort(byStart) : diagnostics };
}

const linesByAst = new WeakMap<Dockerfile, LineTable>();

/** The line table `parse` made for `ast`'s text, if `ast` came from `parse` (so consumers need not make another). */
export function lineTableOfAst(ast: Dockerfile): LineTable | undefined {
  return linesByAst.get(ast);
}

function byStart(a: { readonly range: Range }, b: { readonly range: Range }): number {
  return startOffsetOf(a.range) - startOffsetOf(b.range);
}

/**
 * The trivia before each node of an incremental parse, kept with the node (an edit leaves most of them as they
 * were). Their ranges are placed as the node's are, so they move with it.
 */
export type TriviaCache = WeakMap<TopLevelNode, Trivia>;

/** Adds trivia nodes for the text between (and around) the meaningful nodes. */
function fillGaps(text: string, lines: LineTable, nodes: readonly TopLevelNode[], cache: TriviaCache | null): TopLevelNode[] {
  const out: TopLevelNode[] = [];
  let pos = 0;
  for (const node of nodes) {
    const start = startOffsetOf(node.range);
    if (start > pos) out.push(cache ? triviaBefore(cache, text, lines, node, pos, start) : trivia(text, lines.range(pos, start), pos, start));
    out.push(node);
    pos = endOffsetOf(node.range);
  }
  if (pos < text.length) out.push(trivia(text, lines.range(pos, text.length), pos, text.length));
  return out;
}

function trivia(text: string, range: Range, start: number, end: number): Trivia {
  return { type: 'Trivia', raw: text.slice(start, end), range };
}

/** The trivia `[start, end)` before `node`: the one kept with it if it is still the same text at the same place. */
function triviaBefore(cache: TriviaCache, text: string, lines: LineTable, node: TopLevelNode, start: number, end: number): Trivia {
  const known = cache.get(node);
  // A kept trivia ends where its node starts, wherever the node has moved: it is the same gap when it has the
  // same text.
  if (known && known.raw.length === end - start && text.startsWith(known.raw, start)) return known;
  // A copy of the text, not a slice of this version's: a kept trivia node would keep the whole version alive.
  const raw = ownCopy(text.slice(start, end));
  const made: Trivia = { type: 'Trivia', raw, range: rangeAlongside(node.range, start, end) ?? lines.range(start, end) };
  cache.set(node, made);
  return made;
}

function checkLineLengths(text: string, lines: LineTable, diagnostics: Diagnostic[]): void {
  if (text.length <= MAX_LINE_BYTES / 3) return;
  // UTF-8 is at most 3 bytes per UTF-16 unit, so most lines are cleared without counting bytes.
  for (let line = 0; line < lines.lineCount; line++) {
    const start = lines.lineStart(line);
    const next = line + 1 < lines.lineCount ? lines.lineStart(line + 1) - 1 : text.length;
    const length = next - start;
    if (length <= MAX_LINE_BYTES / 3) continue;
    const bytes = length > MAX_LINE_BYTES ? length : new TextEncoder().encode(text.slice(start, next)).length;
    if (bytes > MAX_LINE_BYTES) {
      diagnostics.push({
        code: 'line-too-long',
        message: `dockerfile line greater than max allowed size of ${MAX_LINE_BYTES}`,
        severity: 'error',
        range: lines.range(start, next),
      });
    }
  }
}

/**
 * A safety net for a bug in the parser itself: the caller still gets an AST that prints back to the input,
 * and a diagnostic saying what went wrong, instead of an exception in an editor or a CI job.
 */
export function internalFailure(text: string, error: unknown): ParseResult {
  const lines = new LineTable(text);
  const range = lines.range(0, text.length);
  return {
    ast: {
      type: 'Dockerfile',
      nodes: text.length > 0 ? [{ type: 'Trivia', raw: text, range }] : [],
      instructions: [],
      directives: [],
      comments: [],
      escapeChar: '\\',
      range,
    },
    diagnostics: [
      {
        code: 'internal-error',
        message: `internal parser error: ${error instanceof Error ? error.message : String(error)}`,
        severity: 'error',
        range,
      },
    ],
  };
}
