import { yumCleanAll } from '../../../src/lint/rules/yum-clean-all.js';
import { testRule } from '../rule-tester.js';

const message = '`yum clean all` missing after yum command.';

testRule(yumCleanAll, {
  valid: [
    'FROM centos:7\nRUN yum install -y mariadb-10.4 && yum clean all',
    'FROM centos:7\nRUN yum install -y mariadb-10.4 && rm -rf /var/cache/yum/*',
    'FROM centos:7\nONBUILD RUN yum install -y mariadb-10.4 && yum clean all',
    'FROM centos:7\nRUN notyum install mariadb',
    'FROM centos:7\nRUN yum -q clean all',
    'FROM centos:7\nRUN <<EOF\nyum install -y mariadb-10.4\nyum clean all\nEOF',
    'FROM centos:7\nRUN yum install -y \\\n    mariadb-10.4 \\\n && yum clean all',
  ],
  invalid: [
    {
      code: 'FROM centos:7\nRUN yum install -y mariadb-10.4',
      errors: [{ message, line: 2, text: 'install' }],
    },
    {
      code: 'FROM centos:7\nONBUILD RUN yum install -y mariadb-10.4',
      errors: [{ message, line: 2, text: 'install' }],
    },
    {
      code: 'FROM centos:7\nRUN yum clean all && yum install -y mariadb-10.4',
      errors: [{ text: 'install' }],
    },
    {
      code: 'FROM centos:7\nRUN yum install -y mariadb-10.4 && yum clean metadata',
      errors: [{ text: 'install' }],
    },
    {
      code: 'FROM centos:7\nRUN set -e \\\n && yum install -y mariadb-10.4',
      errors: [{ line: 3, text: 'install' }],
    },
    {
      code: 'FROM centos:7\nRUN <<EOF\nyum install -y mariadb-10.4\nEOF',
      errors: [{ line: 3, text: 'install' }],
    },
    {
      code: 'FROM centos:7\nRUN ["yum", "install", "-y", "mariadb-10.4"]',
      errors: [{ text: '"install"' }],
    },
    { code: 'FROM centos:7\nRUN yum install -y a-1', errors: [{ text: 'install' }], output: 'FROM centos:7\nRUN yum install -y a-1 && yum clean all' },
    { code: 'FROM centos:7\nRUN yum install -y a-1 # no clean', errors: [{ text: 'install' }], output: 'FROM centos:7\nRUN yum install -y a-1 # no clean' },
  ],
});
