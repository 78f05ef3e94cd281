import { SYNTAX_ERROR_CODES } from '../syntax-errors.js';
import type { RuleModule } from '../types.js';

/**
 * Problems BuildKit reports when it interprets an instruction and that would fail the build: unknown
 * instructions and flags, wrong argument counts, invalid mounts, bad durations… The parser finds them; this
 * rule reports them so they can be configured like any other finding.
 */
const COVERED_ELSEWHERE = new Set([
  // DL3061 reports instructions before the first FROM.
  'no-build-stage',
  // Files without stages or instructions are not something a linter of fragments should fail on.
  'no-stages',
  'no-instructions',
  // DL3043 reports ONBUILD triggers the builder refuses.
  'onbuild-chain',
  'onbuild-trigger',
  // NoEmptyContinuation reports these.
  'empty-continuation-line',
]);

export const invalidInstruction: RuleModule = {
  meta: {
    id: 'invalid-instruction',
    severity: 'error',
    category: 'correctness',
    docs: {
      summary: 'The builder would reject this instruction',
      description:
        'Reports what BuildKit refuses when it reads an instruction: unknown or repeated flags, flags without ' +
        'values, wrong argument counts, invalid `--mount`, `--network`, `--security` and HEALTHCHECK options, ' +
        'invalid stage names. An unknown instruction is a parse error (DL1000, with a "did you mean"), as in hadolint.',
      rationale: 'Each of these fails `docker build` with a parse error before any step runs.',
      example: 'FROM alpine\nCOPY --form=build /out /out',
      useInstead: 'FROM alpine\nCOPY --from=build /out /out',
    },
  },
  create(context) {
    return {
      Dockerfile() {
        for (const diagnostic of context.diagnostics) {
          const elsewhere = COVERED_ELSEWHERE.has(diagnostic.code) || SYNTAX_ERROR_CODES.has(diagnostic.code);
          if (diagnostic.severity !== 'error' || elsewhere) continue;
          context.report({ message: diagnostic.message, range: diagnostic.range });
        }
      },
    };
  },
};
