import { describe, expect, it } from 'vitest';
import { isEmailAddress, labelEmail } from '../../../src/lint/rules/label-email.js';
import { testRule } from '../rule-tester.js';

const settings = { labelSchema: { maintainer: 'email' } } as const;

testRule(labelEmail, {
  valid: [
    { code: 'FROM scratch\nLABEL maintainer="abcd@google.com"', settings },
    { code: 'FROM scratch\nONBUILD LABEL maintainer="abcd@google.com"', settings },
    { code: 'FROM scratch\nLABEL other="doo"', settings },
    { code: 'FROM scratch\nLABEL maintainer=$MAINTAINER', settings },
  ],
  invalid: [
    {
      code: 'FROM scratch\nLABEL maintainer="not-email"',
      settings,
      errors: [{ message: 'Label `maintainer` is not a valid email format - must conform to RFC5322.', line: 2, text: '"not-email"' }],
    },
    { code: 'FROM scratch\nONBUILD LABEL maintainer="not-email"', settings, errors: [{ line: 2 }] },
    { code: 'FROM scratch\nLABEL maintainer="Jane Doe <jane@example.com>"', settings, errors: [{ line: 2 }] },
  ],
});

describe('isEmailAddress', () => {
  it.each([
    ['jane@example.com', true],
    ['jane.doe+docker@mail.example.co.uk', true],
    ['"jane doe"@example.com', true],
    ['root@localhost', true],
    ['jane@[192.168.0.1]', true],
    ['jane', false],
    ['jane@', false],
    ['@example.com', false],
    ['jane..doe@example.com', false],
    ['.jane@example.com', false],
    ['jane@example..com', false],
    ['jane doe@example.com', false],
    [`${'a'.repeat(65)}@example.com`, false],
  ])('%j → %s', (text, expected) => {
    expect(isEmailAddress(text)).toBe(expected);
  });
});
