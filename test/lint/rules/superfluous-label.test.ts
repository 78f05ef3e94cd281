import { superfluousLabel } from '../../../src/lint/rules/superfluous-label.js';
import { testRule } from '../rule-tester.js';

const settings = { labelSchema: { required: 'text' }, strictLabels: true } as const;

testRule(superfluousLabel, {
  valid: [
    { code: '', settings },
    { code: 'FROM scratch\nLABEL required="foo"', settings },
    { code: 'FROM scratch\nONBUILD LABEL required="bar"', settings },
    // Only with strict labels.
    { code: 'FROM scratch\nLABEL other="bar"', settings: { labelSchema: { required: 'text' } } },
  ],
  invalid: [
    { code: 'FROM scratch\nLABEL other="bar"', settings, errors: [{ message: 'Superfluous label(s) present.', line: 2, text: 'other' }] },
    { code: 'FROM scratch\nONBUILD LABEL other="bar"', settings, errors: [{ text: 'other' }] },
    { code: 'FROM scratch\nLABEL required="foo" other="bar"', settings, errors: [{ text: 'other' }] },
    {
      code: 'FROM scratch\nLABEL a=1 "b"=2',
      settings: { strictLabels: true },
      errors: [{ text: 'a' }, { text: '"b"' }],
    },
  ],
});
