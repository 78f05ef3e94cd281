import { validStopSignal } from '../../../src/lint/rules/valid-stop-signal.js';
import { testRule } from '../rule-tester.js';

testRule(validStopSignal, {
  valid: [
    'FROM nginx:1.27\nSTOPSIGNAL SIGQUIT',
    'FROM nginx:1.27\nSTOPSIGNAL quit',
    'FROM nginx:1.27\nSTOPSIGNAL SigTerm',
    'FROM nginx:1.27\nSTOPSIGNAL 9',
    'FROM nginx:1.27\nSTOPSIGNAL SIGRTMIN+3',
    'FROM nginx:1.27\nSTOPSIGNAL RTMAX-1',
    'FROM nginx:1.27\nSTOPSIGNAL $SIGNAL',
  ],
  invalid: [
    { code: 'FROM nginx:1.27\nSTOPSIGNAL SIGQUITE', errors: [{ line: 2, text: 'SIGQUITE', message: 'Invalid signal: SIGQUITE: the build fails' }] },
    { code: 'FROM nginx:1.27\nSTOPSIGNAL 0', errors: [{ line: 2, text: '0' }] },
    { code: 'FROM nginx:1.27\nSTOPSIGNAL SIGSIGTERM', errors: [{ line: 2 }] },
    { code: 'FROM nginx:1.27\nSTOPSIGNAL RTMIN+16', errors: [{ line: 2 }] },
  ],
});
