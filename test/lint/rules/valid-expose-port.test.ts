import { validExposePort } from '../../../src/lint/rules/valid-expose-port.js';
import { testRule } from '../rule-tester.js';

const message = 'Valid UNIX ports range from 0 to 65535';

testRule(validExposePort, {
  valid: [
    'FROM a:1\nEXPOSE 60000',
    'FROM a:1\nEXPOSE ${FOOBAR}',
    'FROM a:1\nEXPOSE 40000-60000/tcp',
    'FROM a:1\nEXPOSE 40000-${FOOBAR}',
    'FROM a:1\nEXPOSE 0 65535 80/udp 443/tcp',
    'FROM a:1\nEXPOSE 8080:80',
  ],
  invalid: [
    { code: 'FROM a:1\nEXPOSE 80000', errors: [{ message, line: 2, text: '80000' }] },
    { code: 'FROM a:1\nEXPOSE 40000-80000/tcp', errors: [{ message, line: 2, text: '80000' }] },
    { code: 'FROM a:1\nEXPOSE 70000-80000', errors: [{ line: 2, text: '70000-80000' }] },
    { code: 'FROM a:1\nEXPOSE 70000-${END}', errors: [{ line: 2, text: '70000' }] },
    { code: 'FROM a:1\nEXPOSE 80 65536/udp 443', errors: [{ line: 2, text: '65536' }] },
    { code: 'FROM a:1\nEXPOSE 80800 \\\n  90000', errors: [{ line: 2, text: '80800' }, { line: 3, text: '90000' }] },
    { code: 'FROM a:1\nEXPOSE 8080:80800', errors: [{ line: 2, text: '80800' }] },
    { code: 'FROM a:1\nONBUILD EXPOSE 99999', errors: [{ line: 2, text: '99999' }] },
  ],
});
