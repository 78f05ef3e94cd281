import { overriddenInstructionVisitor } from '../remove-overridden.js';
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
    fixable: 'safe',
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
      useInstead: 'FROM nginx:1.25\nHEALTHCHECK CMD wget -q localhost',
      fixSafety:
        'Removes the earlier, overridden `HEALTHCHECK` (its whole lines): the image is the same, since only the last ' +
        'one of a stage counts. Not offered when the instruction shares a line with other text or has ' +
        'pragma comments above it (`# hadolint ignore=…`), which would then apply to the next instruction.',
    },
  },
  create(context) {
    return overriddenInstructionVisitor(context, 'HEALTHCHECK', 'Multiple `HEALTHCHECK` instructions');
  },
};
