import { describe, expect, it } from 'vitest';
import { isRfc3339, labelRfc3339 } from '../../../src/lint/rules/label-rfc3339.js';
import { testRule } from '../rule-tester.js';

const settings = { labelSchema: { datelabel: 'rfc3339' } } as const;

testRule(labelRfc3339, {
  valid: [
    { code: 'FROM scratch\nLABEL datelabel="2021-03-10T10:26:33.564595127+01:00"', settings },
    { code: 'FROM scratch\nONBUILD LABEL datelabel="2021-03-10T10:26:33.564595127+01:00"', settings },
    { code: 'FROM scratch\nLABEL other="doo"', settings },
    { code: 'FROM scratch\nLABEL datelabel=$BUILD_DATE', settings },
  ],
  invalid: [
    {
      code: 'FROM scratch\nLABEL datelabel="not-date"',
      settings,
      errors: [{ message: 'Label `datelabel` is not a valid time format - must conform to RFC3339.', line: 2, text: '"not-date"' }],
    },
    { code: 'FROM scratch\nONBUILD LABEL datelabel="not-date"', settings, errors: [{ line: 2 }] },
    { code: 'FROM scratch\nLABEL datelabel=2024-02-30T00:00:00Z', settings, errors: [{ text: '2024-02-30T00:00:00Z' }] },
  ],
});

describe('isRfc3339', () => {
  it.each([
    ['2024-03-10T10:26:33Z', true],
    ['2024-03-10t10:26:33z', true],
    ['2024-02-29T23:59:60.5-05:30', true],
    ['2023-02-29T00:00:00Z', false],
    ['2024-03-10', false],
    ['2024-03-10T10:26:33', false],
    ['2024-03-10 10:26:33Z', false],
    ['2024-13-10T10:26:33Z', false],
    ['2024-03-10T24:00:00Z', false],
    ['2024-03-10T10:26:33+0100', false],
  ])('%j → %s', (text, expected) => {
    expect(isRfc3339(text)).toBe(expected);
  });
});
