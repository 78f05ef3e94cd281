import { singleCmd } from '../../../src/lint/rules/single-cmd.js';
import { testRule } from '../rule-tester.js';

const message =
  'Multiple `CMD` instructions found. If you list more than one `CMD` then only the last `CMD` will take effect';

testRule(singleCmd, {
  valid: [
    'FROM debian:12 as distro1\nCMD bash\nRUN foo\nFROM debian:12 as distro2\nCMD another',
    'CMD /bin/true',
    'FROM debian:12\nCMD ["a"]\nONBUILD CMD ["b"]',
    'FROM debian:12 AS base\nCMD a\nFROM base\nCMD b',
  ],
  invalid: [
    { code: 'FROM debian:12\nCMD bash\nRUN foo\nCMD another', errors: [{ message, line: 4, text: 'CMD' }] },
    {
      code: 'FROM debian:12 as distro1\nCMD bash\nRUN foo\nCMD another\nFROM debian:12 as distro2\nCMD another',
      errors: [{ message, line: 4, text: 'CMD' }],
    },
    {
      code: 'FROM debian:12\nCMD ["a"]\nCMD ["b"]\ncmd ["c"]',
      errors: [
        { line: 3, text: 'CMD' },
        { line: 4, text: 'cmd' },
      ],
      output: 'FROM debian:12\ncmd ["c"]',
    },
    // The fix removes the overridden one, continuation lines and comments kept apart from pragmas.
    {
      code: 'FROM debian:12\n# migrate first\n  CMD python manage.py \\\n    migrate\r\nRUN foo\nCMD ["gunicorn"]\n',
      errors: [{ line: 6 }],
      output: 'FROM debian:12\n# migrate first\nRUN foo\nCMD ["gunicorn"]\n',
    },
    { code: 'FROM debian:12\nCMD a\nCMD b', errors: [{ line: 3 }], output: 'FROM debian:12\nCMD b' },
    {
      code: 'FROM debian:12\n# hadolint ignore=DL3025\nCMD a\nCMD ["b"]',
      errors: [{ line: 4 }],
      output: 'FROM debian:12\n# hadolint ignore=DL3025\nCMD a\nCMD ["b"]',
    },
  ],
});
