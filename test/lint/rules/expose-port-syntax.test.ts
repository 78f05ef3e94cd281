import { exposePortSyntax } from '../../../src/lint/rules/expose-port-syntax.js';
import { testRule } from '../rule-tester.js';

testRule(exposePortSyntax, {
  valid: [
    'FROM nginx:1.27\nEXPOSE 80 443/tcp 53/udp 8000-8010 9000/sctp',
    // Publish forms are ExposeInvalidFormat's finding; the port still reads.
    'FROM nginx:1.27\nEXPOSE 127.0.0.1:8080:80',
    // Out of range is valid-expose-port's finding.
    'FROM nginx:1.27\nEXPOSE 80800',
    'FROM nginx:1.27\nEXPOSE $PORT',
  ],
  invalid: [
    { code: 'FROM nginx:1.27\nEXPOSE http', errors: [{ line: 2, text: 'http', message: 'invalid containerPort: http: the build fails' }] },
    { code: 'FROM nginx:1.27\nEXPOSE 80/xyz', errors: [{ line: 2, text: '80/xyz', message: 'invalid port: "80/xyz": invalid proto: xyz: the build fails' }] },
    { code: 'FROM nginx:1.27\nEXPOSE 80 8080-80', errors: [{ line: 2, text: '8080-80' }] },
  ],
});
