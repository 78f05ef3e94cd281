import { copyUrlSource } from '../../../src/lint/rules/copy-url-source.js';
import { testRule } from '../rule-tester.js';

testRule(copyUrlSource, {
  valid: [
    'FROM alpine:3.20\nADD https://example.com/x.tar.gz /tmp/',
    'FROM alpine:3.20\nCOPY ./https/x /x',
    // Taken from an image, not fetched.
    'FROM alpine:3.20\nCOPY --from=builder:1 https://example.com/x /x',
    // BuildKit's URL test is case-sensitive: this is a context path.
    'FROM alpine:3.20\nCOPY HTTPS://example.com/x /x',
  ],
  invalid: [
    {
      code: 'FROM alpine:3.20\nCOPY https://example.com/tool.tar.gz /tmp/',
      errors: [
        {
          line: 2,
          text: 'https://example.com/tool.tar.gz',
          message: 'COPY cannot fetch a URL: the build fails. Use ADD (with --checksum) or download it in a RUN',
        },
      ],
    },
    { code: 'FROM alpine:3.20\nCOPY a http://x/y /d/', errors: [{ line: 2, text: 'http://x/y' }] },
    { code: 'FROM alpine:3.20\nCOPY git@github.com:moby/buildkit.git /src', errors: [{ line: 2, message: 'COPY cannot fetch a git ref: the build fails. Use ADD (with --checksum) or download it in a RUN' }] },
    { code: 'FROM alpine:3.20\nCOPY git://example.com/repo.git /src', errors: [{ line: 2 }] },
  ],
});
