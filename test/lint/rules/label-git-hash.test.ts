import { labelGitHash } from '../../../src/lint/rules/label-git-hash.js';
import { testRule } from '../rule-tester.js';

const settings = { labelSchema: { githash: 'hash' } } as const;

testRule(labelGitHash, {
  valid: [
    { code: 'FROM scratch\nLABEL githash="2dbfae9"', settings },
    { code: 'FROM scratch\nONBUILD LABEL githash="2dbfae9"', settings },
    { code: 'FROM scratch\nLABEL githash="43c572f1272b6b3171dd1db9e41b7027128ce080"', settings },
    { code: 'FROM scratch\nLABEL githash=2dbfae91c3', settings },
    { code: `FROM scratch\nLABEL githash=${'a1'.repeat(32)}`, settings },
    { code: 'FROM scratch\nLABEL other="foo"', settings },
    { code: 'FROM scratch\nLABEL githash=$GIT_SHA', settings },
  ],
  invalid: [
    {
      code: 'FROM scratch\nLABEL githash="not-git-hash"',
      settings,
      errors: [{ message: 'Label `githash` is not a valid git hash.', line: 2, text: '"not-git-hash"' }],
    },
    { code: 'FROM scratch\nONBUILD LABEL githash="not-git-hash"', settings, errors: [{ line: 2 }] },
    { code: 'FROM scratch\nLABEL githash=2DBFAE9 other=1 githash=abc', settings, errors: [{ text: '2DBFAE9' }, { text: 'abc' }] },
  ],
});
