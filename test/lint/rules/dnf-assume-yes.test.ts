import { dnfAssumeYes } from '../../../src/lint/rules/dnf-assume-yes.js';
import { testRule } from '../rule-tester.js';

const message = 'Use the -y switch to avoid manual input `dnf install -y <package>`';

testRule(dnfAssumeYes, {
  valid: [
    'FROM fedora:40\nRUN dnf --assumeno install httpd-2.24.2',
    'FROM fedora:40\nRUN dnf install -y httpd-2.24.2 && dnf clean all',
    'FROM fedora:40\nRUN microdnf install -y httpd-2.24.2 && microdnf clean all',
    'FROM fedora:40\nRUN dnf --assumeyes install httpd-2.24.2',
    'FROM fedora:40\nONBUILD RUN dnf install -y httpd-2.24.2',
    'FROM fedora:40\nRUN notdnf install httpd',
    'FROM fedora:40\nRUN ["dnf", "install", "-y", "httpd"]',
  ],
  invalid: [
    {
      code: 'FROM fedora:40\nRUN dnf install httpd-2.24.2 && dnf clean all',
      errors: [{ message, line: 2, text: 'install' }],
      output: 'FROM fedora:40\nRUN dnf install -y httpd-2.24.2 && dnf clean all',
    },
    {
      code: 'FROM fedora:40\nRUN microdnf install httpd-2.24.2 && microdnf clean all',
      errors: [{ message, text: 'install' }],
      output: 'FROM fedora:40\nRUN microdnf install -y httpd-2.24.2 && microdnf clean all',
    },
    {
      code: 'FROM fedora:40\nONBUILD RUN dnf groupinstall core',
      errors: [{ line: 2, text: 'groupinstall' }],
      output: 'FROM fedora:40\nONBUILD RUN dnf groupinstall -y core',
    },
    {
      code: 'FROM fedora:40\nRUN set -e && \\\n    command dnf localinstall \\\n      ./x.rpm',
      errors: [{ line: 3, text: 'localinstall' }],
      output: 'FROM fedora:40\nRUN set -e && \\\n    command dnf localinstall -y \\\n      ./x.rpm',
    },
    {
      code: 'FROM fedora:40\nRUN <<EOF\ndnf install git-2.45\nEOF',
      errors: [{ line: 3, text: 'install' }],
      output: 'FROM fedora:40\nRUN <<EOF\ndnf install -y git-2.45\nEOF',
    },
    {
      code: 'FROM fedora:40\nRUN ["microdnf", "install", "git"]',
      errors: [{ text: '"install"' }],
      output: 'FROM fedora:40\nRUN ["microdnf", "install", "git"]',
    },
  ],
});
