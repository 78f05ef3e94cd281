import { uniqueStageNames } from '../../../src/lint/rules/unique-stage-names.js';
import { testRule } from '../rule-tester.js';

const message = 'FROM aliases (stage names) must be unique';

testRule(uniqueStageNames, {
  valid: [
    'FROM scratch as build\nRUN foo\nFROM node:20 as run\nRUN baz',
    'FROM node:20\nFROM node:20',
    'FROM node:20 AS build\nONBUILD FROM node:20 AS build',
  ],
  invalid: [
    {
      code: 'FROM node:20 as foo\nRUN something\nFROM scratch as foo\nRUN something',
      errors: [{ message, line: 3, text: 'foo' }],
    },
    { code: 'FROM node:20 AS Build\nFROM node:20 AS build', errors: [{ message, line: 2, text: 'build' }] },
    {
      code: 'FROM a:1 AS x\nFROM b:1 AS x\nFROM c:1 AS x',
      errors: [
        { line: 2, text: 'x' },
        { line: 3, text: 'x' },
      ],
    },
  ],
});
