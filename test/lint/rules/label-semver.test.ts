import { labelSemver } from '../../../src/lint/rules/label-semver.js';
import { testRule } from '../rule-tester.js';

const settings = { labelSchema: { semver: 'semver' } } as const;

testRule(labelSemver, {
  valid: [
    { code: 'FROM scratch\nLABEL semver="1.0.0"', settings },
    { code: 'FROM scratch\nONBUILD LABEL semver="2.0.1-rc1"', settings },
    { code: 'FROM scratch\nLABEL semver=1.0.0+build.5', settings },
    { code: 'FROM scratch\nLABEL other="foo"', settings },
    { code: 'FROM scratch\nLABEL semver=${VERSION}', settings },
  ],
  invalid: [
    {
      code: 'FROM scratch\nLABEL semver="not-sem-ver"',
      settings,
      errors: [{ message: 'Label `semver` does not conform to semantic versioning.', line: 2, text: '"not-sem-ver"' }],
    },
    { code: 'FROM scratch\nONBUILD LABEL semver="not-sem-ver"', settings, errors: [{ line: 2 }] },
    { code: 'FROM scratch\nLABEL semver=v1.0.0', settings, errors: [{ text: 'v1.0.0' }] },
    { code: 'FROM scratch\nLABEL semver=1.4', settings, errors: [{ text: '1.4' }] },
    { code: 'FROM scratch\nLABEL semver=01.0.0', settings, errors: [{ text: '01.0.0' }] },
  ],
});
