import { aptListsRemoved } from '../../../src/lint/rules/apt-lists-removed.js';
import { testRule } from '../rule-tester.js';

const message = 'Delete the apt lists (/var/lib/apt/lists) after installing something';

testRule(aptListsRemoved, {
  valid: [
    // apt 2.7.8 and later: dist-clean also deletes the package lists (the official trixie images end so).
    'FROM debian:13\nRUN set -eux; \\\n    apt-get update; \\\n    apt-get install -y --no-install-recommends curl; \\\n    apt-get dist-clean\n',
    'FROM ubuntu:24.04\nRUN apt update && apt install -y curl && apt dist-clean',
    'FROM debian:13\nRUN apt-get update && apt-get install -y curl && apt-get -q -o Debug::NoLocking=1 dist-clean',
    'FROM debian:13\nRUN <<EOF\napt-get update\napt-get install -y curl\napt-get dist-clean\nEOF',
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
      // The lists an update downloads after the dist-clean stay.
      code: 'FROM debian:13\nRUN apt-get dist-clean && apt-get update && apt-get install -y curl',
      errors: [{ message, line: 2, text: 'update' }],
    },
    {
      code: 'FROM debian:13\nRUN apt-get update && apt-get dist-clean && apt-get update',
      errors: [{ message, line: 2, text: 'update' }],
    },
    {
      // clean keeps the lists; dist-clean by another program or inside sh -c is not seen.
      code: 'FROM debian:13\nRUN apt-get update && apt-get clean && sudo apt-get dist-clean && sh -c "apt-get dist-clean"',
      errors: [{ message, line: 2, text: 'update' }],
    },
    {
      code: 'FROM debian:13\nRUN apt-get update && aptitude dist-clean',
      errors: [{ message, line: 2, text: 'update' }],
    },
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
    // The fix appends the removal to the end of the RUN, once, and only where the text allows it.
    {
      code: 'FROM debian:12\nRUN apt-get update && apt-get install -y curl=8.5.0-1',
      errors: [{ text: 'update' }],
      output: 'FROM debian:12\nRUN apt-get update && apt-get install -y curl=8.5.0-1 && rm -rf /var/lib/apt/lists/*',
    },
    {
      code: 'FROM debian:12\nRUN apt-get update \\\n && apt-get install -y curl=8.5.0-1 \\\n && apt-get update',
      errors: [{ line: 2, text: 'update' }, { line: 4, text: 'update' }],
      output: 'FROM debian:12\nRUN apt-get update \\\n && apt-get install -y curl=8.5.0-1 \\\n && apt-get update && rm -rf /var/lib/apt/lists/*',
    },
    {
      code: 'FROM debian:12\nONBUILD RUN if true; then apt-get update; fi   ',
      errors: [{ text: 'update' }],
      output: 'FROM debian:12\nONBUILD RUN if true; then apt-get update; fi && rm -rf /var/lib/apt/lists/*   ',
    },
    // A later step that reads the lists keeps them: no fix when a later RUN of the stage (or a later trigger)
    // uses apt before updating, or when a later stage is built on this one.
    ...[
      'FROM debian:12\nRUN apt-get update\nRUN apt-get install -y curl',
      'FROM debian:12\nRUN apt-get update && apt-get install -y a\nRUN echo x\nRUN apt-get install -y b',
      'FROM debian:12\nRUN apt-get update && apt-get install -y a\nRUN apt-cache policy b',
      'FROM debian:12\nRUN apt-get update && apt-get install -y a\nRUN apt-get dist-upgrade -y',
      'FROM debian:12\nRUN apt-get update && apt-get install -y a\nONBUILD RUN apt-get install -y b',
      'FROM debian:12\nONBUILD RUN apt-get update\nONBUILD RUN apt-get install -y b',
      'FROM debian:12 AS base\nRUN apt-get update && apt-get install -y a\nFROM base\nRUN echo x',
    ].map((code) => ({ code, errors: [{ text: 'update' }], output: code })),
    {
      code: 'FROM debian:12\nRUN apt-get update && apt-get install -y a\nRUN apt-get update && apt-get install -y b',
      errors: [{ line: 2, text: 'update' }, { line: 3, text: 'update' }],
      output:
        'FROM debian:12\nRUN apt-get update && apt-get install -y a && rm -rf /var/lib/apt/lists/*\n' +
        'RUN apt-get update && apt-get install -y b && rm -rf /var/lib/apt/lists/*',
    },
    {
      code: 'FROM debian:12\nRUN apt-get update && apt-get install -y a\nRUN apt-get purge -y a && apt-get autoremove -y',
      errors: [{ text: 'update' }],
      output: 'FROM debian:12\nRUN apt-get update && apt-get install -y a && rm -rf /var/lib/apt/lists/*\nRUN apt-get purge -y a && apt-get autoremove -y',
    },
    // A RUN after an ONBUILD runs in this build, before the trigger does in the child's.
    {
      code: 'FROM debian:12\nONBUILD RUN apt-get update\nRUN apt-get install -y b',
      errors: [{ text: 'update' }],
      output: 'FROM debian:12\nONBUILD RUN apt-get update && rm -rf /var/lib/apt/lists/*\nRUN apt-get install -y b',
    },
    { code: 'FROM debian:12\nRUN apt-get update # refresh', errors: [{ text: 'update' }], output: 'FROM debian:12\nRUN apt-get update # refresh' },
    { code: 'FROM debian:12\nRUN apt-get update;', errors: [{ text: 'update' }], output: 'FROM debian:12\nRUN apt-get update;' },
    { code: 'FROM debian:12\nRUN apt-get update &', errors: [{ text: 'update' }], output: 'FROM debian:12\nRUN apt-get update &' },
    { code: 'FROM debian:12\nRUN apt-get update && echo "$(date"', errors: [{ text: 'update' }], output: 'FROM debian:12\nRUN apt-get update && echo "$(date"' },
    {
      code: 'FROM debian:12\nRUN <<EOF\napt-get update\nEOF\n',
      errors: [{ text: 'update' }],
      output: 'FROM debian:12\nRUN <<EOF\napt-get update\nEOF\n',
    },
    { code: 'FROM debian:12\nRUN ["apt-get", "update"]', errors: [{ text: '"update"' }], output: 'FROM debian:12\nRUN ["apt-get", "update"]' },
  ],
});
