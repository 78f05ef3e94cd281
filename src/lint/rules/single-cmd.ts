import { overriddenInstructionVisitor } from '../remove-overridden.js';
import type { RuleModule } from '../types.js';

const MESSAGE =
  'Multiple `CMD` instructions found. If you list more than one `CMD` then only the last `CMD` will take effect';

/** DL4003: one CMD per stage. */
export const singleCmd: RuleModule = {
  meta: {
    id: 'single-cmd',
    hadolint: 'DL4003',
    buildkit: 'MultipleInstructionsDisallowed',
    severity: 'warning',
    category: 'correctness',
    locality: 'stage',
    fixable: 'safe',
    docs: {
      summary: 'Multiple CMD instructions',
      description:
        'Flags every `CMD` after the first one in the same stage. BuildKit reports the same problem at the ' +
        'earlier, overridden instruction; this rule follows hadolint and points at the later ones.',
      rationale:
        'A stage has one default command: each `CMD` replaces the previous one. The earlier ones are dead code ' +
        'that suggests the container starts something it does not.',
      example: 'FROM python:3.12\nCMD ["python", "manage.py", "migrate"]\nCMD ["gunicorn", "app:app"]',
      useInstead: 'FROM python:3.12\nCMD ["gunicorn", "app:app"]',
      fixSafety:
        'Removes the earlier, overridden `CMD` (its whole lines): the image is the same, since only the last ' +
        'one of a stage counts. Not offered when the instruction shares a line with other text or has ' +
        'pragma comments above it (`# hadolint ignore=…`), which would then apply to the next instruction.',
    },
  },
  create(context) {
    return overriddenInstructionVisitor(context, 'CMD', MESSAGE);
  },
};
