import { fromAsCasing } from '../../../src/lint/rules/from-as-casing.js';
import { testRule } from '../rule-tester.js';

testRule(fromAsCasing, {
  valid: [
    'FROM scratch AS base',
    'from scratch as base',
    'FROM scratch',
    // A mixed-case FROM is consistent-instruction-casing's business.
    'From scratch as base',
    'frOM scratch AS base',
  ],
  invalid: [
    {
      code: '\n# warning: \'as\' should match \'FROM\' cmd casing.\n#\nFROM scratch as base2\n\nFROM scratch AS base3\n',
      errors: [{ message: "'as' and 'FROM' keywords' casing do not match", line: 4, text: 'as' }],
      output: '\n# warning: \'as\' should match \'FROM\' cmd casing.\n#\nFROM scratch AS base2\n\nFROM scratch AS base3\n',
    },
    {
      code: 'from scratch AS base\n\nfrom scratch as base2\n',
      errors: [{ message: "'AS' and 'from' keywords' casing do not match", line: 1, text: 'AS' }],
      output: 'from scratch as base\n\nfrom scratch as base2\n',
    },
    {
      code: 'FROM --platform=linux/amd64 node:20 As build',
      errors: [{ message: "'As' and 'FROM' keywords' casing do not match", text: 'As' }],
      output: 'FROM --platform=linux/amd64 node:20 AS build',
    },
  ],
});
