import { noEmptyContinuation } from '../../../src/lint/rules/no-empty-continuation.js';
import { testRule } from '../rule-tester.js';

testRule(noEmptyContinuation, {
  valid: [
    'FROM scratch\nCOPY Dockerfile \\\n.\n',
    'FROM alpine\nRUN apk add \\\n# a comment\n    curl\n',
    'FROM alpine\n\nRUN echo\n\n',
    // Blank lines of a heredoc are its content.
    'FROM alpine\nCOPY <<EOF /x\na\n\nb\nEOF\n',
  ],
  invalid: [
    {
      code: '\nFROM scratch\n# warning: empty continuation line\nCOPY Dockerfile \\\n\n.\nCOPY Dockerfile \\\n.\n',
      errors: [{ message: 'Empty continuation line', line: 5, text: '' }],
      output: '\nFROM scratch\n# warning: empty continuation line\nCOPY Dockerfile \\\n.\nCOPY Dockerfile \\\n.\n',
    },
    {
      // One finding per instruction; white-space only lines count, comment lines stay.
      code: 'FROM alpine\nRUN a \\\n  \n# note\n\\\n\n  b\nRUN c\n',
      errors: [{ line: 3, text: '  ' }],
      output: 'FROM alpine\nRUN a \\\n# note\n\\\n  b\nRUN c\n',
    },
    {
      code: 'FROM alpine\r\nRUN a \\\r\n\r\n  b\r\n',
      errors: [{ line: 3 }],
      output: 'FROM alpine\r\nRUN a \\\r\n  b\r\n',
    },
    {
      // The continuation swallows the next instruction; removing the blank line keeps it that way.
      code: 'FROM alpine\nRUN x \\\n\nFROM b\n',
      errors: [{ line: 3 }],
      output: 'FROM alpine\nRUN x \\\nFROM b\n',
    },
    {
      code: 'FROM alpine\nRUN x \\\n\n',
      errors: [{ line: 3 }],
      output: 'FROM alpine\nRUN x \\\n',
    },
    {
      code: 'FROM alpine\nRUN a \\\n\n  b\nRUN c \\\n\n  d\n',
      errors: [{ line: 3 }, { line: 6 }],
      output: 'FROM alpine\nRUN a \\\n  b\nRUN c \\\n  d\n',
    },
  ],
});
