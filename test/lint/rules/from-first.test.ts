import { fromFirst } from '../../../src/lint/rules/from-first.js';
import { testRule } from '../rule-tester.js';

const message = 'Invalid instruction order. Dockerfile must begin with `FROM`, `ARG` or comment.';

testRule(fromFirst, {
  valid: [
    'FROM foo:1\nLABEL foo=bar',
    'ARG A=B\nFROM foo:1\nLABEL foo=bar',
    '# syntax = docker/dockerfile:1.0-experimental\nFROM node:16-alpine3.13',
    'FROM foo:1\nARG A=B\nRUN echo bla',
    '# a comment\n\nARG A\nARG B=1\nFROM foo:$B',
    '',
  ],
  invalid: [
    { code: 'LABEL foo=bar\nFROM foo:1', errors: [{ message, line: 1, text: 'LABEL' }] },
    {
      code: 'ARG A=1\nENV B=2\nRUN x\nFROM foo:1\nRUN y',
      errors: [
        { line: 2, text: 'ENV' },
        { line: 3, text: 'RUN' },
      ],
    },
    { code: 'RUN foo bar', errors: [{ line: 1, text: 'RUN' }] },
    { code: 'onbuild RUN x\nFROM foo:1', errors: [{ line: 1, text: 'onbuild' }] },
  ],
});
