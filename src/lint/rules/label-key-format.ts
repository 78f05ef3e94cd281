import type { RuleModule } from '../types.js';
import { labelEntries } from './empty-label.js';

const RESERVED_NAMESPACES = ['com.docker.', 'io.docker.', 'org.dockerproject.'];

/** Whether a label key follows Docker's guidelines for keys, as hadolint reads them. */
export function isValidLabelKey(key: string): boolean {
  return (
    /^[a-z](?:[a-z0-9._/-]*[a-z0-9])?$/.test(key) &&
    !key.includes('..') &&
    !key.includes('--') &&
    !RESERVED_NAMESPACES.some((namespace) => key.startsWith(namespace))
  );
}

/** DL3048: a LABEL key that breaks the key format. */
export const labelKeyFormat: RuleModule = {
  meta: {
    id: 'label-key-format',
    hadolint: 'DL3048',
    severity: 'style',
    category: 'style',
    locality: 'stage',
    docs: {
      summary: 'Label keys should follow the key format',
      description:
        'Flags a `LABEL` key (ONBUILD triggers included) that does not start with a lower-case letter, does not ' +
        'end with a lower-case letter or digit, contains anything but lower-case letters, digits, `.`, `-`, `_` ' +
        'and `/`, repeats `.` or `-`, or uses a namespace reserved for Docker (`com.docker.`, `io.docker.`, ' +
        '`org.dockerproject.`). Keys are judged as written: a key built from a variable is flagged. Each bad key ' +
        'is reported on its own.',
      rationale:
        'Consistent reverse-DNS keys keep labels from different tools apart and let them be queried with filters; ' +
        'the reserved namespaces belong to Docker itself.',
      example: 'LABEL Version=1.0 com.docker.vendor=acme',
      useInstead: 'LABEL org.opencontainers.image.version=1.0 com.example.vendor=acme',
    },
  },
  create(context) {
    return {
      LABEL(node) {
        for (const entry of labelEntries(node, context.ast.escapeChar)) {
          if (!isValidLabelKey(entry.key)) context.report({ message: 'Invalid label key.', range: entry.keyWord.range });
        }
      },
    };
  },
};
