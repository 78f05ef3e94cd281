import { dnfPinnedVersions } from '../../../src/lint/rules/dnf-pinned-versions.js';
import { testRule } from '../rule-tester.js';

const message = 'Specify version with `dnf install -y <package>-<version>`.';

testRule(dnfPinnedVersions, {
  valid: [
    'FROM fedora:40\nRUN dnf install --assumeno tomcat',
    'FROM fedora:40\nRUN dnf install -y tomcat-9.0.1 && dnf clean all',
    'FROM fedora:40\nRUN microdnf install -y tomcat-9.0.1 && microdnf clean all',
    'FROM fedora:40\nONBUILD RUN microdnf install -y tomcat-9.0.1 && microdnf clean all',
    'FROM fedora:40\nRUN notdnf install openssl-1:1.1.1k',
    'FROM fedora:40\nRUN notdnf install tomcat',
    'FROM fedora:40\nRUN dnf install -y rpm-sign-4.16.1.3 && dnf clean all',
    'FROM fedora:40\nRUN microdnf install -y gcc-c++-1.1.1',
    'FROM fedora:40\nRUN dnf install -y openssl-1:1.1.1k',
    'FROM fedora:40\nRUN dnf module install -y tomcat:9 && dnf clean all',
    'FROM fedora:40\nRUN microdnf module install -y tomcat:9 && microdnf clean all',
    'FROM fedora:40\nRUN notdnf module install tomcat',
    'FROM fedora:40\nARG GIT_VER\nRUN dnf install -y "git-core-${GIT_VER}" && dnf clean all',
    'FROM fedora:40 AS base\nENV VERSION=9.0.1\nFROM base\nRUN dnf install -y tomcat-$VERSION && dnf clean all',
    'FROM fedora:40\nRUN dnf install -y /tmp/x-1.0-1.fc40.x86_64.rpm',
  ],
  invalid: [
    {
      code: 'FROM fedora:40\nRUN dnf install -y tomcat && dnf clean all',
      errors: [{ message, line: 2, text: 'tomcat' }],
    },
    {
      code: 'FROM fedora:40\nRUN microdnf install -y tomcat && microdnf clean all',
      errors: [{ message, text: 'tomcat' }],
    },
    {
      code: 'FROM fedora:40\nONBUILD RUN dnf install -y rpm-sign && dnf clean all',
      errors: [{ message, line: 2, text: 'rpm-sign' }],
    },
    {
      code: 'FROM fedora:40\nRUN dnf module install -y tomcat && dnf clean all',
      errors: [{ text: 'tomcat' }],
    },
    {
      code: 'FROM fedora:40\nRUN microdnf module install -y tomcat && microdnf clean all',
      errors: [{ text: 'tomcat' }],
    },
    {
      code: 'FROM fedora:42 AS build\nENV version=2.51.0-2.fc42\nFROM fedora:42\nRUN dnf -y install git-core-${version}\n',
      errors: [{ line: 4, text: 'git-core-${version}' }],
    },
    { code: 'FROM fedora:40\nENV TOMCAT=tomcat-9.0.1\nRUN dnf install -y ${TOMCAT}', errors: [{ line: 3, text: '${TOMCAT}' }] },
    { code: 'FROM fedora:40\nRUN dnf install -y tomcat-$VERSION', errors: [{ line: 2, text: 'tomcat-$VERSION' }] },
    {
      code: 'FROM fedora:40\nENV TOMCAT=tomcat\nRUN dnf install -y "${TOMCAT}"',
      errors: [{ line: 3, text: '"${TOMCAT}"' }],
    },
    {
      code: 'FROM fedora:40\nRUN dnf install -y \\\n    git-2.45 \\\n    tomcat',
      errors: [{ line: 4, text: 'tomcat' }],
    },
    {
      code: 'FROM fedora:40\nRUN <<EOF\ndnf install -y tomcat\nEOF',
      errors: [{ line: 3, text: 'tomcat' }],
    },
    {
      code: 'FROM fedora:40\nRUN ["dnf", "install", "-y", "tomcat"]',
      errors: [{ text: '"tomcat"' }],
    },
  ],
});
