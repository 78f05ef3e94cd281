import { copyFromOtherStage } from '../../../src/lint/rules/copy-from-other-stage.js';
import { testRule } from '../rule-tester.js';

const message = '`COPY --from` cannot reference its own `FROM` alias';

testRule(copyFromOtherStage, {
  valid: [
    'FROM scratch as build\nRUN foo\nFROM node:20 as run\nCOPY --from=build foo .\nRUN baz',
    'FROM scratch as build\nFROM node:20\nCOPY --from=0 foo .',
    'FROM node:20\nCOPY --from=node:20 /a /a',
    'COPY --from=foo bar .',
    // A trigger runs in a downstream build, whose stages are not these.
    'FROM node:20 AS foo\nONBUILD COPY --from=foo bar .',
  ],
  invalid: [
    { code: 'FROM node:20 as foo\nCOPY --from=foo bar .', errors: [{ message, line: 2, text: 'foo' }] },
    { code: 'FROM node:20 AS Foo\nCOPY --from=FOO bar .', errors: [{ message, line: 2, text: 'FOO' }] },
    { code: 'FROM node:20 AS a\nFROM node:20 AS b\nCOPY --from=1 bar .', errors: [{ line: 3, text: '1' }] },
    { code: 'FROM node:20\nCOPY --from=0 bar .', errors: [{ line: 2, text: '0' }] },
  ],
});
