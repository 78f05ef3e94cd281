import { validChmod } from '../../../src/lint/rules/valid-chmod.js';
import { testRule } from '../rule-tester.js';

testRule(validChmod, {
  valid: [
    'FROM alpine:3.20\nCOPY --chmod=755 a /a',
    'FROM alpine:3.20\nCOPY --chmod=0644 a /a',
    'FROM alpine:3.20\nCOPY --chmod=7777 a /a',
    'FROM alpine:3.20\nCOPY --chmod=0 a /a',
    'FROM alpine:3.20\nADD --chmod=u+x a /a',
    'FROM alpine:3.20\nCOPY --chmod=go-w a /a',
    'FROM alpine:3.20\nCOPY --chmod=a=rX a /a',
    'FROM alpine:3.20\nCOPY --chmod=u=rw,g=u,o= a /a',
    'FROM alpine:3.20\nCOPY --chmod=u+x-w a /a',
    'FROM alpine:3.20\nCOPY --chmod=+x a /a',
    'FROM alpine:3.20\nCOPY --chmod== a /a',
    'FROM alpine:3.20\nCOPY --chmod=ugo+rwxXst a /a',
    'FROM alpine:3.20\nCOPY --chmod=$MODE a /a',
    'FROM alpine:3.20\nCOPY --chmod=${MODE:-bogus} a /a',
    'FROM alpine:3.20\nCOPY --chmod= a /a',
  ],
  invalid: [
    {
      code: 'FROM alpine:3.20\nCOPY --chmod=0855 a /a',
      errors: [{ line: 2, text: '0855', message: "invalid chmod parameter: '0855'. it should be octal string and between 0 and 07777: the build fails" }],
    },
    { code: 'FROM alpine:3.20\nCOPY --chmod=17777 a /a', errors: [{ line: 2, text: '17777' }] },
    { code: 'FROM alpine:3.20\nCOPY --chmod=0o755 a /a', errors: [{ line: 2, text: '0o755' }] },
    {
      code: 'FROM alpine:3.20\nADD --chmod=bogus a /a',
      errors: [{ line: 2, text: 'bogus', message: "invalid chmod parameter: 'bogus': invalid syntax: the build fails" }],
    },
    { code: 'FROM alpine:3.20\nCOPY --chmod=u a /a', errors: [{ line: 2, text: 'u' }] },
    { code: 'FROM alpine:3.20\nCOPY --chmod=u+x, a /a', errors: [{ line: 2 }] },
    { code: 'FROM alpine:3.20\nCOPY --chmod=u+xq a /a', errors: [{ line: 2 }] },
    { code: 'FROM alpine:3.20\nCOPY --chmod=u+x,,g+w a /a', errors: [{ line: 2 }] },
    { code: 'FROM alpine:3.20\nCOPY --chmod=-755 a /a', errors: [{ line: 2 }] },
    { code: 'FROM alpine:3.20\nONBUILD COPY --chmod=rwx a /a', errors: [{ line: 2, text: 'rwx' }] },
  ],
});
