import { curlOrWget } from '../../../src/lint/rules/curl-or-wget.js';
import { testRule } from '../rule-tester.js';

const message = 'Either use Wget or Curl but not both';

testRule(curlOrWget, {
  valid: [
    'FROM debian:12\nRUN wget https://x\nRUN wget https://y',
    'FROM debian:12\nRUN curl https://x\nRUN curl https://y',
    'FROM debian:12\nRUN wget https://x\nFROM debian:12\nRUN curl https://y',
    'FROM debian:12\nRUN apt-get install -y curl wget',
    'FROM debian:12\nRUN wget https://x\nONBUILD RUN curl https://y',
  ],
  invalid: [
    { code: 'FROM debian:12\nRUN wget https://x\nRUN curl https://y', errors: [{ message, line: 3, text: 'curl' }] },
    { code: 'FROM debian:12\nRUN wget https://x && curl https://y', errors: [{ line: 2, text: 'wget' }] },
    {
      code: 'FROM debian:12\nRUN curl https://x\nRUN wget https://y\nRUN echo done\nRUN curl https://z',
      errors: [{ line: 3, text: 'wget' }, { line: 5, text: 'curl' }],
    },
    { code: 'FROM debian:12\nRUN curl https://x\nRUN true \\\n && wget https://y', errors: [{ line: 4, text: 'wget' }] },
    { code: 'FROM debian:12\nRUN curl https://x\nRUN <<EOF\nwget https://y\nEOF\n', errors: [{ line: 4, text: 'wget' }] },
    { code: 'FROM debian:12\nONBUILD RUN curl https://x\nONBUILD RUN wget https://y', errors: [{ line: 3, text: 'wget' }] },
  ],
});
