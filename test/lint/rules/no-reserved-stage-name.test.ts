import { noReservedStageName } from '../../../src/lint/rules/no-reserved-stage-name.js';
import { testRule } from '../rule-tester.js';

const message = 'stage name should not be a reserved word';

testRule(noReservedStageName, {
  valid: ['FROM foo:bar AS foobar', 'FROM scratch', 'FROM foo:bar AS scratchpad', 'FROM foo:bar AS build-context'],
  invalid: [
    { code: 'FROM foo:bar AS scratch', errors: [{ message, line: 1, text: 'scratch' }] },
    { code: 'FROM foo:bar AS context', errors: [{ message, line: 1, text: 'context' }] },
    { code: 'FROM foo:bar\nFROM foo:bar as Scratch', errors: [{ message, line: 2, text: 'Scratch' }] },
  ],
});
