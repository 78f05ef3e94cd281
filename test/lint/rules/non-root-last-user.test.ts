import { nonRootLastUser } from '../../../src/lint/rules/non-root-last-user.js';
import { testRule } from '../rule-tester.js';

const message = 'Last USER should not be root';

testRule(nonRootLastUser, {
  valid: [
    'FROM scratch\nUSER foo',
    'FROM scratch\nUSER root\nRUN something\nUSER foo',
    'FROM debian:12 AS base\nUSER root\nRUN something\nUSER foo\nFROM scratch\nRUN something else',
    'FROM debian:12',
    'FROM debian:12\nUSER 1000',
    'FROM debian:12\nUSER 1000:0',
    'FROM debian:12\nUSER rooter',
    'FROM debian:12\nUSER $USERNAME',
    // The trigger runs in a downstream build.
    'FROM debian:12\nUSER app\nONBUILD USER root',
    // Before any stage there is nothing to run as.
    'USER root\nFROM debian:12',
  ],
  invalid: [
    { code: 'FROM scratch\nUSER root', errors: [{ message, line: 2, text: 'root' }] },
    { code: 'FROM scratch\nUSER 0', errors: [{ message, line: 2, text: '0' }] },
    { code: 'FROM scratch\nUSER root:root', errors: [{ message, line: 2, text: 'root' }] },
    { code: 'FROM scratch\nUSER 0:0', errors: [{ message, line: 2, text: '0' }] },
    { code: 'FROM scratch\nUSER "root"', errors: [{ line: 2, text: '"root"' }] },
    { code: 'FROM scratch\nuser root', errors: [{ line: 2, text: 'root' }] },
    {
      code: 'FROM debian:12 AS base\nUSER root\nRUN something\nFROM base\nRUN something else',
      errors: [{ message, line: 2, text: 'root' }],
    },
    {
      code: 'FROM debian:12 AS base\nUSER root\nRUN something\nFROM scratch\nUSER foo\nRUN something else',
      errors: [{ message, line: 2, text: 'root' }],
    },
    {
      code: 'FROM debian:12 AS a\nUSER root\nFROM debian:12 AS b\nUSER app\nUSER root\nRUN x',
      errors: [
        { line: 2, text: 'root' },
        { line: 5, text: 'root' },
      ],
    },
    { code: 'FROM debian:12\nUSER app\nONBUILD USER app\nUSER 0', errors: [{ line: 4, text: '0' }] },
  ],
});
