import { aptUpdateSeparate } from '../../../src/lint/rules/apt-update-separate.js';
import { testRule } from '../rule-tester.js';

testRule(aptUpdateSeparate, {
  valid: [
    // An install that installs nothing reads the old lists only to answer a question.
    'FROM debian:12\nRUN apt-get update\nRUN if apt-get install -s "postgresql-16-pgvector" > /dev/null 2>&1; then echo yes; fi',
    'FROM alpine:3.19\nRUN apk update\nRUN apk add --simulate curl',
    'FROM fedora:40\nRUN dnf makecache\nRUN dnf install --assumeno httpd',
    'FROM debian:12\nRUN apt-get update && apt-get install -y curl',
    'FROM debian:12\nRUN apt-get update\nRUN apt-get update && apt-get install -y curl',
    'FROM debian:12\nRUN apt-get update\nRUN echo done',
    'FROM debian:12\nRUN apt-get install -y curl',
    'FROM alpine:3.19\nRUN apk update\nRUN apk add --no-cache curl',
    'FROM alpine:3.19\nRUN apk update\nRUN apk add -U curl',
    'FROM debian:12 AS base\nRUN apt-get update\nFROM debian:12\nRUN apt-get install -y curl',
    'FROM debian:12\nRUN apt-get update\nRUN apk add curl',
    'FROM debian:12\nRUN echo "apt-get update"\nRUN apt-get install -y curl',
    // A quoted `;` separates nothing: the echo prints the words, no update runs.
    "FROM debian:12\nRUN echo 'done; apt-get update'\nRUN apt-get install -y curl",
    'FROM debian:12\nRUN apt-get update\nONBUILD RUN apt-get install -y curl',
    // Options whose values could be read two ways each once took time exponential in their number.
    `FROM debian:12\nRUN apt-get update\nRUN apt-get${' -o -c'.repeat(40)} x`,
    `FROM alpine:3.19\nRUN apk update\nRUN apk${' -X --repository'.repeat(40)} x`,
  ],
  invalid: [
    {
      code: `FROM debian:12\nRUN apt-get update\nRUN apt-get${' -o -c'.repeat(40)} -o Debug::x=1 install -y curl`,
      errors: [{ line: 2, text: 'update' }],
    },
    // The command words right after what may come before them (a quoted assignment, a path, an operator): a
    // script is passed over only when no such word is anywhere in it.
    {
      code: 'FROM debian:12\nRUN A="x" apt-get update\nRUN true;/usr/bin/apt-get install -y curl',
      errors: [{ line: 2, text: 'update' }],
    },
    {
      code: 'FROM fedora:40\nRUN (dnf makecache)\nRUN X=1 microdnf install -y curl',
      errors: [{ line: 2, text: 'makecache' }],
    },
    {
      code: 'FROM debian:12\nRUN apt-get update\nRUN apt-get install --simulate curl && apt-get install -y curl',
      errors: [{ line: 2, text: 'update' }],
    },
    {
      code: 'FROM debian:12\nRUN apt-get update\nRUN apt-get install -y --no-install-recommends curl\n',
      errors: [
        {
          message:
            'apt-get update on line 2 is cached as a layer of its own: when the apt-get install on line 3 re-runs (its package list or an earlier step changed), it still reads the package lists cached with that layer, which can be months old, so it installs outdated versions or fails on packages the mirror no longer has; run the update and the install in the same RUN',
          line: 2,
          text: 'update',
        },
      ],
      output: 'FROM debian:12\nRUN apt-get update && apt-get install -y --no-install-recommends curl\n',
    },
    {
      code:
        'FROM debian:12\nRUN apt-get -qq update\nENV DEBIAN_FRONTEND=noninteractive\nARG CURL_VERSION=7.88\n# the tools\nRUN --mount=type=cache,target=/var/cache/apt apt-get install -y \\\n    curl=${CURL_VERSION}\nCMD ["bash"]\n',
      errors: [{ line: 2, text: 'update' }],
      output:
        'FROM debian:12\nENV DEBIAN_FRONTEND=noninteractive\nARG CURL_VERSION=7.88\n# the tools\nRUN --mount=type=cache,target=/var/cache/apt apt-get -qq update && apt-get install -y \\\n    curl=${CURL_VERSION}\nCMD ["bash"]\n',
    },
    {
      code: 'FROM alpine:3.19\nRUN apk update\nRUN apk add curl',
      errors: [
        {
          message:
            'apk update on line 2 is cached as a layer of its own: when the apk add on line 3 re-runs (its package list or an earlier step changed), it still reads the index cached with that layer, which can be months old, so it installs outdated versions or fails on packages the mirror no longer has; run the update and the install in the same RUN',
          text: 'update',
        },
      ],
      output: 'FROM alpine:3.19\nRUN apk update && apk add curl',
    },
    {
      code: 'FROM fedora:40\nRUN dnf makecache\nRUN dnf install -y git',
      errors: [{ text: 'makecache' }],
      output: 'FROM fedora:40\nRUN dnf makecache && dnf install -y git',
    },
    {
      code: 'FROM debian:12\nRUN apt-get update && apt-get install -y curl\nRUN apt-get install -y git',
      errors: [{ line: 2, text: 'update' }],
    },
    {
      code: 'FROM debian:12\nRUN apt-get update\nWORKDIR /app\nRUN apt-get install -y curl',
      errors: [{ line: 2 }],
    },
    {
      code: 'FROM debian:12\nRUN apt-get update\nRUN echo start\nRUN apt-get install -y curl',
      errors: [{ line: 2 }],
    },
    {
      code: 'FROM debian:12\nRUN apt-get update\nRUN apt-get install -y curl; echo done',
      errors: [{ line: 2 }],
      output: 'FROM debian:12\nRUN apt-get update\nRUN apt-get install -y curl; echo done',
    },
    {
      code: 'FROM debian:12\nRUN --network=host apt-get update\nRUN apt-get install -y curl',
      errors: [{ line: 2 }],
      output: 'FROM debian:12\nRUN --network=host apt-get update\nRUN apt-get install -y curl',
    },
    {
      code: 'FROM debian:12\nRUN <<EOF\nset -e\napt-get update\nEOF\nRUN apt install -y curl',
      errors: [{ line: 4, text: 'update' }],
    },
    {
      code: 'FROM debian:12 AS base\nRUN apt-get update\nFROM base\nRUN apt-get install -y curl',
      errors: [{ line: 2 }],
    },
    {
      code: 'FROM debian:12\nRUN apt-get update\nRUN apt-get install -y curl\nRUN apt-get install -y git',
      errors: [{ line: 2 }],
      output: 'FROM debian:12\nRUN apt-get update && apt-get install -y curl\nRUN apt-get install -y git',
    },
  ],
});
