import { utf8Encoding } from '../../../src/lint/rules/utf8-encoding.js';
import { testRule } from '../rule-tester.js';

const message = (name: string): string =>
  `This Dockerfile is encoded as ${name}; Docker reads Dockerfiles as UTF-8 and fails on it (unknown instruction on line 1): save it as UTF-8`;

testRule(utf8Encoding, {
  valid: [
    // Without the setting the linter cannot know: text handed in by an editor or the API is not reported.
    'FROM alpine:3.20\nRUN echo hi',
    { code: 'FROM alpine:3.20\nRUN echo hi', settings: { encoding: 'utf-8' } },
    { code: '\ufeffFROM alpine:3.20', settings: { encoding: 'utf-8' } },
  ],
  invalid: [
    {
      code: 'FROM alpine:3.20\nRUN echo hi\n',
      settings: { encoding: 'utf-16le' },
      errors: [{ message: message('UTF-16 (little-endian)'), line: 1, text: 'FROM alpine:3.20' }],
    },
    {
      code: '# syntax=docker/dockerfile:1\r\nFROM alpine:3.20\r\n',
      settings: { encoding: 'utf-16be' },
      errors: [{ message: message('UTF-16 (big-endian)'), line: 1, text: '# syntax=docker/dockerfile:1' }],
    },
    { code: 'FROM alpine:3.20', settings: { encoding: 'utf-32le' }, errors: [{ message: message('UTF-32 (little-endian)'), text: 'FROM alpine:3.20' }] },
    { code: '', settings: { encoding: 'utf-32be' }, errors: [{ message: message('UTF-32 (big-endian)'), line: 1, text: '' }] },
  ],
});
