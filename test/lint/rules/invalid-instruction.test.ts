import { invalidInstruction } from '../../../src/lint/rules/invalid-instruction.js';
import { testRule } from '../rule-tester.js';

testRule(invalidInstruction, {
  // An unknown instruction is a parse error (DL1000), not this rule's.
  valid: ['FROM a\nRUN echo hi', 'RUN x\nFROM a', 'ARG A', 'FROM a\nRUN echo \\\n\n  b', 'FROM a\nRUN <<EOF', 'FROM a\nRUNN x'],
  invalid: [
    { code: 'FROM a\nCOPY --form=b x y', errors: [{ message: 'unknown flag: --form (did you mean from?)', text: 'form' }] },
    { code: 'FROM a\nRUN --mount=type=nope x', errors: [{ line: 2 }] },
  ],
});
