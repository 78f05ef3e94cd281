import { validChown } from '../../../src/lint/rules/valid-chown.js';
import { testRule } from '../rule-tester.js';

testRule(validChown, {
  valid: [
    'FROM node:22-slim\nCOPY --chown=node . /app',
    'FROM node:22-slim\nCOPY --chown=node:node . /app',
    'FROM node:22-slim\nADD --chown=1000:1000 a /app/',
    'FROM node:22-slim\nCOPY --chown=1000: a /app/',
    'FROM node:22-slim\nCOPY --chown=$OWNER:$OWNER:x a /app/',
    'FROM node:22-slim\nCOPY a /app/',
  ],
  invalid: [
    {
      code: 'FROM node:22-slim\nCOPY --chown=node:node:node . /app',
      errors: [
        {
          line: 2,
          text: 'node:node:node',
          message:
            "--chown=node:node:node has more than one ':': the classic builder refuses it and BuildKit finds no group of that name, so the build fails",
        },
      ],
    },
    { code: 'FROM node:22-slim\nADD --chown=1:2:3 a /app/', errors: [{ line: 2, text: '1:2:3' }] },
    { code: 'FROM node:22-slim\nONBUILD COPY --chown=a:: a /app/', errors: [{ line: 2, text: 'a::' }] },
  ],
});
