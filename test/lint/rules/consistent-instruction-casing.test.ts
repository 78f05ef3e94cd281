import { consistentInstructionCasing } from '../../../src/lint/rules/consistent-instruction-casing.js';
import { testRule } from '../rule-tester.js';

testRule(consistentInstructionCasing, {
  valid: [
    'from scratch\ncopy Dockerfile /foo\ncopy Dockerfile /bar',
    'FROM scratch\nCOPY Dockerfile /foo\nCOPY Dockerfile /bar',
    "FROM alpine\nRUN <<'EOT'\nenv\nEOT",
    'ARG A=1\nFROM alpine\nONBUILD RUN echo',
    'from alpine\nonbuild run echo',
    // As in BuildKit: ARGs before the first FROM neither count nor are checked, nor are ONBUILD triggers.
    'arg V=1\nFROM alpine:$V\nRUN echo',
    'arg a=1\narg b=2\nFROM alpine\nRUN echo',
    'FROM alpine\nONBUILD run make\nRUN echo',
    // Unknown instructions are another rule's business.
    'FROM alpine\nFoo bar',
  ],
  invalid: [
    {
      code: '\n# warning: \'FROM\' should be either lowercased or uppercased\n#\nFrom scratch as base\nFROM scratch AS base2\n',
      errors: [{ message: "Command 'From' should match the case of the command majority (uppercase)", line: 4, text: 'From' }],
      output: '\n# warning: \'FROM\' should be either lowercased or uppercased\n#\nFROM scratch as base\nFROM scratch AS base2\n',
    },
    {
      code: 'FROM scratch\ncopy Dockerfile /foo\nCOPY Dockerfile /bar\n',
      errors: [{ message: "Command 'copy' should match the case of the command majority (uppercase)", line: 2, text: 'copy' }],
      output: 'FROM scratch\nCOPY Dockerfile /foo\nCOPY Dockerfile /bar\n',
    },
    {
      code: 'frOM scratch as base\nfrom scratch as base2\n',
      errors: [{ message: "Command 'frOM' should match the case of the command majority (lowercase)", line: 1 }],
      output: 'from scratch as base\nfrom scratch as base2\n',
    },
    {
      code: 'from scratch\nCOPY Dockerfile /foo\ncopy Dockerfile /bar\n',
      errors: [{ message: "Command 'COPY' should match the case of the command majority (lowercase)", line: 2 }],
      output: 'from scratch\ncopy Dockerfile /foo\ncopy Dockerfile /bar\n',
    },
    {
      code: 'from scratch\nCOPY Dockerfile /foo\nCOPY Dockerfile /bar\nCOPY Dockerfile /baz\n',
      errors: [{ message: "Command 'from' should match the case of the command majority (uppercase)", line: 1 }],
      output: 'FROM scratch\nCOPY Dockerfile /foo\nCOPY Dockerfile /bar\nCOPY Dockerfile /baz\n',
    },
    {
      code: 'FROM scratch\ncopy Dockerfile /foo\ncopy Dockerfile /bar\ncopy Dockerfile /baz\n',
      errors: [{ message: "Command 'FROM' should match the case of the command majority (lowercase)", line: 1 }],
      output: 'from scratch\ncopy Dockerfile /foo\ncopy Dockerfile /bar\ncopy Dockerfile /baz\n',
    },
    {
      // A tie goes to upper case.
      code: 'from alpine\nRUN echo',
      errors: [{ message: "Command 'from' should match the case of the command majority (uppercase)" }],
      output: 'FROM alpine\nRUN echo',
    },
    {
      code: 'arg a=1\narg b=2\narg c=3\nFROM scratch\ncopy x y',
      errors: [{ message: "Command 'copy' should match the case of the command majority (uppercase)", line: 5, text: 'copy' }],
      output: 'arg a=1\narg b=2\narg c=3\nFROM scratch\nCOPY x y',
    },
    {
      code: 'FROM alpine\nonbuild RUN make\nRUN echo',
      errors: [{ message: "Command 'onbuild' should match the case of the command majority (uppercase)", text: 'onbuild' }],
      output: 'FROM alpine\nONBUILD RUN make\nRUN echo',
    },
    {
      code: 'FROM alpine\nRun echo \\\n  hi\nCmd ["sh"]',
      errors: [{ line: 2, text: 'Run' }, { line: 4, text: 'Cmd' }],
      output: 'FROM alpine\nRUN echo \\\n  hi\nCMD ["sh"]',
    },
  ],
});
