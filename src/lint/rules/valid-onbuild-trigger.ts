import type { RuleModule } from '../types.js';

/** Instructions the builder refuses as ONBUILD triggers. */
const FORBIDDEN = new Set(['ONBUILD', 'FROM', 'MAINTAINER']);

/** DL3043: ONBUILD must not trigger ONBUILD, FROM or MAINTAINER. */
export const validOnbuildTrigger: RuleModule = {
  meta: {
    id: 'valid-onbuild-trigger',
    hadolint: 'DL3043',
    severity: 'error',
    category: 'correctness',
    locality: 'stage',
    docs: {
      summary: 'ONBUILD cannot trigger ONBUILD, FROM or MAINTAINER',
      description: 'Flags an `ONBUILD` whose trigger is `ONBUILD`, `FROM` or `MAINTAINER`.',
      rationale:
        'The builder refuses these triggers and fails the build: ONBUILD cannot be chained, a trigger cannot ' +
        'start a new stage in the downstream build, and MAINTAINER is deprecated altogether.',
      example: 'FROM node:20\nONBUILD FROM node:20-slim',
      useInstead: 'FROM node:20\nONBUILD COPY package.json /app/',
    },
  },
  create(context) {
    return {
      ONBUILD(node) {
        const trigger = node.trigger;
        if (!trigger || !FORBIDDEN.has(trigger.kind)) return;
        context.report({
          message: '`ONBUILD`, `FROM` or `MAINTAINER` triggered from within `ONBUILD` instruction.',
          range: trigger.keywordRange,
        });
      },
    };
  },
};
