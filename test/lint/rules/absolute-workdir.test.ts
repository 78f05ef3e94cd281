import { absoluteWorkdir } from '../../../src/lint/rules/absolute-workdir.js';
import { testRule } from '../rule-tester.js';

testRule(absoluteWorkdir, {
  valid: ['FROM a\nWORKDIR /app', 'FROM a\nWORKDIR $HOME', 'FROM a\nWORKDIR "/app"', 'FROM a\nWORKDIR C:\\\\app', 'FROM a\nONBUILD WORKDIR app'],
  invalid: [
    { code: 'FROM a\nWORKDIR app', errors: [{ message: 'Use absolute WORKDIR', line: 2, text: 'app' }] },
    { code: "FROM a\nWORKDIR 'app/src'", errors: [{ line: 2 }] },
  ],
});
