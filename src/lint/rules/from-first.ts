import type { RuleModule } from '../types.js';

/** DL3061: only ARG may come before the first FROM. */
export const fromFirst: RuleModule = {
  meta: {
    id: 'from-first',
    hadolint: 'DL3061',
    severity: 'error',
    category: 'correctness',
    docs: {
      summary: 'Dockerfile must begin with FROM, ARG or a comment',
      description:
        'Flags every instruction other than `ARG` that comes before the first `FROM` (or in a file without ' +
        '`FROM`). Comments and parser directives may precede `FROM`.',
      rationale:
        'Instructions belong to a build stage, and a stage starts with `FROM`. Only `ARG` has a meaning ' +
        'before it (variables for the `FROM` lines); anything else there is rejected by the builder, usually ' +
        'because a `FROM` was deleted or lines were moved.',
      example: 'LABEL org.opencontainers.image.source=https://example.com/repo\nFROM alpine:3.19',
      useInstead: 'FROM alpine:3.19\nLABEL org.opencontainers.image.source=https://example.com/repo',
    },
  },
  create(context) {
    return {
      Dockerfile(ast) {
        for (const instruction of ast.instructions) {
          if (instruction.kind === 'FROM') return;
          if (instruction.kind === 'ARG') continue;
          context.report({
            message: 'Invalid instruction order. Dockerfile must begin with `FROM`, `ARG` or comment.',
            range: instruction.keywordRange,
          });
        }
      },
    };
  },
};
