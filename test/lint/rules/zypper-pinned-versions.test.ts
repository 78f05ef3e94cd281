import { zypperPinnedVersions } from '../../../src/lint/rules/zypper-pinned-versions.js';
import { testRule } from '../rule-tester.js';

const message = 'Specify version with `zypper install -y <package>=<version>`.';

testRule(zypperPinnedVersions, {
  valid: [
    'FROM opensuse/leap:15.6\nRUN zypper install -y httpd=2.4.46 && zypper clean',
    'FROM opensuse/leap:15.6\nRUN zypper install -y "httpd>=2.4.46" && zypper clean',
    'FROM opensuse/leap:15.6\nRUN zypper install -y "httpd>2.4.46" && zypper clean',
    'FROM opensuse/leap:15.6\nRUN zypper install -y "httpd<=2.4.46" && zypper clean',
    'FROM opensuse/leap:15.6\nRUN zypper install -y "httpd<2.4.46" && zypper clean',
    'FROM opensuse/leap:15.6\nRUN zypper install -y /tmp/httpd-2.4.46.rpm && zypper clean',
    'FROM opensuse/leap:15.6\nONBUILD RUN zypper in -y httpd=2.4.46 && zypper clean',
    'FROM opensuse/leap:15.6\nRUN zypper -n install --repo oss httpd=2.4.46',
    'FROM opensuse/leap:15.6\nRUN zypper rm -y httpd',
  ],
  invalid: [
    {
      code: 'FROM opensuse/leap:15.6\nRUN zypper install -y httpd && zypper clean',
      errors: [{ message, line: 2, text: 'httpd' }],
    },
    {
      code: 'FROM opensuse/leap:15.6\nONBUILD RUN zypper in -y httpd && zypper clean',
      errors: [{ message, line: 2, text: 'httpd' }],
    },
    {
      code: 'FROM opensuse/leap:15.6\nRUN zypper -n install \\\n    httpd=2.4.46 \\\n    vim',
      errors: [{ line: 4, text: 'vim' }],
    },
    {
      code: 'FROM opensuse/leap:15.6\nRUN <<EOF\nzypper -n install httpd\nEOF',
      errors: [{ line: 3, text: 'httpd' }],
    },
    {
      code: 'FROM opensuse/leap:15.6\nRUN ["zypper", "-n", "install", "httpd"]',
      errors: [{ text: '"httpd"' }],
    },
  ],
});
