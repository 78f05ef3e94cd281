/**
 * The Dockerfile grammar (chevrotain CstParser) over the coarse tokens of `tokens.ts`:
 *
 *   dockerfile  := ( TopLevelTrivia | instruction )*
 *   instruction := FirstText InstructionEnd?
 *
 * Every token sequence the lexer can produce is accepted, so parsing never fails: problems inside an
 * instruction are found by the AST builder, which reads the instruction the way BuildKit does.
 */
import { CstParser, type CstNode, type IToken } from 'chevrotain';
import { allTokens, FirstText, InstructionEnd, TopLevelTrivia } from './tokens.js';

class DockerfileGrammar extends CstParser {
  constructor() {
    super(allTokens, { nodeLocationTracking: 'none', recoveryEnabled: false, skipValidations: true });
    this.performSelfAnalysis();
  }

  // The alternatives and the optional end are made once: written inline in the rules, an array of two objects
  // and three closures would be made for every line of every file (a sixth of what parsing allocates).
  private readonly lineAlternatives = [{ ALT: () => this.CONSUME(TopLevelTrivia) }, { ALT: () => this.SUBRULE(this.instruction) }];
  private readonly instructionEnd = (): void => {
    this.CONSUME(InstructionEnd);
  };

  readonly dockerfile = this.RULE('dockerfile', () => {
    this.MANY(() => {
      this.OR(this.lineAlternatives);
    });
  });

  readonly instruction = this.RULE('instruction', () => {
    this.CONSUME(FirstText);
    this.OPTION(this.instructionEnd);
  });
}

/** One parser instance is reused: assigning `input` resets it. */
export const grammar = new DockerfileGrammar();

export function parseTokens(tokens: IToken[]): CstNode {
  grammar.input = tokens;
  const cst = grammar.dockerfile();
  // Let go of the tokens: an editor's server parses after every keystroke, and tokens kept until the next
  // parse survive a young-generation collection and get copied for nothing.
  grammar.input = NO_TOKENS;
  return cst;
}

const NO_TOKENS: IToken[] = [];
