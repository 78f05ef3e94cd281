import { yumPinnedVersions } from '../../../src/lint/rules/yum-pinned-versions.js';
import { testRule } from '../rule-tester.js';

const message = 'Specify version with `yum install -y <package>-<version>`.';

testRule(yumPinnedVersions, {
  valid: [
    'FROM centos:7\nRUN yum install --assumeno tomcat',
    'FROM centos:7\nRUN yum install -y tomcat-9.2 && yum clean all',
    'FROM centos:7\nRUN bash -c `# not even a yum command`',
    'FROM centos:7\nRUN yum install -y openssl-1:1.1.1k',
    'FROM centos:7\nRUN yum install -y rpm-sign-4.16.1.3',
    'FROM centos:7\nRUN yum install -y gcc-c++-1.1.1',
    'FROM centos:7\nRUN yum module install -y tomcat:9 && yum clean all',
    'FROM centos:7\nRUN yum install -y java-1.8.0-openjdk',
    // A version from a variable: an ENV of the stage or of the stage it is built on, or an ARG declared
    // anywhere before (in any stage, or before the first FROM), whatever its value.
    'FROM centos:7\nARG GIT_VER\nRUN yum install -y "git-core-${GIT_VER}" && yum clean all',
    'FROM centos:7\nENV WHICH_VERSION=2.20\nRUN yum install -y "which-${WHICH_VERSION}" && yum clean all',
    'ARG VERSION=9.2\nFROM centos:7\nRUN yum install -y tomcat-$VERSION && yum clean all',
    'FROM centos:7 AS tools\nARG VERSION\nFROM centos:7\nRUN yum install -y tomcat-$VERSION',
    'FROM centos:7 AS base\nENV VERSION=9.2\nFROM base\nRUN yum install -y tomcat-${VERSION}',
    'FROM centos:7\nENV VERSION=latest\nRUN yum install -y tomcat-${VERSION}',
    'FROM centos:7\nONBUILD ARG GIT_VER\nONBUILD RUN yum install -y "git-core-${GIT_VER}" && yum clean all',
    'FROM centos:7\nRUN yum install -y ./local/x-1.0-1.el7.x86_64.rpm',
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
    // Values are not read: a word without a dash is no pin, whatever the variable holds.
    { code: 'FROM centos:7\nARG PKG=tomcat-9.2\nRUN yum install -y ${PKG}', errors: [{ line: 3, text: '${PKG}' }] },
    { code: 'FROM centos:7\nENV PKG=tomcat-9.2\nRUN yum install -y "$PKG"', errors: [{ line: 3, text: '"$PKG"' }] },
    // A variable nothing declared, or declared too late or where this stage cannot see it.
    { code: 'FROM centos:7\nRUN yum install -y "git-core-${GIT_VER}"', errors: [{ line: 2, text: '"git-core-${GIT_VER}"' }] },
    {
      code: 'FROM centos:7\nRUN yum install -y tomcat-$VERSION\nARG VERSION=9.2',
      errors: [{ line: 2, text: 'tomcat-$VERSION' }],
    },
    {
      code: 'FROM fedora:42 AS build\nENV version=2.51.0-2.fc42\nFROM fedora:42\nRUN yum -y install git-core-${version}\n',
      errors: [{ line: 4, text: 'git-core-${version}' }],
    },
    // `${VERSION:-1}` is not a plain reference to VERSION.
    { code: 'FROM centos:7\nARG VERSION\nRUN yum install -y tomcat-${VERSION:-9}', errors: [{ line: 3 }] },
    // A trigger counts only the ENV and ARG triggers before it: it runs in another build.
    {
      code: 'FROM centos:7\nARG GIT_VER\nONBUILD RUN yum install -y git-core-${GIT_VER}',
      errors: [{ line: 3, text: 'git-core-${GIT_VER}' }],
    },
    // A version holds only letters, digits and `.~^_:+`; an rpm file needs a dash in its name.
    { code: 'FROM centos:7\nRUN yum install -y tomcat-9.*', errors: [{ text: 'tomcat-9.*' }] },
    { code: 'FROM centos:7\nRUN yum install -y /tmp/x.rpm', errors: [{ text: '/tmp/x.rpm' }] },
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
