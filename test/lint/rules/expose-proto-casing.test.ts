import { exposeProtoCasing } from '../../../src/lint/rules/expose-proto-casing.js';
import { testRule } from '../rule-tester.js';

testRule(exposeProtoCasing, {
  valid: [
    'FROM scratch\nEXPOSE 80/tcp 8080/udp 9000/sctp 3000',
    'FROM scratch\nEXPOSE 8000-8010/udp',
    // An invalid protocol is an error, not a casing problem.
    'FROM scratch\nEXPOSE 80/TCPX',
    'FROM alpine\nEXPOSE $PORT/TCP',
  ],
  invalid: [
    {
      code: '\nFROM scratch\nEXPOSE 80/TcP 8080/TCP 8080/udp\n',
      errors: [
        { message: "Defined protocol '80/TcP' in EXPOSE instruction should be lowercase", line: 3, text: 'TcP' },
        { message: "Defined protocol '8080/TCP' in EXPOSE instruction should be lowercase", line: 3, text: 'TCP' },
      ],
      output: '\nFROM scratch\nEXPOSE 80/tcp 8080/tcp 8080/udp\n',
    },
    {
      code: 'FROM scratch\nEXPOSE 127.0.0.1:80:80/UDP 5000-5001/SCTP',
      errors: [{ text: 'UDP' }, { text: 'SCTP' }],
      output: 'FROM scratch\nEXPOSE 127.0.0.1:80:80/udp 5000-5001/sctp',
    },
    {
      // Known values are expanded first; the whole word is reported and left as written.
      code: 'FROM scratch\nARG PORT=80\nEXPOSE $PORT/TCP "443/TCP"',
      errors: [
        { message: "Defined protocol '80/TCP' in EXPOSE instruction should be lowercase", text: '$PORT/TCP' },
        { message: "Defined protocol '443/TCP' in EXPOSE instruction should be lowercase", text: '"443/TCP"' },
      ],
      output: 'FROM scratch\nARG PORT=80\nEXPOSE $PORT/TCP "443/TCP"',
    },
    {
      code: 'FROM scratch\nONBUILD EXPOSE 80/TCP',
      errors: [{ text: 'TCP' }],
      output: 'FROM scratch\nONBUILD EXPOSE 80/tcp',
    },
  ],
});
