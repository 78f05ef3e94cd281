import { describe, expect, it } from 'vitest';
import { isValidLabelKey, labelKeyFormat } from '../../../src/lint/rules/label-key-format.js';
import { testRule } from '../rule-tester.js';

testRule(labelKeyFormat, {
  valid: [
    'FROM scratch\nLABEL org.valid-key.label3="foo"',
    'FROM scratch\nLABEL validlabel="foo"',
    'FROM scratch\nONBUILD LABEL org.valid-key.label3="foo"',
    'FROM scratch\nLABEL "org.opencontainers.image.title"="x" a=1 my_label/x=2',
    'FROM scratch\nLABEL maintainer jane',
  ],
  invalid: [
    { code: 'FROM scratch\nLABEL com.docker.label="foo"', errors: [{ message: 'Invalid label key.', line: 2, text: 'com.docker.label' }] },
    { code: 'FROM scratch\nLABEL io.docker.label="foo"', errors: [{ text: 'io.docker.label' }] },
    { code: 'FROM scratch\nLABEL org.dockerproject.label="foo"', errors: [{ text: 'org.dockerproject.label' }] },
    { code: 'FROM scratch\nONBUILD LABEL com.docker.label="foo"', errors: [{ text: 'com.docker.label' }] },
    { code: 'FROM scratch\nLABEL invalid$character="foo"', errors: [{ text: 'invalid$character' }] },
    { code: 'FROM scratch\nLABEL .invalid="foo"', errors: [{ text: '.invalid' }] },
    { code: 'FROM scratch\nLABEL -invalid="foo"', errors: [{ text: '-invalid' }] },
    { code: 'FROM scratch\nLABEL 1invalid="foo"', errors: [{ text: '1invalid' }] },
    { code: 'FROM scratch\nLABEL invalid..character="foo"', errors: [{ text: 'invalid..character' }] },
    { code: 'FROM scratch\nLABEL invalid--character="foo"', errors: [{ text: 'invalid--character' }] },
    {
      code: 'FROM scratch\nLABEL Version=1.0 ok=1 com.docker.vendor=acme trailing.=x',
      errors: [{ text: 'Version' }, { text: 'com.docker.vendor' }, { text: 'trailing.' }],
    },
  ],
});

describe('isValidLabelKey', () => {
  it.each([
    ['a', true],
    ['a1', true],
    ['org.example/app_name', true],
    ['', false],
    ['a.', false],
    ['A', false],
    ['a b', false],
  ])('%j → %s', (key, expected) => {
    expect(isValidLabelKey(key)).toBe(expected);
  });
});
