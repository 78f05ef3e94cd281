import type { RuleModule } from '../types.js';
import { labelEntries, schemaType } from './empty-label.js';

/** DL3050: with strict labels on, a LABEL key the schema does not list. */
export const superfluousLabel: RuleModule = {
  meta: {
    id: 'superfluous-label',
    hadolint: 'DL3050',
    severity: 'info',
    category: 'maintainability',
    locality: 'stage',
    docs: {
      summary: 'Only labels of the label schema should be set',
      description:
        'When the `strict-labels` setting is on, flags every `LABEL` key (ONBUILD triggers included) that the ' +
        '`label-schema` setting does not list; with an empty schema every label is flagged. Does nothing when ' +
        '`strict-labels` is off. Each key is reported on its own.',
      rationale: 'Organisations that standardise image metadata want no labels outside the agreed set.',
      example: '# strict-labels: true; label-schema: { org.opencontainers.image.version: semver }\nLABEL build-host=ci-7',
      useInstead: 'LABEL org.opencontainers.image.version=1.4.2',
    },
  },
  create(context) {
    if (!context.settings.strictLabels) return {};
    return {
      LABEL(node) {
        for (const entry of labelEntries(node, context.ast.escapeChar)) {
          if (schemaType(context.settings, entry.key) === undefined) {
            context.report({ message: 'Superfluous label(s) present.', range: entry.keyWord.range });
          }
        }
      },
    };
  },
};
