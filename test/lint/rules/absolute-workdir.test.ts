import { absoluteWorkdir } from '../../../src/lint/rules/absolute-workdir.js';
import { testRule } from '../rule-tester.js';

testRule(absoluteWorkdir, {
  valid: ['FROM a\nWORKDIR /app', 'FROM a\nWORKDIR $HOME', 'FROM a\nWORKDIR "/app"', 'FROM a\nWORKDIR C:\\\\app', 'FROM a\nONBUILD WORKDIR app'],
  invalid: [
    { code: 'FROM a\nWORKDIR app', errors: [{ message: 'Use absolute WORKDIR', line: 2, text: 'app' }] },
    { code: "FROM a\nWORKDIR 'app/src'", errors: [{ line: 2 }] },
    // The fix writes the path the builder resolves, when the directory before is known from the file.
    {
      code: 'FROM a\nWORKDIR /srv\nWORKDIR app/\nworkdir ../lib/./x',
      errors: [{ line: 3, text: 'app/' }, { line: 4, text: '../lib/./x' }],
      output: 'FROM a\nWORKDIR /srv\nWORKDIR /srv/app\nworkdir /srv/lib/x',
    },
    { code: 'FROM scratch\nWORKDIR app', errors: [{ text: 'app' }], output: 'FROM scratch\nWORKDIR /app' },
    // Through the stages it is built on.
    {
      code: 'FROM scratch AS base\nWORKDIR /opt\nFROM base\nWORKDIR tool',
      errors: [{ line: 4 }],
      output: 'FROM scratch AS base\nWORKDIR /opt\nFROM base\nWORKDIR /opt/tool',
    },
    // No fix: the base image's directory, a variable or quoted path before, an ONBUILD WORKDIR of the stage
    // built on, a quoted path, a base named through an ARG (a --build-arg may name another).
    ...[
      'ARG BASE=scratch\nFROM ${BASE}\nWORKDIR app',
      'FROM scratch AS base\nWORKDIR /srv\nARG B=base\nFROM $B\nWORKDIR app',
      'FROM debian:12\nWORKDIR app',
      'FROM scratch\nARG D=/x\nWORKDIR $D\nWORKDIR app',
      'FROM scratch\nWORKDIR "/my dir"\nWORKDIR app',
      'FROM scratch AS base\nWORKDIR /opt\nONBUILD WORKDIR /elsewhere\nFROM base\nWORKDIR tool',
      "FROM scratch\nWORKDIR 'app'",
      'WORKDIR app',
    ].map((code) => ({ code, errors: [{ message: 'Use absolute WORKDIR' }], output: code })),
  ],
});
