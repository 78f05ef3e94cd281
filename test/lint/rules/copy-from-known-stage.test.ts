import { copyFromKnownStage } from '../../../src/lint/rules/copy-from-known-stage.js';
import { testRule } from '../rule-tester.js';

const message = '`COPY --from` should reference a previously defined `FROM` alias';

testRule(copyFromKnownStage, {
  valid: [
    'FROM scratch as build\nRUN foo\nFROM node:20\nCOPY --from=build foo .\nRUN baz',
    'COPY --from=haskell:latest bar .',
    'FROM scratch as build\nRUN foo\nFROM node:20\nCOPY --from=0 foo .',
    'FROM scratch\nRUN foo\nFROM node:20\nCOPY --from=0 foo .',
    'FROM golang:1.22 AS Build\nFROM alpine:3.19\nCOPY --from=build /a /a',
    'FROM alpine:3.19\nCOPY --from=ghcr.io/org/tool:1.2 /tool /usr/local/bin/',
    'FROM alpine:3.19\nCOPY --from=nginx@sha256:7959ed6f7e35f8b1aaa06d1d8259d4ee25aa85a086d5c125480c333183f9deeb /a /a',
    'FROM alpine:3.19\nCOPY --from=$BUILDER /a /a',
    // Copying from the current stage is another rule's finding.
    'FROM alpine:3.19 AS self\nCOPY --from=self /a /b',
    // A trigger's stage names belong to the downstream Dockerfile.
    'FROM alpine:3.19\nONBUILD COPY --from=build /a /a',
    'FROM alpine:3.19\nCOPY /a /b',
    // A name borne by two stages is known from the first on.
    'FROM alpine:3.19 AS x\nFROM alpine:3.19 AS x\nCOPY --from=x /a /b',
    // Thousands of stages, each copying from the one before: names are looked up in a table, not stage by stage.
    Array.from({ length: 3000 }, (_, index) => `FROM alpine:3.19 AS s${index}\nCOPY --from=s${Math.max(index - 1, 0)} /a /a`).join('\n'),
  ],
  invalid: [
    { code: 'COPY --from=foo bar .', errors: [{ message, line: 1, text: 'foo' }] },
    {
      code: 'FROM scratch\nCOPY --from=build foo .\nFROM node:20 as build\nRUN baz',
      errors: [{ message, line: 2, text: 'build' }],
    },
    { code: 'COPY --from=0 bar .', errors: [{ message, line: 1, text: '0' }] },
    { code: 'FROM scratch AS a\nFROM scratch AS b\nCOPY --from=2 x y', errors: [{ line: 3, text: '2' }] },
    { code: 'FROM golang:1.22 AS build\nFROM alpine:3.19\nCOPY --from=biuld /a /a', errors: [{ line: 3, text: 'biuld' }] },
    { code: 'FROM alpine:3.19\nCOPY --from=nginx /etc/nginx /etc/nginx', errors: [{ line: 2, text: 'nginx' }] },
    { code: 'FROM alpine:3.19\ncopy --chown=app \\\n  --from=bulid /a /a', errors: [{ line: 3, text: 'bulid' }] },
  ],
});
