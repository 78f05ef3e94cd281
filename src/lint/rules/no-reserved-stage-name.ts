import type { RuleModule } from '../types.js';

/** Names the builder gives a meaning of its own. */
const RESERVED = new Set(['scratch', 'context']);

/** DL3063: stage names must not be reserved words. */
export const noReservedStageName: RuleModule = {
  meta: {
    id: 'no-reserved-stage-name',
    hadolint: 'DL3063',
    buildkit: 'ReservedStageName',
    severity: 'warning',
    category: 'correctness',
    locality: 'stage',
    docs: {
      summary: 'Stage name should not be a reserved word',
      description: 'Flags a stage named `scratch` or `context` (in any letter case).',
      rationale:
        '`scratch` already means the empty image and `context` is reserved by the builder for the build ' +
        'context, so a stage named after either reads as something it is not, and references to it may not ' +
        'resolve to the stage.',
      example: 'FROM alpine:3.19 AS scratch\nRUN touch /marker',
      useInstead: 'FROM alpine:3.19 AS base\nRUN touch /marker',
    },
  },
  create(context) {
    return {
      FROM(node, scope) {
        const name = node.stageName;
        if (scope.inOnbuild || !name || !RESERVED.has(name.value.toLowerCase())) return;
        context.report({ message: 'stage name should not be a reserved word', range: name.range });
      },
    };
  },
};
