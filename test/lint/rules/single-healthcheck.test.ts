import { singleHealthcheck } from '../../../src/lint/rules/single-healthcheck.js';
import { testRule } from '../rule-tester.js';

const message = 'Multiple `HEALTHCHECK` instructions';

testRule(singleHealthcheck, {
  valid: [
    'FROM scratch',
    'FROM scratch\nHEALTHCHECK CMD /bin/bla',
    'FROM scratch\nHEALTHCHECK CMD /bin/bla1\nFROM scratch\nHEALTHCHECK CMD /bin/bla2',
    // The trigger belongs to downstream builds.
    'FROM scratch\nHEALTHCHECK CMD /bin/bla\nONBUILD HEALTHCHECK NONE',
    // A later stage built on this one may replace the health check.
    'FROM alpine:3.19 AS base\nHEALTHCHECK CMD a\nFROM base\nHEALTHCHECK CMD b',
  ],
  invalid: [
    {
      code: 'FROM scratch\nHEALTHCHECK CMD /bin/bla1\nHEALTHCHECK CMD /bin/bla2',
      errors: [{ message, line: 3, text: 'HEALTHCHECK' }],
    },
    {
      code: 'FROM scratch\nHEALTHCHECK CMD a\nHEALTHCHECK NONE\nhealthcheck --interval=5s CMD b',
      errors: [
        { line: 3, text: 'HEALTHCHECK' },
        { line: 4, text: 'healthcheck' },
      ],
      output: 'FROM scratch\nhealthcheck --interval=5s CMD b',
    },
    // The last of two stays, as in the image.
    {
      code: 'FROM scratch\nHEALTHCHECK CMD a\nHEALTHCHECK CMD b',
      errors: [{ line: 3 }],
      output: 'FROM scratch\nHEALTHCHECK CMD b',
    },
  ],
});
