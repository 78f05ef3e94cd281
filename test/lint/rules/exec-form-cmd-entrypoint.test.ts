import { execFormCmdEntrypoint } from '../../../src/lint/rules/exec-form-cmd-entrypoint.js';
import { testRule } from '../rule-tester.js';

const message = 'Use arguments JSON notation for CMD and ENTRYPOINT arguments';

testRule(execFormCmdEntrypoint, {
  valid: [
    'FROM scratch as build\nENTRYPOINT ["foo", "bar"]',
    'FROM scratch as build\nCMD ["foo", "bar"]\nCMD [ "foo", "bar" ]',
    'CMD [ "/bin/sh", "-c", \\\n      "echo foo && \\\n       echo bar" \\\n    ]',
    'FROM a:1\nHEALTHCHECK CMD [ "foobar" ]',
    'FROM a:1\nHEALTHCHECK --interval=5s CMD ["curl", "-f", "http://localhost/"]',
    'FROM a:1\nHEALTHCHECK NONE',
    'FROM a:1\nSHELL ["/bin/bash", "-c"]\nHEALTHCHECK CMD curl -f http://localhost/',
    'FROM a:1\nONBUILD HEALTHCHECK CMD curl -f http://localhost/',
    // An explicit SHELL makes shell form deliberate, in this stage and in stages built on it.
    'FROM mcr.microsoft.com/windows/servercore:ltsc2022\nSHELL ["powershell", "-Command"]\nCMD Write-Host hi',
    'FROM a:1 AS base\nSHELL ["/bin/bash", "-c"]\nFROM base\nENTRYPOINT exec app',
    // The SHELL of a trigger takes effect downstream; a trigger's CMD runs under an unknown SHELL.
    'FROM a:1\nONBUILD CMD node app.js',
  ],
  invalid: [
    {
      code: 'FROM node:20 as foo\nENTRYPOINT something',
      errors: [{ message, line: 2, text: 'something' }],
      output: 'FROM node:20 as foo\nENTRYPOINT ["something"]',
    },
    {
      code: 'FROM node:20 as foo\nCMD something',
      errors: [{ message, line: 2, text: 'something' }],
      output: 'FROM node:20 as foo\nCMD ["something"]',
    },
    {
      code: 'FROM node:20\nCMD node server.js --port=8080',
      errors: [{ line: 2, text: 'node server.js --port=8080' }],
      output: 'FROM node:20\nCMD ["node", "server.js", "--port=8080"]',
    },
    {
      code: 'FROM node:20\nCMD exec node server.js',
      errors: [{ line: 2 }],
      output: 'FROM node:20\nCMD ["node", "server.js"]',
    },
    // exec with its own options, and builtins no program answers to, stay in shell form.
    ...['CMD exec -a myname node', 'CMD exec -- node x', 'CMD exec exec node', 'CMD command node x', 'ENTRYPOINT builtin echo', 'CMD :'].map(
      (line) => ({ code: `FROM node:20\n${line}`, errors: [{ line: 2 }], output: `FROM node:20\n${line}` }),
    ),
    {
      code: 'FROM python:3.12\nCMD gunicorn \\\n  --bind 0.0.0.0:8000 \\\n  app:app\n',
      errors: [{ line: 2, text: 'gunicorn \\\n  --bind 0.0.0.0:8000 \\\n  app:app' }],
      output: 'FROM python:3.12\nCMD ["gunicorn", "--bind", "0.0.0.0:8000", "app:app"]\n',
    },
    {
      code: 'FROM a:1\nHEALTHCHECK CMD foobar',
      errors: [{ message, line: 2, text: 'foobar' }],
      output: 'FROM a:1\nHEALTHCHECK CMD ["foobar"]',
    },
    {
      code: 'FROM a:1\nHEALTHCHECK --interval=30s --timeout=3s \\\n  CMD curl -f http://localhost/ || exit 1',
      errors: [{ line: 3, text: 'curl -f http://localhost/ || exit 1' }],
      output: 'FROM a:1\nHEALTHCHECK --interval=30s --timeout=3s \\\n  CMD curl -f http://localhost/ || exit 1',
    },
    {
      code: 'FROM a:1\nhealthcheck cmd wget -q --spider http://localhost/',
      errors: [{ line: 2, text: 'wget -q --spider http://localhost/' }],
      output: 'FROM a:1\nhealthcheck cmd ["wget", "-q", "--spider", "http://localhost/"]',
    },
    // Shell syntax that an argument list cannot express: no fix.
    { code: 'FROM a:1\nCMD echo $HOME', errors: [{ line: 2, text: 'echo $HOME' }], output: 'FROM a:1\nCMD echo $HOME' },
    { code: 'FROM a:1\nCMD app && other', errors: [{ line: 2 }], output: 'FROM a:1\nCMD app && other' },
    { code: 'FROM a:1\nCMD app | tee log', errors: [{ line: 2 }], output: 'FROM a:1\nCMD app | tee log' },
    { code: 'FROM a:1\nCMD app > /log', errors: [{ line: 2 }], output: 'FROM a:1\nCMD app > /log' },
    { code: 'FROM a:1\nCMD echo "hi there"', errors: [{ line: 2 }], output: 'FROM a:1\nCMD echo "hi there"' },
    { code: 'FROM a:1\nCMD ls *.txt', errors: [{ line: 2 }], output: 'FROM a:1\nCMD ls *.txt' },
    { code: 'FROM a:1\nCMD FOO=1 app', errors: [{ line: 2 }], output: 'FROM a:1\nCMD FOO=1 app' },
    { code: 'FROM a:1\nCMD cd /app', errors: [{ line: 2 }], output: 'FROM a:1\nCMD cd /app' },
    { code: 'FROM a:1\nCMD [ "a" ] b', errors: [{ line: 2, text: '[ "a" ] b' }], output: 'FROM a:1\nCMD [ "a" ] b' },
    // A SHELL in an unrelated stage or after the instruction does not count.
    {
      code: 'FROM a:1 AS tools\nSHELL ["/bin/bash", "-c"]\nFROM a:1\nCMD app',
      errors: [{ line: 4, text: 'app' }],
    },
    { code: 'FROM a:1\nCMD app\nSHELL ["/bin/bash", "-c"]', errors: [{ line: 2, text: 'app' }] },
    { code: 'FROM a:1\nONBUILD SHELL ["/bin/bash", "-c"]\nCMD app', errors: [{ line: 3, text: 'app' }] },
  ],
});
