import { labelValueRule } from './empty-label.js';

/** DL3055: a label the schema types as `hash` is not a git commit id. */
export const labelGitHash = labelValueRule({
  id: 'label-git-hash',
  hadolint: 'DL3055',
  type: 'hash',
  message: (label) => `Label \`${label}\` is not a valid git hash.`,
  // Abbreviated ids from 7 hex digits up to a full SHA-1, and full SHA-256 ids of newer repositories.
  isValid: (value) => /^[0-9a-f]{7,40}$/.test(value) || /^[0-9a-f]{64}$/.test(value),
  docs: {
    summary: 'Labels typed `hash` should hold a git commit id',
    description:
      'Flags a `LABEL` whose key the `label-schema` setting types as `hash` when the value is not a git commit ' +
      'id in lower-case hex: an abbreviation of 7 to 40 digits, or a full SHA-1 (40) or SHA-256 (64) id.',
    rationale: 'The revision label ties an image to the commit it was built from; a wrong value breaks that link.',
    example: '# label-schema: { org.opencontainers.image.revision: hash }\nLABEL org.opencontainers.image.revision="main"',
    useInstead: 'LABEL org.opencontainers.image.revision="2dbfae9"',
  },
});
