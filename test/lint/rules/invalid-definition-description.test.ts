import { invalidDefinitionDescription } from '../../../src/lint/rules/invalid-definition-description.js';
import { testRule } from '../rule-tester.js';

testRule(invalidDefinitionDescription, {
  valid: [
    '# check=skip=all;experimental=InvalidDefinitionDescription\n# foo this is the foo\nARG foo=bar\n\n' +
      '# base this is the base image\nFROM scratch AS base\n\n# version this is the version number\nARG version=latest\n\n' +
      '# baz this is the baz\nARG foo=baz bar=qux baz=quux\n#\nARG bit=bat\n\n' +
      '# comment for something other than ARG or FROM\nCOPY Dockerfile .\n',
    '# a non-descriptive comment\n\nFROM scratch AS base\n\n# another non-descriptive comment\n\nARG VERSION=1\n',
    '# base is a stage for compiling source\nFROM scratch AS base\n# VERSION This is the version number.\nARG VERSION=1\n',
    // Only named stages have descriptions.
    '# some comment\nFROM scratch',
    '# base compiles\nFROM scratch AS Base',
    '# check=skip=SecretsUsedInArgOrEnv\nARG password',
    '# hadolint ignore=DL3006\nFROM scratch AS base',
    '# TOKEN the token\n# check=skip=SecretsUsedInArgOrEnv\nARG TOKEN',
    'FROM scratch\n# a comment\nONBUILD ARG foo',
  ],
  invalid: [
    {
      code: '# bar this is the bar\nARG foo=bar\n# BasE this is the BasE image\nFROM scratch AS base\n' +
        '# definitely a bad comment\nARG version=latest\n# definitely a bad comment\nARG foo=baz bar=qux baz=quux\n',
      errors: [
        { message: 'Comment for ARG should follow the format: `# foo <description>`', line: 1, text: '# bar this is the bar' },
        { message: 'Comment for FROM should follow the format: `# base <description>`', line: 3 },
        { message: 'Comment for ARG should follow the format: `# version <description>`', line: 5 },
        { message: 'Comment for ARG should follow the format: `# <arg_key> <description>`', line: 7 },
      ],
    },
    {
      code: '# a non-descriptive comment\nFROM scratch AS base\n\n# another non-descriptive comment\nARG VERSION=1\n',
      errors: [
        { message: 'Comment for FROM should follow the format: `# base <description>`', line: 1 },
        { message: 'Comment for ARG should follow the format: `# VERSION <description>`', line: 4 },
      ],
    },
    {
      // The line right above counts.
      code: '# VERSION the version\n# more about it\nARG VERSION',
      errors: [{ line: 2, text: '# more about it' }],
    },
  ],
});
