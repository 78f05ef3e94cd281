import { yarnCacheClean } from '../../../src/lint/rules/yarn-cache-clean.js';
import { testRule } from '../rule-tester.js';

const message = '`yarn cache clean` missing after `yarn install` was run.';

testRule(yarnCacheClean, {
  valid: [
    // A stage only copied from ships none of its layers.
    'FROM node:20 AS deps\nRUN yarn install\nFROM node:20\nCOPY --from=deps /app /app',
    'FROM node:20\nRUN yarn install && yarn cache clean',
    'FROM node:20\nRUN yarn install --frozen-lockfile \\\n && yarn cache clean --all',
    'FROM node:20\nRUN --mount=type=cache,target=/usr/local/share/.cache/yarn yarn install',
    'FROM node:20\nRUN --mount=type=tmpfs,target=/root/.cache/yarn yarn install',
    'FROM node:20\nRUN yarn build',
    'FROM node:20 AS deps\nRUN yarn install\nFROM node:20\nRUN echo done',
    'FROM node:20\nRUN <<EOF\nyarn install\nyarn cache clean\nEOF\n',
  ],
  invalid: [
    { code: 'FROM node:20\nRUN yarn install', errors: [{ message, line: 2, text: 'install' }] },
    { code: 'FROM node:20\nRUN yarn cache clean && yarn install', errors: [{ text: 'install' }] },
    { code: 'FROM node:20\nRUN yarn install\nRUN yarn cache clean', errors: [{ line: 2, text: 'install' }] },
    { code: 'FROM node:20 AS deps\nRUN yarn install\nFROM deps\nRUN echo done', errors: [{ line: 2 }] },
    { code: 'FROM node:20\nRUN --mount=type=cache,target=/root/.npm yarn install', errors: [{ text: 'install' }] },
    { code: 'FROM node:20\nRUN apk add git \\\n && yarn install', errors: [{ line: 3, text: 'install' }] },
    { code: 'FROM node:20\nRUN <<EOF\nyarn install\nEOF\n', errors: [{ line: 3, text: 'install' }] },
    { code: 'FROM node:20 AS base\nONBUILD RUN yarn install\nFROM node:20\nRUN echo x', errors: [{ line: 2, text: 'install' }] },
    { code: 'FROM node:20\nRUN yarn install && yarn build', errors: [{ text: 'install' }], output: 'FROM node:20\nRUN yarn install && yarn build && yarn cache clean' },
    {
      code: 'FROM node:20\nRUN cd a && yarn install \\\n && cd ../b && yarn install',
      errors: [{ line: 2, text: 'install' }, { line: 3, text: 'install' }],
      output: 'FROM node:20\nRUN cd a && yarn install \\\n && cd ../b && yarn install && yarn cache clean',
    },
    { code: 'FROM node:20\nRUN yarn install ||', errors: [{ text: 'install' }], output: 'FROM node:20\nRUN yarn install ||' },
  ],
});
