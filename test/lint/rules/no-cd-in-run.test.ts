import { noCdInRun } from '../../../src/lint/rules/no-cd-in-run.js';
import { testRule } from '../rule-tester.js';

const message = 'Use WORKDIR to switch to a directory';

testRule(noCdInRun, {
  valid: [
    'FROM debian:12\nRUN command -v cd',
    'FROM debian:12\nWORKDIR /usr/src/app\nRUN make',
    'FROM debian:12\nRUN echo cd /tmp',
    'FROM debian:12\nRUN make -C /usr/src/app',
    'FROM debian:12\nONBUILD RUN cd /app && make',
  ],
  invalid: [
    // A builtin that runs its operand is looked through.
    { code: 'FROM debian:12\nRUN command cd /tmp', errors: [{ message, line: 2, text: 'cd' }] },
    { code: 'FROM debian:12\nRUN cd /usr/src/app && git clone x .', errors: [{ message, line: 2, text: 'cd' }] },
    { code: 'FROM debian:12\nRUN git clone x \\\n  && cd x \\\n  && make', errors: [{ message, line: 3, text: 'cd' }] },
    { code: 'FROM debian:12\nRUN <<EOF\ncd /app\nmake\nEOF\n', errors: [{ line: 3, text: 'cd' }] },
    { code: 'FROM debian:12\nRUN sh -c "cd /app && make"', errors: [{ line: 2, text: 'cd' }] },
  ],
});
