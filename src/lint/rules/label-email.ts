import { labelValueRule } from './empty-label.js';

const ATOM = "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+";
const DOT_ATOM = `${ATOM}(?:\\.${ATOM})*`;
const QUOTED = '"(?:[\\x20\\x21\\x23-\\x5b\\x5d-\\x7e]|\\\\[\\x20-\\x7e])*"';
const DOMAIN_LITERAL = '\\[[\\x21-\\x5a\\x5e-\\x7e]*\\]';
const ADDRESS = new RegExp(`^(?:${DOT_ATOM}|${QUOTED})@(?:${DOT_ATOM}|${DOMAIN_LITERAL})$`);

/** An RFC 5322 `addr-spec` without comments or folding white space, within the length limits of RFC 5321. */
export function isEmailAddress(value: string): boolean {
  const at = value.lastIndexOf('@');
  return ADDRESS.test(value) && at <= 64 && value.length - at - 1 <= 255;
}

/** DL3058: a label the schema types as `email` is not an e-mail address. */
export const labelEmail = labelValueRule({
  id: 'label-email',
  hadolint: 'DL3058',
  type: 'email',
  message: (label) => `Label \`${label}\` is not a valid email format - must conform to RFC5322.`,
  isValid: isEmailAddress,
  docs: {
    summary: 'Labels typed `email` should hold an e-mail address',
    description:
      'Flags a `LABEL` whose key the `label-schema` setting types as `email` when the value is not a bare e-mail ' +
      'address (`local@domain` as RFC 5322 defines it; a display name such as `Jane <jane@example.com>` is not one).',
    rationale: 'Tools that read image metadata use these values to contact the owners of an image.',
    example: '# label-schema: { maintainer: email }\nLABEL maintainer="Jane Doe"',
    useInstead: 'LABEL maintainer="jane@example.com"',
  },
});
