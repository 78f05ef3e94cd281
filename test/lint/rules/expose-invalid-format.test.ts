import { exposeInvalidFormat } from '../../../src/lint/rules/expose-invalid-format.js';
import { testRule } from '../rule-tester.js';

testRule(exposeInvalidFormat, {
  valid: [
    'FROM scratch\nEXPOSE 80 443/tcp 8000-8010/udp',
    'FROM alpine\nEXPOSE $HOST_PORT:80',
    'FROM scratch\nARG PORT=80\nEXPOSE $PORT',
  ],
  invalid: [
    {
      code: '\nFROM scratch\nEXPOSE 127.0.0.1:80:80 [::1]:8080:8080 5000:5000 8000\n',
      errors: [
        {
          message: "EXPOSE instruction should not define an IP address or host-port mapping, found '127.0.0.1:80:80'",
          line: 3,
          text: '127.0.0.1:80:80',
        },
        { message: "EXPOSE instruction should not define an IP address or host-port mapping, found '[::1]:8080:8080'", text: '[::1]:8080:8080' },
        { message: "EXPOSE instruction should not define an IP address or host-port mapping, found '5000:5000'", text: '5000:5000' },
      ],
    },
    {
      code: 'FROM scratch\nARG MAPPING=8080:80\nEXPOSE ${MAPPING}/tcp',
      errors: [{ message: "EXPOSE instruction should not define an IP address or host-port mapping, found '8080:80/tcp'", text: '${MAPPING}/tcp' }],
    },
    {
      code: 'FROM scratch\nEXPOSE 8000-8001:80-81/udp',
      errors: [{ line: 2 }],
    },
  ],
});
