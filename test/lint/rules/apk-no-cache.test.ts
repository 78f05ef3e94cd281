import { apkNoCache } from '../../../src/lint/rules/apk-no-cache.js';
import { testRule } from '../rule-tester.js';

const message =
  'Use the `--no-cache` switch to avoid the need to use `--update` and remove `/var/cache/apk/*` when done installing packages';

testRule(apkNoCache, {
  valid: [
    'FROM alpine:3.19\nRUN apk add --simulate curl=8.5.0-r0',
    'FROM alpine:3.19\nRUN apk -s add curl=8.5.0-r0',
    'FROM alpine:3.19\nRUN apk add --no-cache flex=2.6.4-r1',
    'FROM alpine:3.19\nONBUILD RUN apk add --no-cache flex=2.6.4-r1',
    'FROM alpine:3.19\nRUN --mount=type=cache,target=/var/cache/apk apk add -U curl=7.77.0',
    'FROM alpine:3.19\nRUN --mount=type=tmpfs,target=/var/cache/apk/ apk add curl=7.77.0',
    'FROM alpine:3.19\nRUN --mount=type=cache,target=/var/cache/foo apk add --no-cache -U curl=7.77.0',
    'FROM alpine:3.19\nRUN apk del curl',
    'FROM alpine:3.19\nRUN ["apk", "add", "--no-cache", "curl"]',
  ],
  invalid: [
    {
      code: 'FROM alpine:3.19\nRUN apk add -t .s curl=8.5.0-r0',
      errors: [{ message, text: 'add' }],
      output: 'FROM alpine:3.19\nRUN apk add --no-cache -t .s curl=8.5.0-r0',
    },
    {
      code: 'FROM alpine:3.19\nRUN apk add flex=2.6.4-r1',
      errors: [{ message, line: 2, text: 'add' }],
      output: 'FROM alpine:3.19\nRUN apk add --no-cache flex=2.6.4-r1',
    },
    {
      code: 'FROM alpine:3.19\nONBUILD RUN apk add flex=2.6.4-r1',
      errors: [{ message, line: 2, text: 'add' }],
      output: 'FROM alpine:3.19\nONBUILD RUN apk add --no-cache flex=2.6.4-r1',
    },
    {
      code: 'FROM alpine:3.19\nRUN --mount=type=cache,target=/var/cache/foo apk add -U curl=7.77.0',
      errors: [{ text: 'add' }],
      output: 'FROM alpine:3.19\nRUN --mount=type=cache,target=/var/cache/foo apk add --no-cache -U curl=7.77.0',
    },
    {
      code: 'FROM alpine:3.19\nRUN --mount=type=bind,target=/var/cache/apk apk add curl',
      errors: [{ text: 'add' }],
    },
    {
      code: 'FROM alpine:3.19\nRUN set -e \\\n && command apk \\\n    add curl',
      errors: [{ line: 4, text: 'add' }],
      output: 'FROM alpine:3.19\nRUN set -e \\\n && command apk \\\n    add --no-cache curl',
    },
    {
      code: 'FROM alpine:3.19\nRUN <<EOF\napk add curl\nEOF',
      errors: [{ line: 3, text: 'add' }],
      output: 'FROM alpine:3.19\nRUN <<EOF\napk add --no-cache curl\nEOF',
    },
    {
      code: 'FROM alpine:3.19\nRUN ["apk", "add", "curl"]',
      errors: [{ text: '"add"' }],
      output: 'FROM alpine:3.19\nRUN ["apk", "add", "curl"]',
    },
  ],
});
