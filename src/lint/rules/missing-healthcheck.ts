import type { RuleModule } from '../types.js';
import { stagesMissing } from './required-label.js';

/** DL3057: a stage without a HEALTHCHECK of its own or of a stage it is built on. */
export const missingHealthcheck: RuleModule = {
  meta: {
    id: 'missing-healthcheck',
    hadolint: 'DL3057',
    severity: 'ignore',
    category: 'maintainability',
    docs: {
      summary: 'Images should declare a HEALTHCHECK',
      description:
        'Flags each stage (at its `FROM`) that has no `HEALTHCHECK` (`HEALTHCHECK NONE` counts) and builds on no ' +
        'stage of this file that has one. Stages that only feed other stages are exempt: those a stage with a ' +
        'HEALTHCHECK is built on and, unlike hadolint, those another stage copies from, whose health check could ' +
        'never reach an image. A HEALTHCHECK inherited from an image outside this file cannot be seen. Off by ' +
        'default.',
      rationale:
        'Without a health check, orchestrators only know that the process runs, not that the service answers, ' +
        'so a hung container keeps receiving traffic.',
      example: 'FROM nginx:1.27\nCOPY site /usr/share/nginx/html',
      useInstead: 'FROM nginx:1.27\nCOPY site /usr/share/nginx/html\nHEALTHCHECK CMD curl -fs http://localhost/ || exit 1',
    },
  },
  create(context) {
    return {
      'Dockerfile:exit'() {
        for (const info of stagesMissing(context, (instruction) => instruction.kind === 'HEALTHCHECK')) {
          context.report({ message: '`HEALTHCHECK` instruction missing.', range: info.stage.from.range });
        }
      },
    };
  },
};
