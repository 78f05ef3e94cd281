import { validOnbuildTrigger } from '../../../src/lint/rules/valid-onbuild-trigger.js';
import { testRule } from '../rule-tester.js';

const message = '`ONBUILD`, `FROM` or `MAINTAINER` triggered from within `ONBUILD` instruction.';

testRule(validOnbuildTrigger, {
  valid: [
    'ONBUILD ADD anything anywhere',
    'ONBUILD USER anything',
    'ONBUILD LABEL bla="blubb"',
    'ONBUILD STOPSIGNAL anything',
    'ONBUILD COPY anything anywhere',
    'ONBUILD RUN anything',
    'ONBUILD CMD anything',
    'ONBUILD SHELL anything',
    'ONBUILD WORKDIR anything',
    'ONBUILD EXPOSE 69',
    'ONBUILD VOLUME anything',
    'ONBUILD ENTRYPOINT anything',
    'ONBUILD ENV MYVAR="bla"',
    'ONBUILD ARG anything',
    'ONBUILD HEALTHCHECK NONE',
    'FROM debian:buster',
    'MAINTAINER "Some Guy"',
  ],
  invalid: [
    { code: 'ONBUILD ONBUILD RUN anything', errors: [{ message, line: 1, text: 'ONBUILD' }] },
    { code: 'ONBUILD FROM debian:buster', errors: [{ message, line: 1, text: 'FROM' }] },
    { code: 'ONBUILD MAINTAINER "BoJack Horseman"', errors: [{ message, line: 1, text: 'MAINTAINER' }] },
    { code: 'FROM node:20\nonbuild from node:20', errors: [{ line: 2, text: 'from' }] },
    {
      code: 'FROM node:20\nONBUILD ONBUILD ONBUILD RUN x',
      errors: [
        { line: 2, text: 'ONBUILD' },
        { line: 2, text: 'ONBUILD' },
      ],
    },
  ],
});
