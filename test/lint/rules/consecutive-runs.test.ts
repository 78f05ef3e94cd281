import { consecutiveRuns } from '../../../src/lint/rules/consecutive-runs.js';
import { testRule } from '../rule-tester.js';

const message = 'Multiple consecutive `RUN` instructions. Consider consolidation.';

testRule(consecutiveRuns, {
  valid: [
    'FROM debian:12\nRUN mkdir /app',
    'FROM debian:12\nRUN mkdir /app\nWORKDIR /app\nRUN touch x',
    'FROM debian:12\nRUN a && b && c\nRUN d',
    'FROM debian:12\nRUN d\nRUN a && b && c',
    'FROM debian:12\nRUN --mount=type=cache,target=/x a\nRUN b',
    'FROM debian:12\nRUN --mount=type=cache,target=/x a\nRUN --mount=type=cache,target=/y b',
    'FROM debian:12\nRUN a\nFROM debian:12\nRUN b',
    'FROM debian:12\nRUN <<EOF\na\nb\nc\nEOF\nRUN d',
    // A chain on either side is a deliberate split (as in hadolint).
    'FROM debian:12\nRUN a && b\n# a comment\nRUN c && d',
    'FROM debian:12\nRUN a \\\n  && b\nRUN c',
    'FROM debian:12\nRUN a; b\nRUN c',
    'FROM debian:12\nRUN c\nRUN a | b',
    // An ONBUILD stands between RUNs, and its trigger runs in another build.
    'FROM debian:12\nRUN a\nONBUILD RUN b\nRUN c',
    'FROM debian:12\nONBUILD RUN b\nRUN c\nONBUILD RUN d',
    // Any instruction stands between RUNs, one the builder does not know too.
    'FROM debian:12\nRUN a\nFOO bar\nRUN b',
    'FROM debian:12\nRUN a\nONBUILD COPY . /x\nRUN b',
  ],
  invalid: [
    { code: 'FROM debian:12\nRUN mkdir /app\nRUN chown app /app', errors: [{ message, line: 3, text: 'RUN' }] },
    { code: 'FROM debian:12\nRUN a\n# a comment\nRUN c', errors: [{ line: 4, text: 'RUN' }] },
    { code: 'FROM debian:12\nRUN a\nRUN b\nRUN c', errors: [{ line: 3 }, { line: 4 }] },
    { code: 'FROM debian:12\nRUN --mount=type=cache,target=/x a\nRUN --mount=type=cache,target=/x b', errors: [{ line: 3 }] },
    { code: 'FROM debian:12\nRUN a && b\nRUN c\nRUN d', errors: [{ line: 4, text: 'RUN' }] },
    { code: 'RUN a\nRUN b', errors: [{ line: 2, text: 'RUN' }] },
    { code: 'FROM debian:12\nRUN <<EOF\na\nEOF\nRUN b', errors: [{ line: 5, text: 'RUN' }] },
    { code: 'FROM debian:12\nONBUILD RUN a\nRUN b\nRUN c', errors: [{ line: 4, text: 'RUN' }] },
    {
      code: 'FROM debian:12\nRUN a\nRUN b\nONBUILD RUN c\nRUN d\nRUN e\nFROM debian:12\nRUN f\nRUN g',
      errors: [{ line: 3 }, { line: 6 }, { line: 9 }],
    },
  ],
});
