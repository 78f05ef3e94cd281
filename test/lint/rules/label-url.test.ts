import { describe, expect, it } from 'vitest';
import { isAbsoluteUri, labelUrl } from '../../../src/lint/rules/label-url.js';
import { testRule } from '../rule-tester.js';

const settings = { labelSchema: { urllabel: 'url' } } as const;

testRule(labelUrl, {
  valid: [
    { code: 'FROM scratch\nLABEL urllabel="http://example.com"', settings },
    { code: 'FROM scratch\nONBUILD LABEL urllabel="http://example.com"', settings },
    { code: 'FROM scratch\nLABEL other="foo"', settings },
    { code: 'FROM scratch\nLABEL urllabel="https://github.com/$ORG/app"', settings },
    'FROM scratch\nLABEL urllabel="not-url"',
  ],
  invalid: [
    { code: 'FROM scratch\nLABEL urllabel="not-url"', settings, errors: [{ message: 'Label `urllabel` is not a valid URL.', line: 2, text: '"not-url"' }] },
    { code: 'FROM scratch\nONBUILD LABEL urllabel="not-url"', settings, errors: [{ line: 2 }] },
    { code: 'FROM scratch\nLABEL urllabel="https://exa mple.com"', settings, errors: [{ line: 2 }] },
    // An empty value is no URL either (empty-label reports it too, as hadolint does).
    { code: 'FROM scratch\nLABEL urllabel=""', settings, errors: [{ line: 2, text: '""' }] },
  ],
});

describe('isAbsoluteUri', () => {
  it.each([
    ['https://github.com/acme/app', true],
    ['https://user:pw@example.com:8443/a/b?q=1&r=%20#frag', true],
    ['http://[::1]:8080/', true],
    ['mailto:jane@example.com', true],
    ['urn:isbn:0451450523', true],
    ['file:///etc/hosts', true],
    ['github.com/acme/app', false],
    ['//example.com', false],
    ['https://example.com/a b', false],
    ['https://example.com/%zz', false],
    ['http://exa[mple.com', false],
    ['1http://example.com', false],
  ])('%j → %s', (text, expected) => {
    expect(isAbsoluteUri(text)).toBe(expected);
  });
});
