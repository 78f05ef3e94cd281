import { zypperNonInteractive } from '../../../src/lint/rules/zypper-non-interactive.js';
import { testRule } from '../rule-tester.js';

const message = 'Non-interactive switch missing from `zypper` command: `zypper install -y`';

testRule(zypperNonInteractive, {
  valid: [
    'FROM opensuse/leap:15.6\nRUN zypper install -n httpd=2.4.24 && zypper clean',
    'FROM opensuse/leap:15.6\nRUN zypper install --non-interactive httpd=2.4.24 && zypper clean',
    'FROM opensuse/leap:15.6\nRUN zypper install -y httpd=2.4.24 && zypper clean',
    'FROM opensuse/leap:15.6\nRUN zypper install --no-confirm httpd=2.4.24 && zypper clean',
    'FROM opensuse/leap:15.6\nRUN zypper -n install httpd=2.4.24',
    'FROM opensuse/leap:15.6\nONBUILD RUN zypper install -n httpd=2.4.24 && zypper clean',
    'FROM opensuse/leap:15.6\nRUN zypper refresh',
    'FROM opensuse/leap:15.6\nRUN ["zypper", "-n", "install", "httpd=2.4.24"]',
  ],
  invalid: [
    {
      code: 'FROM opensuse/leap:15.6\nRUN zypper install httpd=2.4.24 && zypper clean',
      errors: [{ message, line: 2, text: 'install' }],
      output: 'FROM opensuse/leap:15.6\nRUN zypper -n install httpd=2.4.24 && zypper clean',
    },
    {
      code: 'FROM opensuse/leap:15.6\nONBUILD RUN zypper install httpd=2.4.24 && zypper clean',
      errors: [{ message, line: 2, text: 'install' }],
      output: 'FROM opensuse/leap:15.6\nONBUILD RUN zypper -n install httpd=2.4.24 && zypper clean',
    },
    {
      code: 'FROM opensuse/leap:15.6\nRUN zypper rm vim && zypper patch && zypper si httpd',
      errors: [{ text: 'rm' }, { text: 'patch' }, { text: 'si' }],
      output: 'FROM opensuse/leap:15.6\nRUN zypper -n rm vim && zypper -n patch && zypper -n si httpd',
    },
    {
      code: 'FROM opensuse/leap:15.6\nRUN zypper refresh \\\n && command zypper \\\n    in httpd=2.4.24',
      errors: [{ line: 4, text: 'in' }],
      output: 'FROM opensuse/leap:15.6\nRUN zypper refresh \\\n && command zypper -n \\\n    in httpd=2.4.24',
    },
    {
      code: 'FROM opensuse/leap:15.6\nRUN <<EOF\nzypper install httpd=2.4.24\nEOF',
      errors: [{ line: 3, text: 'install' }],
      output: 'FROM opensuse/leap:15.6\nRUN <<EOF\nzypper -n install httpd=2.4.24\nEOF',
    },
    {
      code: 'FROM opensuse/leap:15.6\nRUN ["zypper", "install", "httpd=2.4.24"]',
      errors: [{ text: '"install"' }],
      output: 'FROM opensuse/leap:15.6\nRUN ["zypper", "install", "httpd=2.4.24"]',
    },
  ],
});
