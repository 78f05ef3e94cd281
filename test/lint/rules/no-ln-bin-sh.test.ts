import { noLnBinSh } from '../../../src/lint/rules/no-ln-bin-sh.js';
import { testRule } from '../rule-tester.js';

const message = 'Use SHELL to change the default shell';

testRule(noLnBinSh, {
  valid: [
    'FROM debian:12\nSHELL ["/bin/bash", "-c"]',
    'FROM debian:12\nRUN ln -sf /usr/bin/node /usr/local/bin/node',
    'FROM debian:12\nRUN echo /bin/sh',
    'FROM debian:12\nRUN ln -s /bin/shx /tmp/x',
  ],
  invalid: [
    { code: 'FROM debian:12\nRUN ln -sfv /bin/bash /bin/sh', errors: [{ message, line: 2, text: '/bin/sh' }] },
    { code: 'FROM debian:12\nRUN rm /bin/sh && ln -s /bin/bash /bin/sh', errors: [{ text: '/bin/sh' }] },
    { code: 'FROM debian:12\nRUN true \\\n  && ln -s /bin/bash /bin/sh', errors: [{ line: 3, text: '/bin/sh' }] },
    { code: 'FROM debian:12\nRUN <<EOF\nln -sf /bin/bash /bin/sh\nEOF\n', errors: [{ line: 3, text: '/bin/sh' }] },
    { code: 'FROM debian:12\nONBUILD RUN ln -sf /bin/bash /bin/sh', errors: [{ line: 2, text: '/bin/sh' }] },
  ],
});
