/**
 * `dfkit/parser`: a BuildKit-faithful, lossless, error-tolerant Dockerfile parser.
 *
 * @example
 * ```ts
 * import { parse, print } from 'dfkit/parser';
 * const { ast, diagnostics } = parse('FROM node:20\nRUN npm ci\n');
 * ast.instructions[1]?.name; // 'RUN'
 * print(ast) === 'FROM node:20\nRUN npm ci\n'; // true, for any input
 * ```
 */
import type { ParseResult } from './ast.js';
import { buildAst, internalFailure } from './build-ast.js';
import { scanDirectives } from './directives.js';
import { parseTokens } from './grammar.js';
import { tokenize } from './tokens.js';

export * from './ast.js';
export { print } from './print.js';
export { createParser, type Parser } from './incremental.js';
export { getStages, getGlobalInstructions, findStage, instructionAt, onbuildTriggers } from './stages.js';
export { LineTable } from './source.js';
export { decodeDockerfile, describeEncoding, type DecodedSource, type SourceEncoding } from './decode.js';
export { lineTableOfAst } from './build-ast.js';
export { goQuote } from './go-quote.js';
export { chompHeredocContent, findHeredocWords, parseHeredocWord, type HeredocWord } from './heredoc.js';
export {
  changedByExpansion,
  expandWord,
  expandWords,
  expandWordsWithOffsets,
  envFromList,
  formatProcessError,
  type Env,
  type EscapeChar,
  type ExpandOptions,
  type ExpandResult,
  type ExpandedWord,
} from './expand.js';
export { isConcreteImageReference, parseImageReference } from './image-ref.js';
export {
  DEFAULT_PLATFORM,
  formatPlatform,
  normaliseArchitecture,
  parsePlatform,
  platformArgs,
  platformFromParts,
  readPlatformSpecifier,
  type Platform,
} from './platform.js';
export { addChecksumProblem, remoteSourceKind } from './remote-source.js';
export { stopSignalProblem } from './signals.js';
export { chmodProblem, octalMode } from './chmod.js';
export { expansionScope, type ExpansionScope } from './expansion-scope.js';
export { detectSyntax, findDirective, parseCheckDirective, type CheckConfig, type DirectiveValue } from './syntax.js';
export {
  parseDockerignore,
  createIgnoreMatcher,
  IgnoreFileError,
  type IgnorePattern,
  type IgnoreMatcher,
  type IgnoreMatchState,
} from './dockerignore/index.js';

export interface ParseOptions {
  /**
   * Report BuildKit's instruction-stage problems (unknown instructions and flags, argument counts, invalid
   * mounts…) as well as the raw parser's. Default `true`; `false` reports only what BuildKit's raw parser
   * rejects.
   */
  readonly instructionChecks?: boolean;
}

/**
 * Parses Dockerfile text. Never throws: problems come back as diagnostics, and the AST always covers the
 * whole text (`print(ast) === text`).
 */
export function parse(text: string, options: ParseOptions = {}): ParseResult {
  const instructionChecks = options.instructionChecks ?? true;
  try {
    const scan = scanDirectives(text);
    const cst = parseTokens(tokenize(text, scan.escapeChar));
    return buildAst(text, cst, scan, { instructionChecks });
  } catch (error) {
    return internalFailure(text, error);
  }
}
