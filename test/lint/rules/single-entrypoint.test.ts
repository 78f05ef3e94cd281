import { singleEntrypoint } from '../../../src/lint/rules/single-entrypoint.js';
import { testRule } from '../rule-tester.js';

const message =
  'Multiple `ENTRYPOINT` instructions found. If you list more than one `ENTRYPOINT` then only the last ' +
  '`ENTRYPOINT` will take effect';

testRule(singleEntrypoint, {
  valid: [
    'FROM busybox:1',
    'FROM debian:12 as distro1\nENTRYPOINT bash\nRUN foo\nFROM debian:12 as distro2\nENTRYPOINT another',
    'ENTRYPOINT /bin/true',
    'FROM debian:12\nENTRYPOINT ["a"]\nONBUILD ENTRYPOINT ["b"]',
  ],
  invalid: [
    {
      code: 'FROM debian:12\nENTRYPOINT bash\nRUN foo\nENTRYPOINT another',
      errors: [{ message, line: 4, text: 'ENTRYPOINT' }],
      output: 'FROM debian:12\nRUN foo\nENTRYPOINT another',
    },
    {
      code: 'FROM debian:12 as distro1\nENTRYPOINT bash\nRUN foo\nENTRYPOINT another\nFROM debian:12 as distro2\nENTRYPOINT another',
      errors: [{ message, line: 4, text: 'ENTRYPOINT' }],
    },
  ],
});
