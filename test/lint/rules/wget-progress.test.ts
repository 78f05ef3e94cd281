import { wgetProgress } from '../../../src/lint/rules/wget-progress.js';
import { testRule } from '../rule-tester.js';

const message =
  'Avoid use of wget without progress bar. Use `wget --progress=dot:giga <url>`. Or consider using `-q` or `-nv` (shorthands for `--quiet` or `--no-verbose`).';

testRule(wgetProgress, {
  valid: [
    'FROM debian:12\nRUN wget --progress=dot:giga https://example.com/x',
    'FROM debian:12\nRUN wget -q https://example.com/x',
    'FROM debian:12\nRUN wget --quiet https://example.com/x',
    'FROM debian:12\nRUN wget -nv https://example.com/x',
    'FROM debian:12\nRUN wget --no-verbose https://example.com/x',
    'FROM debian:12\nRUN wget -o /tmp/log https://example.com/x',
    'FROM debian:12\nRUN wget --output-file=/tmp/log https://example.com/x',
    'FROM debian:12\nRUN wget -a /tmp/log https://example.com/x',
    'FROM debian:12\nRUN wget -qO- https://example.com/x | sh',
    'FROM debian:12\nRUN curl -fsSL https://example.com/x',
  ],
  invalid: [
    { code: 'FROM debian:12\nRUN wget https://example.com/x', errors: [{ message, line: 2, text: 'wget' }] },
    { code: 'FROM debian:12\nRUN wget -O /tmp/x https://example.com/x', errors: [{ text: 'wget' }] },
    { code: 'FROM debian:12\nRUN wget -O -q https://example.com/x', errors: [{ text: 'wget' }] },
    { code: 'FROM debian:12\nRUN apt-get update \\\n && wget https://example.com/x', errors: [{ line: 3, text: 'wget' }] },
    { code: 'FROM debian:12\nRUN <<EOF\nwget https://example.com/x\nEOF\n', errors: [{ line: 3, text: 'wget' }] },
    { code: 'FROM debian:12\nONBUILD RUN wget https://example.com/x', errors: [{ line: 2, text: 'wget' }] },
  ],
});
