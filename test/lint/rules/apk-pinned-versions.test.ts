import { apkPinnedVersions } from '../../../src/lint/rules/apk-pinned-versions.js';
import { testRule } from '../rule-tester.js';

const message = 'Pin versions in apk add. Instead of `apk add <package>` use `apk add <package>=<version>`';

testRule(apkPinnedVersions, {
  valid: [
    'FROM alpine:3.19\nRUN apk add --no-cache --simulate curl',
    'FROM alpine:3.19\nRUN apk add -s curl',
    'FROM alpine:3.19\nRUN apk add flex=2.6.4-r1',
    'FROM alpine:3.19\nONBUILD RUN apk add flex=2.6.4-r1',
    'FROM alpine:3.19\nRUN apk add --no-cache git~2.52.0',
    'FROM alpine:3.19\nRUN apk add --no-cache flex=2.6.4-r1 \\\n && pip install -r requirements.txt\n',
    'FROM alpine:3.19\nRUN apk add --no-cache \\\nflex=2.6.4-r1 \\\nlibffi=3.2.1-r3 \\\npython2=2.7.13-r1 \\\nlibbz2=1.0.6-r5\n',
    'FROM alpine:3.19\nRUN apk add \\\n--virtual build-dependencies \\\npython-dev=1.1.1 build-base=2.2.2 wget=3.3.3 \\\n&& pip install -r requirements.txt \\\n&& python setup.py install \\\n&& apk del build-dependencies\n',
    'FROM alpine:3.19\nRUN apk add --no-cache \\\n--repository https://nl.alpinelinux.org/alpine/edge/testing \\\nflow=0.78.0-r0\n',
    'FROM alpine:3.19\nRUN apk add --no-cache \\\n--repository=https://nl.alpinelinux.org/alpine/edge/testing \\\nflow=0.78.0-r0\n',
    'FROM alpine:3.19\nRUN apk add --no-cache \\\n-X https://nl.alpinelinux.org/alpine/edge/testing \\\nflow=0.78.0-r0\n',
    'FROM alpine:3.19\nRUN apk add mypackage-1.1.1.apk',
    'FROM alpine:3.19\nRUN apk add "curl>8"',
    'FROM alpine:3.19\nRUN apk del curl',
  ],
  invalid: [
    {
      code: 'FROM alpine:3.19\nRUN apk add flex',
      errors: [{ message, line: 2, text: 'flex' }],
    },
    {
      code: 'FROM alpine:3.19\nONBUILD RUN apk add flex',
      errors: [{ message, line: 2, text: 'flex' }],
    },
    {
      code: 'FROM alpine:3.19\nRUN apk add --no-cache \\\nflex=2.6.4-r1 \\\nlibffi \\\npython2=2.7.13-r1 \\\nlibbz2=1.0.6-r5\n',
      errors: [{ line: 4, text: 'libffi' }],
    },
    {
      code: 'FROM alpine:3.19\nRUN <<EOF\napk add --no-cache curl\nEOF',
      errors: [{ line: 3, text: 'curl' }],
    },
    {
      code: 'FROM alpine:3.19\nRUN ["apk", "add", "curl"]',
      errors: [{ line: 2, text: '"curl"' }],
    },
  ],
});
