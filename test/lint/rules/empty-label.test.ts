import { emptyLabel } from '../../../src/lint/rules/empty-label.js';
import { testRule } from '../rule-tester.js';

const settings = { labelSchema: { emptylabel: 'text', version: 'semver' } } as const;

testRule(emptyLabel, {
  valid: [
    { code: 'FROM scratch\nLABEL emptylabel="foo"', settings },
    { code: 'FROM scratch\nONBUILD LABEL emptylabel="bar"', settings },
    { code: 'FROM scratch\nLABEL other=""', settings },
    { code: 'FROM scratch\nLABEL emptylabel=$VALUE', settings },
    'FROM scratch\nLABEL emptylabel=""',
  ],
  invalid: [
    { code: 'FROM scratch\nLABEL emptylabel=""', settings, errors: [{ message: 'label `emptylabel` is empty.', line: 2, text: '""' }] },
    { code: 'FROM scratch\nONBUILD LABEL emptylabel=""', settings, errors: [{ text: '""' }] },
    { code: "FROM scratch\nLABEL version='' emptylabel=", settings, errors: [{ message: 'label `version` is empty.', text: "''" }, { text: '' }] },
  ],
});
