import { useraddNoLogInit } from '../../../src/lint/rules/useradd-no-log-init.js';
import { testRule } from '../rule-tester.js';

const message = '`useradd` without flag `-l` and high UID will result in excessively large Image.';

testRule(useraddNoLogInit, {
  valid: [
    // A program is known by its name as written, as hadolint knows it: not behind sudo, nor by its path.
    'FROM debian:12\nRUN sudo /usr/sbin/useradd -u 123456 luser',
    'FROM debian:12\nRUN useradd -l -u 123456 luser',
    'FROM debian:12\nRUN useradd --no-log-init -u 123456 luser',
    'FROM debian:12\nRUN useradd -u 12345 luser',
    'FROM debian:12\nRUN useradd luser',
    'FROM debian:12\nRUN useradd -lu 123456 luser',
    // A UID from a variable is measured by the value the ARG default or ENV gives it, not by its name.
    'FROM debian:12\nARG USER_UID=1000\nRUN useradd --uid $USER_UID -m vscode',
    'FROM debian:12\nENV APP_UID=1654\nRUN useradd -u "${APP_UID}" app',
  ],
  invalid: [
    {
      code: 'FROM debian:12\nRUN useradd -mu 123456 luser',
      errors: [{ message, line: 2, text: '123456' }],
      output: 'FROM debian:12\nRUN useradd -l -mu 123456 luser',
    },
    {
      code: 'FROM debian:12\nRUN useradd -u 123456 luser',
      errors: [{ message, line: 2, text: '123456' }],
      output: 'FROM debian:12\nRUN useradd -l -u 123456 luser',
    },
    { code: 'FROM debian:12\nRUN useradd --uid=1000000 luser', errors: [{ text: '--uid=1000000' }], output: 'FROM debian:12\nRUN useradd -l --uid=1000000 luser' },
    { code: 'FROM debian:12\nRUN useradd -u123456 luser', errors: [{ text: '-u123456' }], output: 'FROM debian:12\nRUN useradd -l -u123456 luser' },
    { code: 'FROM debian:12\nENV BIG=1000000\nRUN useradd -u $BIG luser', errors: [{ line: 3, text: '$BIG' }], output: 'FROM debian:12\nENV BIG=1000000\nRUN useradd -l -u $BIG luser' },
    // Without a known value the text is measured, as hadolint measures it.
    { code: 'FROM debian:12\nRUN useradd -u $USER_UID luser', errors: [{ line: 2, text: '$USER_UID' }], output: 'FROM debian:12\nRUN useradd -l -u $USER_UID luser' },
    // hadolint writes $UID as ${UID} before measuring it: six characters.
    { code: 'FROM debian:12\nRUN useradd -u $UID luser', errors: [{ line: 2, text: '$UID' }], output: 'FROM debian:12\nRUN useradd -l -u $UID luser' },
    {
      code: 'FROM debian:12\nRUN groupadd -g 123456 g \\\n && useradd -g g \\\n   -u 123456 luser',
      errors: [{ line: 4, text: '123456' }],
      output: 'FROM debian:12\nRUN groupadd -g 123456 g \\\n && useradd -l -g g \\\n   -u 123456 luser',
    },
    {
      code: 'FROM debian:12\nRUN <<EOF\nuseradd -u 123456 luser\nEOF\n',
      errors: [{ line: 3, text: '123456' }],
      output: 'FROM debian:12\nRUN <<EOF\nuseradd -l -u 123456 luser\nEOF\n',
    },
    {
      code: 'FROM debian:12\nONBUILD RUN useradd -u 123456 luser',
      errors: [{ line: 2, text: '123456' }],
      output: 'FROM debian:12\nONBUILD RUN useradd -l -u 123456 luser',
    },
    // The exec form takes no insertion.
    {
      code: 'FROM debian:12\nRUN ["useradd", "-u", "123456", "luser"]',
      errors: [{ text: '"123456"' }],
      output: 'FROM debian:12\nRUN ["useradd", "-u", "123456", "luser"]',
    },
  ],
});
