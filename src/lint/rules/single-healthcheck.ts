import type { RuleModule } from '../types.js';

/** DL3012: one HEALTHCHECK per stage. */
export const singleHealthcheck: RuleModule = {
  meta: {
    id: 'single-healthcheck',
    hadolint: 'DL3012',
    buildkit: 'MultipleInstructionsDisallowed',
    severity: 'error',
    category: 'correctness',
    locality: 'stage',
    docs: {
      summary: 'Multiple HEALTHCHECK instructions',
      description:
        'Flags every `HEALTHCHECK` after the first one in the same stage (`HEALTHCHECK NONE` included). ' +
        'BuildKit reports the same problem at the earlier, overridden instruction; this rule follows hadolint ' +
        'and points at the later ones.',
      rationale:
        'Only the last `HEALTHCHECK` of a stage is kept in the image. The earlier ones do nothing, so they ' +
        'mislead readers about how the container is checked and usually mean a merge or copy went wrong.',
      example: 'FROM nginx:1.25\nHEALTHCHECK CMD curl -f http://localhost/\nHEALTHCHECK CMD wget -q localhost',
      useInstead: 'FROM nginx:1.25\nHEALTHCHECK CMD curl -f http://localhost/',
    },
  },
  create(context) {
    let seen = false;
    return {
      Stage() {
        seen = false;
      },
      HEALTHCHECK(node, scope) {
        // A trigger sets the health check of a downstream image, not of this stage.
        if (scope.inOnbuild) return;
        if (seen) context.report({ message: 'Multiple `HEALTHCHECK` instructions', range: node.keywordRange });
        seen = true;
      },
    };
  },
};
