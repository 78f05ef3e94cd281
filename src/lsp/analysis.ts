/**
 * One analysed version of a document: the lint result (which carries the parse), and what capabilities derive
 * from it, each computed on first use. Every capability reads the same analysis, so a version is parsed and
 * linted once however many requests ask about it.
 */
import { lint, type Linter, type LintOptions, type LintResult } from '../lint/index.js';
import { buildFileScope, type FileScope } from '../lint/scope.js';
import { getStages, instructionAt, lineTableOfAst, type Dockerfile, type Instruction, type Stage } from '../parser/index.js';
import { ProtocolLines } from './protocol-lines.js';
import { buildSymbolIndex, type SymbolIndex } from './symbol-index.js';

export interface Analysis {
  readonly text: string;
  readonly ast: Dockerfile;
  readonly lint: LintResult;
  /** The text's lines as the protocol counts them: every position sent or read is converted with these. */
  readonly lines: ProtocolLines;
  readonly stages: readonly Stage[];
  /** Stage and variable context (values of ARG and ENV at each instruction). */
  readonly scope: FileScope;
  /** Stage and variable definitions and references. */
  readonly symbols: SymbolIndex;
  /** The top-level instruction containing `offset` (its range end included), or `null`. */
  instructionAt(offset: number): Instruction | null;
}

/**
 * Analyses `text` with `options`; the linter's own parse is reused for everything else. An editor passes the
 * document's incremental `linter` (made with the same options), so stages an edit left alone are not linted
 * again.
 */
export function analyze(text: string, options: LintOptions = {}, linter?: Linter): Analysis {
  const result = linter ? linter.lint(text) : lint(text, options);
  const ast = result.parse.ast;
  let lines: ProtocolLines | undefined;
  let stages: Stage[] | undefined;
  let scope: FileScope | undefined;
  let symbols: SymbolIndex | undefined;
  const analysis: Analysis = {
    text,
    ast,
    lint: result,
    get lines() {
      return (lines ??= ProtocolLines.of(text, lineTableOfAst(ast)));
    },
    get stages() {
      return (stages ??= getStages(ast));
    },
    get scope() {
      return (scope ??= buildFileScope(ast, options.settings?.buildArgs ?? {}));
    },
    get symbols() {
      return (symbols ??= buildSymbolIndex(analysis));
    },
    instructionAt: (offset) => instructionAt(ast.instructions, offset),
  };
  return analysis;
}
