import { noInlineIgnorePragma } from '../../../src/lint/rules/no-inline-ignore-pragma.js';
import { testRule } from '../rule-tester.js';

const message = 'Please refrain from using inline ignore pragmas  `# hadolint ignore=DLxxxx`.';

testRule(noInlineIgnorePragma, {
  valid: [
    '# hadolint shell=powershell\nRUN foo bar',
    '# foobar\nRUN foo bar',
    'FROM debian:12\nRUN foo bar',
    '# hadolint global ignore=DL3003\nFROM debian:12',
    'FROM debian:12\n# hadolint stage ignore=DL3003\nRUN cd /x',
    // Not a valid pragma: hadolint ignores it, so there is nothing to refrain from.
    '# hadolint ignore=crazy\nRUN foo',
    '# dfkit-ignore copy-over-add\nADD x /y',
  ],
  invalid: [
    { code: '# hadolint ignore=DL3003\nRUN foo bar', errors: [{ message, line: 1, text: '# hadolint ignore=DL3003' }] },
    {
      code: 'FROM debian:12\n  #hadolint ignore = DL3008 , SC2086  # pinned upstream\nRUN apt-get install -y curl',
      errors: [{ line: 2, text: '#hadolint ignore = DL3008 , SC2086  # pinned upstream' }],
    },
    {
      code: 'FROM debian:12\nRUN apt-get update \\\n  # hadolint ignore=DL3009\n  && true',
      errors: [{ line: 3 }],
    },
  ],
});
