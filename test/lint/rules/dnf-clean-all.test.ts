import { dnfCleanAll } from '../../../src/lint/rules/dnf-clean-all.js';
import { testRule } from '../rule-tester.js';

const message = '`dnf clean all` missing after dnf command.';

testRule(dnfCleanAll, {
  valid: [
    'FROM fedora:40\nRUN dnf install -y mariadb-10.4 && dnf clean all',
    'FROM fedora:40\nRUN microdnf install -y mariadb-10.4 && microdnf clean all',
    'FROM fedora:40\nRUN notdnf install mariadb',
    'FROM fedora:40\nONBUILD RUN dnf install -y mariadb-10.4 && dnf clean all',
    'FROM fedora:40\nRUN dnf install -y mariadb-10.4 && rm -rf /var/cache/yum/*',
    'FROM fedora:40\nRUN microdnf install -y mariadb-10.4 && rm -rf /var/cache/yum/*',
    'FROM fedora:40\nRUN dnf install -y mariadb-10.4 && rm -rf /var/cache/libdnf5*',
    'FROM fedora:40\nRUN --mount=type=cache,target=/var/cache/libdnf5 dnf install -y mariadb-10.4',
    'FROM fedora:40\nRUN --mount=type=tmpfs,target=/var/cache/dnf dnf install -y mariadb-10.4',
    'FROM fedora:40\nRUN dnf upgrade -y && dnf reinstall -y x-1 && dnf clean all',
    'FROM fedora:40\nRUN <<EOF\ndnf install -y mariadb-10.4\ndnf clean all\nEOF',
  ],
  invalid: [
    {
      code: 'FROM fedora:40\nRUN dnf install -y mariadb-10.4',
      errors: [{ message, line: 2, text: 'install' }],
    },
    {
      code: 'FROM fedora:40\nRUN microdnf install -y mariadb-10.4',
      errors: [{ message, text: 'install' }],
    },
    {
      code: 'FROM fedora:40\nONBUILD RUN dnf install -y mariadb-10.4',
      errors: [{ message, line: 2 }],
    },
    {
      code: 'FROM fedora:40\nONBUILD RUN dnf install -y mariadb-10.4 && microdnf clean all',
      errors: [{ message, line: 2 }],
    },
    {
      code: 'FROM fedora:40\nRUN microdnf clean all && dnf install -y mariadb-10.4',
      errors: [{ text: 'install' }],
    },
    {
      code: 'FROM fedora:40\nRUN dnf clean all && dnf install -y mariadb-10.4',
      errors: [{ text: 'install' }],
    },
    {
      code: 'FROM fedora:40\nRUN --mount=type=cache,target=/var/cache/foo dnf upgrade -y',
      errors: [{ text: 'upgrade' }],
    },
    {
      code: 'FROM fedora:40\nRUN dnf install -y a-1 \\\n && dnf clean all \\\n && dnf reinstall -y b-2',
      errors: [{ line: 4, text: 'reinstall' }],
    },
    {
      code: 'FROM fedora:40\nRUN <<EOF\ndnf install -y a-1\nEOF',
      errors: [{ line: 3, text: 'install' }],
    },
    {
      code: 'FROM fedora:40\nRUN ["dnf", "install", "-y", "a-1"]',
      errors: [{ text: '"install"' }],
    },
    { code: 'FROM fedora:40\nRUN dnf install -y a-1 && rpm -qa', errors: [{ text: 'install' }], output: 'FROM fedora:40\nRUN dnf install -y a-1 && rpm -qa && dnf clean all' },
    { code: 'FROM fedora:40\nRUN microdnf install -y a-1', errors: [{ text: 'install' }], output: 'FROM fedora:40\nRUN microdnf install -y a-1 && microdnf clean all' },
    {
      code: 'FROM fedora:40\nRUN dnf install -y a-1 && microdnf install -y b-2',
      errors: [{ text: 'install' }, { text: 'install' }],
      output: 'FROM fedora:40\nRUN dnf install -y a-1 && microdnf install -y b-2 && dnf clean all && microdnf clean all',
    },
  ],
});
