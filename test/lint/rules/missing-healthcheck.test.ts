import { missingHealthcheck } from '../../../src/lint/rules/missing-healthcheck.js';
import { testRule } from '../rule-tester.js';

const lines = (...l: string[]): string => l.join('\n') + '\n';

testRule(missingHealthcheck, {
  valid: [
    lines('FROM scratch', 'HEALTHCHECK NONE'),
    lines('FROM scratch', 'HEALTHCHECK CMD /bin/bla'),
    lines('FROM scratch AS base', 'HEALTHCHECK CMD /bin/bla', 'FROM base'),
    lines('FROM scratch AS base1', 'FROM base1 AS base2', 'FROM base2 AS base3', 'FROM base3 AS end', 'HEALTHCHECK NONE'),
    // A stage that is only copied from never becomes an image of its own.
    lines('FROM golang AS build', 'RUN make', 'FROM scratch', 'COPY --from=build /app /app', 'HEALTHCHECK CMD ["/app", "-health"]'),
  ],
  invalid: [
    { code: lines('FROM scratch'), errors: [{ message: '`HEALTHCHECK` instruction missing.', line: 1, text: 'FROM scratch' }] },
    {
      code: lines(
        'FROM scratch AS base1',
        'FROM base1 AS base2',
        'FROM base2 AS base3.1',
        'FROM base2 AS base3.2',
        '',
        'FROM base3.1 AS end1',
        'HEALTHCHECK NONE',
        '',
        'FROM base3.2 AS end2',
      ),
      errors: [{ line: 4, text: 'FROM base2 AS base3.2' }, { line: 9, text: 'FROM base3.2 AS end2' }],
    },
    { code: lines('FROM scratch AS base', 'HEALTHCHECK CMD /bin/bla', 'FROM scratch'), errors: [{ line: 3 }] },
    { code: lines('FROM alpine', 'ONBUILD HEALTHCHECK CMD true'), errors: [{ line: 1 }] },
  ],
});
