import { labelValueRule } from './empty-label.js';

const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:/;
const PCT = '%[0-9A-Fa-f]{2}';
const UNRESERVED_SUB_DELIMS = "A-Za-z0-9\\-._~!$&'()*+,;=";
const PCHARS = new RegExp(`^(?:[${UNRESERVED_SUB_DELIMS}:@/]|${PCT})*$`);
const QUERY_CHARS = new RegExp(`^(?:[${UNRESERVED_SUB_DELIMS}:@/?]|${PCT})*$`);
const USERINFO = new RegExp(`^(?:[${UNRESERVED_SUB_DELIMS}:]|${PCT})*$`);
const REG_NAME = new RegExp(`^(?:[${UNRESERVED_SUB_DELIMS}]|${PCT})*$`);
const IP_LITERAL = /^\[(?:[0-9A-Fa-f:.]+|v[0-9A-Fa-f]+\.[A-Za-z0-9\-._~!$&'()*+,;=:]+)\]$/;

/** Whether `authority` is `[userinfo@]host[:port]` as RFC 3986 spells it. */
function isAuthority(authority: string): boolean {
  const at = authority.lastIndexOf('@');
  if (at >= 0 && !USERINFO.test(authority.slice(0, at))) return false;
  const hostPort = authority.slice(at + 1);
  let host = hostPort;
  const portMatch = /:([0-9]*)$/.exec(hostPort);
  if (portMatch && !(hostPort.startsWith('[') && !hostPort.slice(0, portMatch.index).endsWith(']'))) {
    host = hostPort.slice(0, portMatch.index);
  }
  return host.startsWith('[') ? IP_LITERAL.test(host) : REG_NAME.test(host);
}

/** An absolute URI per RFC 3986: a scheme, then a hier-part, an optional query and an optional fragment. */
export function isAbsoluteUri(text: string): boolean {
  const scheme = SCHEME.exec(text);
  if (!scheme) return false;
  let rest = text.slice(scheme[0].length);
  const hash = rest.indexOf('#');
  if (hash >= 0) {
    if (!QUERY_CHARS.test(rest.slice(hash + 1))) return false;
    rest = rest.slice(0, hash);
  }
  const question = rest.indexOf('?');
  if (question >= 0) {
    if (!QUERY_CHARS.test(rest.slice(question + 1))) return false;
    rest = rest.slice(0, question);
  }
  if (rest.startsWith('//')) {
    const slash = rest.indexOf('/', 2);
    const authority = slash < 0 ? rest.slice(2) : rest.slice(2, slash);
    if (!isAuthority(authority)) return false;
    rest = slash < 0 ? '' : rest.slice(slash);
  }
  return PCHARS.test(rest);
}

/** DL3052: a label the schema types as `url` is not an absolute URL. */
export const labelUrl = labelValueRule({
  id: 'label-url',
  hadolint: 'DL3052',
  type: 'url',
  message: (label) => `Label \`${label}\` is not a valid URL.`,
  isValid: isAbsoluteUri,
  docs: {
    summary: 'Labels typed `url` should hold a valid URL',
    description:
      'Flags a `LABEL` whose key the `label-schema` setting types as `url` when the value is not an absolute URI ' +
      '(RFC 3986: a scheme such as `https:`, then only characters a URI may contain).',
    rationale: 'Tools that read image metadata (registries, scanners, catalogues) link to these values.',
    example: '# label-schema: { org.opencontainers.image.source: url }\nLABEL org.opencontainers.image.source="github.com/acme/app"',
    useInstead: 'LABEL org.opencontainers.image.source="https://github.com/acme/app"',
  },
});
