import { overriddenInstructionVisitor } from '../remove-overridden.js';
import type { RuleModule } from '../types.js';

const MESSAGE =
  'Multiple `ENTRYPOINT` instructions found. If you list more than one `ENTRYPOINT` then only the last ' +
  '`ENTRYPOINT` will take effect';

/** DL4004: one ENTRYPOINT per stage. */
export const singleEntrypoint: RuleModule = {
  meta: {
    id: 'single-entrypoint',
    hadolint: 'DL4004',
    buildkit: 'MultipleInstructionsDisallowed',
    severity: 'error',
    category: 'correctness',
    locality: 'stage',
    fixable: 'safe',
    docs: {
      summary: 'Multiple ENTRYPOINT instructions',
      description:
        'Flags every `ENTRYPOINT` after the first one in the same stage. BuildKit reports the same problem at ' +
        'the earlier, overridden instruction; this rule follows hadolint and points at the later ones.',
      rationale:
        'Each `ENTRYPOINT` replaces the previous one, so only the last one decides what the container runs. ' +
        'The others are dead code that misleads readers.',
      example: 'FROM alpine:3.19\nENTRYPOINT ["/bin/sh"]\nENTRYPOINT ["/usr/local/bin/app"]',
      useInstead: 'FROM alpine:3.19\nENTRYPOINT ["/usr/local/bin/app"]',
      fixSafety:
        'Removes the earlier, overridden `ENTRYPOINT` (its whole lines): the image is the same, since only the last ' +
        'one of a stage counts. Not offered when the instruction shares a line with other text or has ' +
        'pragma comments above it (`# hadolint ignore=…`), which would then apply to the next instruction.',
    },
  },
  create(context) {
    return overriddenInstructionVisitor(context, 'ENTRYPOINT', MESSAGE);
  },
};
