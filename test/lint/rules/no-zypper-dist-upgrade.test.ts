import { noZypperDistUpgrade } from '../../../src/lint/rules/no-zypper-dist-upgrade.js';
import { testRule } from '../rule-tester.js';

const message = 'Do not use `zypper dist-upgrade`.';

testRule(noZypperDistUpgrade, {
  valid: [
    'FROM opensuse/leap:15.6\nRUN zypper install -y httpd=2.4.24 && zypper clean',
    'FROM opensuse/leap:15.6\nRUN zypper -n update',
    'FROM opensuse/leap:15.6\nRUN echo zypper dup',
    'FROM opensuse/leap:15.6\nRUN ["zypper", "-n", "refresh"]',
    // Found by the name as written, as hadolint does: not through sudo or a path.
    'FROM opensuse/leap:15.6\nRUN sudo zypper -n dup',
    'FROM opensuse/leap:15.6\nRUN /usr/bin/zypper -n dup',
  ],
  invalid: [
    {
      code: 'FROM opensuse/leap:15.6\nRUN zypper dist-upgrade',
      errors: [{ message, line: 2, text: 'dist-upgrade' }],
    },
    {
      code: 'FROM opensuse/leap:15.6\nRUN zypper dup',
      errors: [{ message, line: 2, text: 'dup' }],
    },
    {
      code: 'FROM opensuse/leap:15.6\nONBUILD RUN zypper -n dist-upgrade',
      errors: [{ message, line: 2, text: 'dist-upgrade' }],
    },
    {
      code: 'FROM opensuse/leap:15.6\nRUN zypper --root /mnt -n dup',
      errors: [{ text: 'dup' }],
    },
    {
      code: 'FROM opensuse/leap:15.6\nRUN zypper refresh && \\\n    zypper -n dup',
      errors: [{ line: 3, text: 'dup' }],
    },
    {
      code: 'FROM opensuse/leap:15.6\nRUN <<EOF\nzypper -n dup\nEOF',
      errors: [{ line: 3, text: 'dup' }],
    },
    {
      code: 'FROM opensuse/leap:15.6\nRUN command zypper -n dup',
      errors: [{ line: 2, text: 'dup' }],
    },
    {
      code: 'FROM opensuse/leap:15.6\nRUN ["zypper", "-n", "dup"]',
      errors: [{ text: '"dup"' }],
    },
  ],
});
