import { workdirBeforeRelativeCopy } from '../../../src/lint/rules/workdir-before-relative-copy.js';
import { testRule } from '../rule-tester.js';

const message = '`COPY` to a relative destination without `WORKDIR` set.';

testRule(workdirBeforeRelativeCopy, {
  valid: [
    'COPY bla.sh /usr/local/bin/blubb.sh',
    'COPY bla.sh "/usr/local/bin/blubb.sh"',
    'COPY bla.sh c:\\system32\\blubb.sh',
    'COPY bla.sh "c:\\system32\\blubb.sh"',
    'COPY bla.sh c:/system32/blubb.sh',
    'FROM scratch\nWORKDIR /usr\nCOPY bla.sh blubb.sh',
    // Before the first FROM, as hadolint reads such a file.
    'WORKDIR /usr\nCOPY bla.sh blubb.sh',
    'FROM scratch\nWORKDIR c:\\system32\nCOPY bla.sh blubb.sh',
    'COPY src.sh ${SRC_BASE_ENV}',
    'COPY src.sh $SRC_BASE_ENV',
    'COPY src.sh "${SRC_BASE_ENV}"',
    'COPY src.sh "$SRC_BASE_ENV"',
    'FROM debian:buster as base\nWORKDIR /usr\nFROM debian:buster as stage-inbetween\nRUN foo\nFROM base\nCOPY foo bar',
    'FROM microsoft/windowsservercore as base\nWORKDIR c:\\system32\nFROM microsoft/windowsservercore as stage-inbetween\nRUN foo\nFROM base\nCOPY foo bar',
    'FROM debian:buster as base1\nWORKDIR /usr\nFROM base1 as base2\nRUN foo\nFROM base2\nCOPY foo bar',
    'FROM microsoft/windowsservercore as base1\nWORKDIR c:\\system32\nFROM base1 as base2\nRUN foo\nFROM base2\nCOPY foo bar',
    'FROM debian:buster\nONBUILD WORKDIR /usr/local/lib\nONBUILD COPY foo bar',
    'FROM node:20\nWORKDIR app\nCOPY . .',
    'FROM node:20\nCOPY ["a", "/app/"]',
  ],
  invalid: [
    { code: 'COPY bla.sh blubb.sh', errors: [{ message, line: 1, text: 'blubb.sh' }] },
    { code: 'COPY bla.sh "blubb.sh"', errors: [{ message, line: 1, text: '"blubb.sh"' }] },
    {
      code: 'FROM debian:buster as stage1\nWORKDIR /usr\nFROM debian:buster\nCOPY foo bar',
      errors: [{ message, line: 4, text: 'bar' }],
    },
    {
      code: 'FROM microsoft/windowsservercore as stage1\nWORKDIR c:\\system32\nFROM microsoft/windowsservercore\nCOPY foo bar',
      errors: [{ message, line: 4, text: 'bar' }],
    },
    { code: 'COPY a b', errors: [{ line: 1, text: 'b' }] },
    { code: 'WORKDIR /usr\nFROM scratch\nCOPY a b', errors: [{ line: 3, text: 'b' }] },
    { code: 'FROM node:20\nCOPY . .\nWORKDIR /app', errors: [{ line: 2, text: '.' }] },
    // A trigger's WORKDIR applies downstream, not here.
    { code: 'FROM node:20\nONBUILD WORKDIR /app\nCOPY . .', errors: [{ line: 3, text: '.' }] },
    { code: 'FROM node:20\nCOPY ["a", "app/"]', errors: [{ line: 2, text: '"app/"' }] },
  ],
});
