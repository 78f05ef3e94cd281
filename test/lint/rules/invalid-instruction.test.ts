import { invalidInstruction } from '../../../src/lint/rules/invalid-instruction.js';
import { testRule } from '../rule-tester.js';

testRule(invalidInstruction, {
  valid: ['FROM a\nRUN echo hi', 'RUN x\nFROM a', 'ARG A', 'FROM a\nRUN echo \\\n\n  b', 'FROM a\nRUN <<EOF'],
  invalid: [
    { code: 'FROM a\nRUNN x', errors: [{ message: 'unknown instruction: RUNN (did you mean RUN?)', line: 2, text: 'RUNN' }] },
    { code: 'FROM a\nCOPY --form=b x y', errors: [{ message: 'unknown flag: --form (did you mean from?)', text: 'form' }] },
    { code: 'FROM a\nRUN --mount=type=nope x', errors: [{ line: 2 }] },
  ],
});
