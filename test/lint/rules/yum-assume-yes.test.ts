import { yumAssumeYes } from '../../../src/lint/rules/yum-assume-yes.js';
import { testRule } from '../rule-tester.js';

const message = 'Use the -y switch to avoid manual input `yum install -y <package>`';

testRule(yumAssumeYes, {
  valid: [
    'FROM centos:7\nRUN yum install --assumeno httpd-2.24.2',
    'FROM centos:7\nRUN yum install -y httpd-2.24.2 && yum clean all',
    'FROM centos:7\nRUN yum install --assumeyes httpd-2.24.2',
    'FROM centos:7\nRUN yum -y groupinstall "Development Tools"',
    'FROM centos:7\nONBUILD RUN yum install -y httpd-2.24.2 && yum clean all',
    'FROM centos:7\nRUN yum clean all',
    'FROM centos:7\nRUN ["yum", "install", "-y", "httpd"]',
  ],
  invalid: [
    {
      code: 'FROM centos:7\nRUN yum install httpd-2.24.2 && yum clean all',
      errors: [{ message, line: 2, text: 'install' }],
      output: 'FROM centos:7\nRUN yum install -y httpd-2.24.2 && yum clean all',
    },
    {
      code: 'FROM centos:7\nONBUILD RUN yum install httpd-2.24.2 && yum clean all',
      errors: [{ message, line: 2, text: 'install' }],
      output: 'FROM centos:7\nONBUILD RUN yum install -y httpd-2.24.2 && yum clean all',
    },
    {
      code: 'FROM centos:7\nRUN yum --enablerepo epel \\\n    localinstall ./x.rpm',
      errors: [{ line: 3, text: 'localinstall' }],
      output: 'FROM centos:7\nRUN yum --enablerepo epel \\\n    localinstall -y ./x.rpm',
    },
    {
      code: 'FROM centos:7\nRUN <<EOF\nyum groupinstall core\nEOF',
      errors: [{ line: 3, text: 'groupinstall' }],
      output: 'FROM centos:7\nRUN <<EOF\nyum groupinstall -y core\nEOF',
    },
    {
      code: 'FROM centos:7\nRUN ["yum", "install", "httpd"]',
      errors: [{ text: '"install"' }],
      output: 'FROM centos:7\nRUN ["yum", "install", "httpd"]',
    },
  ],
});
