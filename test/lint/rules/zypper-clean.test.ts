import { zypperClean } from '../../../src/lint/rules/zypper-clean.js';
import { testRule } from '../rule-tester.js';

const message = '`zypper clean` missing after zypper use.';

testRule(zypperClean, {
  valid: [
    'FROM opensuse/leap:15.6\nRUN zypper install -y httpd=2.4.46 && zypper clean',
    'FROM opensuse/leap:15.6\nRUN zypper install -y httpd=2.4.46 && zypper cc',
    'FROM opensuse/leap:15.6\nRUN zypper -n in httpd=2.4.46 && zypper -n clean -a',
    'FROM opensuse/leap:15.6\nONBUILD RUN zypper install -y httpd=2.4.46 && zypper clean',
    'FROM opensuse/leap:15.6\nRUN zypper install -y httpd=2.4.46 && rm -rf /var/cache/zypp/*',
    'FROM opensuse/leap:15.6\nRUN --mount=type=cache,target=/var/cache/zypp zypper install -y httpd=2.4.46',
    'FROM opensuse/leap:15.6\nRUN zypper -n refresh',
    'FROM opensuse/leap:15.6\nRUN <<EOF\nzypper -n in httpd=2.4.46\nzypper clean\nEOF',
  ],
  invalid: [
    {
      code: 'FROM opensuse/leap:15.6\nRUN zypper install -y httpd=2.4.46',
      errors: [{ message, line: 2, text: 'install' }],
    },
    {
      code: 'FROM opensuse/leap:15.6\nONBUILD RUN zypper install -y httpd=2.4.46',
      errors: [{ message, line: 2, text: 'install' }],
    },
    {
      code: 'FROM opensuse/leap:15.6\nRUN zypper clean && zypper install -y httpd=2.4.46',
      errors: [{ text: 'install' }],
    },
    {
      code: 'FROM opensuse/leap:15.6\nRUN --mount=type=cache,target=/var/cache/foo zypper in -y httpd=2.4.46',
      errors: [{ text: 'in' }],
    },
    {
      code: 'FROM opensuse/leap:15.6\nRUN zypper refresh \\\n && zypper -n install httpd=2.4.46',
      errors: [{ line: 3, text: 'install' }],
    },
    {
      code: 'FROM opensuse/leap:15.6\nRUN <<EOF\nzypper -n install httpd=2.4.46\nEOF',
      errors: [{ line: 3, text: 'install' }],
    },
    {
      code: 'FROM opensuse/leap:15.6\nRUN ["zypper", "-n", "install", "httpd=2.4.46"]',
      errors: [{ text: '"install"' }],
    },
    {
      code: 'FROM opensuse/leap:15.6\nRUN zypper refresh \\\n && zypper -n install httpd=2.4.46',
      errors: [{ line: 3, text: 'install' }],
      output: 'FROM opensuse/leap:15.6\nRUN zypper refresh \\\n && zypper -n install httpd=2.4.46 && zypper clean',
    },
  ],
});
