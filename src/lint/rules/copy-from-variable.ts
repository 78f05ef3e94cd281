import { changedByExpansion } from '../../parser/index.js';
import type { RuleModule } from '../types.js';

/** `COPY --from` is never expanded: a value with a variable fails the build. */
export const copyFromVariable: RuleModule = {
  meta: {
    id: 'copy-from-variable',
    severity: 'error',
    category: 'correctness',
    locality: 'stage',
    docs: {
      summary: '`COPY --from` does not expand variables',
      description:
        'Flags `COPY --from=<value>` when the value holds a variable reference (`$NAME`, `${NAME}`, ' +
        '`${NAME:-default}`…): a value that expansion would change.',
      rationale:
        'Neither builder expands `--from`. BuildKit refuses the value before building anything ("variable ' +
        'expansion is not supported for --from"; Docker 20.10\'s BuildKit fails to read `$NAME` as a stage ' +
        'name), and the classic builder takes it for an image name that is not valid. The usual wish, ' +
        'choosing the stage or image to copy from with a build argument, works through a stage whose `FROM` ' +
        'uses a global ARG.',
      example: 'ARG VARIANT=alpine\nFROM node:20-alpine AS alpine\nFROM node:20 AS debian\nFROM busybox:1.36\nCOPY --from=${VARIANT} /usr/local/bin/node /bin/',
      useInstead:
        'ARG VARIANT=alpine\nFROM node:20-alpine AS alpine\nFROM node:20 AS debian\nFROM ${VARIANT} AS chosen\nFROM busybox:1.36\nCOPY --from=chosen /usr/local/bin/node /bin/',
    },
  },
  create(context) {
    const escapeChar = context.ast.escapeChar;
    return {
      COPY(node) {
        const flag = node.options.from;
        const value = flag?.value;
        // Quotes were removed when the flag was read; BuildKit refuses what expansion would still change.
        if (!flag || !value || !changedByExpansion(value, escapeChar)) return;
        context.report({
          message:
            '`COPY --from` does not expand variables: the build fails. Name a stage whose `FROM` uses the variable instead',
          range: flag.valueRange ?? flag.range,
        });
      },
    };
  },
};
