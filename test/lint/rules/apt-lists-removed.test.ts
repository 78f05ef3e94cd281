import { aptListsRemoved } from '../../../src/lint/rules/apt-lists-removed.js';
import { testRule } from '../rule-tester.js';

const message = 'Delete the apt-get lists after installing something.';

testRule(aptListsRemoved, {
  valid: [
    'FROM ubuntu AS foo\nRUN apt-get update && apt-get install python\nFROM scratch\nRUN echo hey!\n',
    'FROM ubuntu AS foo\nRUN apt-get update && apt-get install python && rm -rf /var/lib/apt/lists/*\nFROM foo\nRUN hey!\n',
    'FROM scratch\nRUN apt-get update && apt-get install python && rm -rf /var/lib/apt/lists/*\n',
    'FROM scratch\nONBUILD RUN apt-get update && apt-get install python && rm -rf /var/lib/apt/lists/*\n',
    'FROM debian:12\nRUN --mount=type=cache,target=/var/lib/apt/lists \\\n    apt-get update && apt-get install python\n',
    'FROM debian:12\nRUN --mount=type=cache,target=/var/lib/apt \\\n    --mount=type=cache,target=/var/cache/apt \\\n    rm -f /etc/apt/apt.conf.d/docker-clean && \\\n    apt-get update && apt-get install python\n',
    'FROM debian:12\nRUN rm -f /etc/apt/apt.conf.d/docker-clean\nRUN --mount=type=cache,target=/var/cache/apt \\\n    --mount=type=tmpfs,target=/var/lib/apt \\\n    apt-get update && apt-get install foo\n',
    'FROM debian:12\nRUN apt-get install -y curl',
    'FROM debian:12\nRUN <<EOF\napt-get update\napt-get install -y curl\nrm -rf /var/lib/apt/lists/*\nEOF',
  ],
  invalid: [
    {
      code: 'FROM scratch\nRUN apt-get update && apt-get install python\n',
      errors: [{ message, line: 2, text: 'update' }],
    },
    {
      code: 'FROM scratch\nONBUILD RUN apt-get update && apt-get install python\n',
      errors: [{ message, line: 2, text: 'update' }],
    },
    {
      code: 'FROM ubuntu AS foo\nONBUILD RUN apt-get update && apt-get install python\nFROM scratch\nRUN echo hey!\n',
      errors: [{ line: 2 }],
    },
    {
      code: 'FROM ubuntu AS foo\nRUN hey!\nFROM scratch\nRUN apt-get update && apt-get install python\n',
      errors: [{ line: 4, text: 'update' }],
    },
    {
      code: 'FROM ubuntu AS foo\nRUN apt-get update && apt-get install python\nFROM foo\nRUN hey!\n',
      errors: [{ line: 2, text: 'update' }],
    },
    {
      code: 'FROM debian:12\nRUN --mount=type=cache,target=/var/cache/apt \\\n    rm -f /etc/apt/apt.conf.d/docker-clean && \\\n    apt-get update && apt-get install python\n',
      errors: [{ line: 4, text: 'update' }],
    },
    {
      code: 'FROM debian:12\nRUN rm -f /etc/apt/apt.conf.d/docker-clean\nRUN --mount=type=cache,target=/var/lib/apt \\\n    apt-get update && apt-get install python\n',
      errors: [{ line: 4, text: 'update' }],
    },
    {
      code: 'FROM debian:12\nRUN apt update && aptitude update',
      errors: [{ text: 'update' }, { text: 'update' }],
    },
    {
      code: 'FROM debian:12\nRUN <<EOF\nset -e\napt-get update\nEOF',
      errors: [{ line: 4, text: 'update' }],
    },
    {
      code: 'FROM debian:12\nRUN ["apt-get", "update"]',
      errors: [{ line: 2, text: '"update"' }],
    },
  ],
});
