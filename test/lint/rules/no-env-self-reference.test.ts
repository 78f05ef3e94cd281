import { noEnvSelfReference } from '../../../src/lint/rules/no-env-self-reference.js';
import { testRule } from '../rule-tester.js';

const message = 'Do not refer to an environment variable within the same `ENV` statement where it is defined.';

testRule(noEnvSelfReference, {
  valid: [
    'FROM a:1\nENV BLA="blubb"\nENV BLUBB="${BLA}/blubb"',
    'FROM a:1\nENV BLA="blubb" BLUBB="${FOOBLA}/blubb"',
    'FROM a:1\nENV BLA="blubb" BLUBB="${BLAFOO}/blubb"',
    'FROM a:1\nENV BLA="blubb" BLUBB="$FOOBLA/blubb"',
    'FROM a:1\nENV BLA="blubb" BLUBB="$BLAFOO/blubb"',
    'FROM a:1\nENV BLA="blubb" BLUBB="BLA/$BLAFOO/BLA"',
    'FROM a:1\nARG BLA\nENV BLA=${BLA}',
    'FROM a:1\nENV BLA blubb\nENV BLA=${BLA}',
    'FROM a:1\nENV PATH=/bla:${PATH}',
    'FROM a:1\nENV PATH=/bla:${PATH}\nENV PATH=/blubb:${PATH}',
    // Defined before this ENV: the reference means that earlier value.
    'FROM a:1\nARG BLA=x\nENV BLA="blubb" BLUBB="${BLA}/blubb"',
    'FROM a:1 AS base\nENV BLA=1\nFROM base\nENV BLA=2 BLUBB=$BLA',
    // Single quotes and escapes keep the text literal.
    "FROM a:1\nENV BLA=blubb BLUBB='$BLA'",
    'FROM a:1\nENV BLA=blubb BLUBB=\\$BLA',
  ],
  invalid: [
    { code: 'FROM a:1\nENV BLA="blubb" BLUBB="$BLA/$BLAFOO/blubb"', errors: [{ message, line: 2, text: '$BLA' }] },
    { code: 'FROM a:1\nENV PATH=/bla:${PATH} PATH=/blubb:${PATH}', errors: [{ message, line: 2, text: '${PATH}' }] },
    // A reference to a pair further right is to a name this ENV defines too: hadolint flags it.
    { code: 'FROM a:1\nENV BLUBB=$BLA BLA=blubb', errors: [{ message, line: 2, text: '$BLA' }] },
    { code: 'FROM a:1\nENV BLA="blubb" BLUBB="${BLA}/blubb"', errors: [{ message, line: 2, text: '${BLA}' }] },
    { code: 'FROM a:1\nENV BLA="blubb" BLUBB="$BLA/blubb"', errors: [{ message, line: 2, text: '$BLA' }] },
    { code: 'FROM a:1\nENV BLA="blubb" BLUBB="$BLA"', errors: [{ message, line: 2, text: '$BLA' }] },
    { code: 'FROM a:1\nENV BLA="blubb" BLUBB="${BLA}"', errors: [{ message, line: 2, text: '${BLA}' }] },
    { code: 'FROM a:1\nENV BLA=blubb BLUBB=${BLA:-x}', errors: [{ line: 2, text: '${BLA:-x}' }] },
    {
      code: 'FROM a:1\nENV HOME_DIR=/srv \\\n    BIN=$HOME_DIR/bin \\\n    LIB=$HOME_DIR/lib',
      errors: [
        { line: 3, text: '$HOME_DIR' },
        { line: 4, text: '$HOME_DIR' },
      ],
    },
    // A global ARG is not visible inside a stage until it is declared again.
    { code: 'ARG BLA=x\nFROM a:1\nENV BLA=y B=$BLA', errors: [{ line: 3, text: '$BLA' }] },
    // An ENV of an unrelated stage does not count.
    { code: 'FROM a:1 AS one\nENV BLA=1\nFROM a:1\nENV BLA=2 B=$BLA', errors: [{ line: 4, text: '$BLA' }] },
    { code: 'FROM a:1\nONBUILD ENV A=1 B=$A', errors: [{ line: 2, text: '$A' }] },
  ],
});
