import { describe, expect, it } from 'vitest';
import { isSpdxExpression, labelSpdx } from '../../../src/lint/rules/label-spdx.js';
import { testRule } from '../rule-tester.js';

const settings = { labelSchema: { spdxlabel: 'spdx' } } as const;

testRule(labelSpdx, {
  valid: [
    { code: 'FROM scratch\nLABEL spdxlabel="BSD-3-Clause"', settings },
    { code: 'FROM scratch\nONBUILD LABEL spdxlabel="MIT"', settings },
    { code: 'FROM scratch\nLABEL other="fooo"', settings },
    { code: 'FROM scratch\nLABEL spdxlabel="MIT OR Apache-2.0"', settings },
  ],
  invalid: [
    {
      code: 'FROM scratch\nLABEL spdxlabel="not-spdx"',
      settings,
      errors: [{ message: 'Label `spdxlabel` is not a valid SPDX identifier.', line: 2, text: '"not-spdx"' }],
    },
    { code: 'FROM scratch\nONBUILD LABEL spdxlabel="not-spdx"', settings, errors: [{ line: 2 }] },
    { code: 'FROM scratch\nLABEL spdxlabel="Apache 2"', settings, errors: [{ text: '"Apache 2"' }] },
  ],
});

describe('isSpdxExpression', () => {
  it.each([
    ['MIT', true],
    ['mit', true],
    ['Apache-2.0', true],
    ['GPL-2.0+', true],
    ['GPL-2.0-or-later WITH Classpath-exception-2.0', true],
    ['(MIT OR Apache-2.0) AND BSD-3-Clause', true],
    ['MIT and (Apache-2.0 or ISC)', true],
    ['LicenseRef-acme-proprietary', true],
    ['DocumentRef-spdx-tool-1.2:LicenseRef-MIT-Style-2', true],
    ['', false],
    ['MIT OR', false],
    ['(MIT', false],
    ['MIT Apache-2.0', false],
    ['MIT WITH Apache-2.0', false],
    ['Apache License 2.0', false],
    ['NOASSERTION', false],
  ])('%j → %s', (text, expected) => {
    expect(isSpdxExpression(text)).toBe(expected);
  });
});
