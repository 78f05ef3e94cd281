import { requiredLabel } from '../../../src/lint/rules/required-label.js';
import { testRule } from '../rule-tester.js';

const settings = { labelSchema: { foo: 'text' } } as const;
const lines = (...l: string[]): string => l.join('\n') + '\n';

testRule(requiredLabel, {
  valid: [
    // Without a schema nothing is required.
    'FROM baseimage',
    { code: 'FROM baseimage\nLABEL foo="bar"', settings },
    { code: lines('FROM baseimage as base', 'FROM base', 'LABEL foo="bar"'), settings },
    { code: lines('FROM baseimage as base', 'FROM anotherimage', 'LABEL foo="bar"', 'COPY --from=base /bar /baz'), settings },
    { code: lines('FROM baseimage as base', 'LABEL foo="bar"', 'FROM base'), settings },
    { code: lines('FROM baseimage AS Base', 'LABEL "foo"=bar', 'FROM base'), settings },
    { code: lines('FROM a AS deps', 'FROM b', 'RUN --mount=from=deps,target=/d make', 'LABEL foo=1'), settings },
    { code: lines('FROM a', 'FROM b', 'COPY --from=0 /x /x', 'LABEL foo=1'), settings },
    // A chain of stages that ends in a labelled stage.
    { code: lines('FROM a AS one', 'FROM one AS two', 'FROM two AS three', 'LABEL foo=1'), settings },
  ],
  invalid: [
    { code: 'FROM baseimage', settings, errors: [{ message: 'Label `foo` is missing.', line: 1, text: 'FROM baseimage' }] },
    { code: 'FROM baseimage\nLABEL bar="baz"', settings, errors: [{ line: 1 }] },
    { code: 'FROM baseimage\nONBUILD LABEL foo="baz"', settings, errors: [{ line: 1 }] },
    { code: lines('FROM stage1', 'FROM stage2'), settings, errors: [{ line: 1 }, { line: 2 }] },
    { code: lines('FROM stage1', 'LABEL bar="baz"', 'FROM stage2', 'LABEL buzz="fuzz"'), settings, errors: [{ line: 1 }, { line: 3 }] },
    { code: lines('FROM baseimage', 'LABEL foo="bar"', 'FROM newimage'), settings, errors: [{ line: 3 }] },
    { code: lines('FROM baseimage', 'FROM newimage', 'LABEL foo="bar"'), settings, errors: [{ line: 1 }] },
    { code: lines('FROM baseimage', 'LABEL baz="bar"', 'FROM newimage', 'LABEL foo="bar"'), settings, errors: [{ line: 1 }] },
    { code: lines('FROM baseimage as base', 'FROM base'), settings, errors: [{ line: 1 }, { line: 2 }] },
    { code: lines('FROM baseimage as base', 'FROM anotherimage', 'LABEL foo="bar"'), settings, errors: [{ line: 1 }] },
    {
      code: lines('FROM baseimage as base', 'FROM newimage', 'LABEL foo="bar"', 'COPY --from=base /bar /baz', '', 'FROM newimage', 'COPY --from=base /bar /baz'),
      settings,
      errors: [{ line: 6 }],
    },
    { code: lines('FROM baseimage as base', 'FROM base', 'LABEL foo="bar"', '', 'FROM base'), settings, errors: [{ line: 5 }] },
    { code: lines('FROM baseimage as base', 'FROM base', '', 'FROM base', 'LABEL foo="bar"'), settings, errors: [{ line: 2 }] },
    {
      code: 'FROM alpine\nLABEL a=1',
      settings: { labelSchema: { a: 'text', b: 'url', c: 'semver' } },
      errors: [{ message: 'Label `b` is missing.' }, { message: 'Label `c` is missing.' }],
    },
  ],
});
