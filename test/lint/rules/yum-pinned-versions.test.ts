import { yumPinnedVersions } from '../../../src/lint/rules/yum-pinned-versions.js';
import { testRule } from '../rule-tester.js';

const message = 'Specify version with `yum install -y <package>-<version>`.';

testRule(yumPinnedVersions, {
  valid: [
    'FROM centos:7\nRUN yum install -y tomcat-9.2 && yum clean all',
    'FROM centos:7\nRUN bash -c `# not even a yum command`',
    'FROM centos:7\nRUN yum install -y openssl-1:1.1.1k',
    'FROM centos:7\nRUN yum install -y rpm-sign-4.16.1.3',
    'FROM centos:7\nRUN yum install -y gcc-c++-1.1.1',
    'FROM centos:7\nRUN yum module install -y tomcat:9 && yum clean all',
    'FROM centos:7\nRUN yum install -y "git-core-${GIT_VER}" && yum clean all',
    'FROM centos:7\nRUN yum install -y "which-${WHICH_VERSION}" && yum clean all',
    'FROM centos:7\nRUN yum install -y tomcat-$VERSION && yum clean all',
    'FROM centos:7\nONBUILD RUN yum install -y "git-core-${GIT_VER}" && yum clean all',
    'FROM centos:7\nARG PKG=tomcat-9.2\nRUN yum install -y ${PKG}',
    'FROM centos:7\nENV PKG=tomcat-9.2\nRUN yum install -y "$PKG"',
    'FROM centos:7\nRUN yum install -y ./local/x.rpm',
    'FROM centos:7\nRUN yum remove -y tomcat',
  ],
  invalid: [
    {
      code: 'FROM centos:7\nRUN yum install -y tomcat && yum clean all',
      errors: [{ message, line: 2, text: 'tomcat' }],
    },
    {
      code: 'FROM centos:7\nONBUILD RUN yum install -y tomcat && yum clean all',
      errors: [{ message, line: 2, text: 'tomcat' }],
    },
    {
      code: 'FROM centos:7\nRUN yum install -y rpm-sign',
      errors: [{ text: 'rpm-sign' }],
    },
    {
      code: 'FROM centos:7\nRUN yum module install -y tomcat && yum clean all',
      errors: [{ text: 'tomcat' }],
    },
    {
      code: 'FROM centos:7\nARG PKG=tomcat\nRUN yum install -y ${PKG}',
      errors: [{ line: 3, text: '${PKG}' }],
    },
    {
      code: 'FROM centos:7\nRUN yum install -y \\\n    httpd-2.4 \\\n    tomcat',
      errors: [{ line: 4, text: 'tomcat' }],
    },
    {
      code: 'FROM centos:7\nRUN <<EOF\nyum install -y tomcat\nEOF',
      errors: [{ line: 3, text: 'tomcat' }],
    },
    {
      code: 'FROM centos:7\nRUN ["yum", "install", "-y", "tomcat"]',
      errors: [{ text: '"tomcat"' }],
    },
  ],
});
