import { aptGetPinnedVersions } from '../../../src/lint/rules/apt-get-pinned-versions.js';
import { testRule } from '../rule-tester.js';

const message =
  'Pin versions in apt get install. Instead of `apt-get install <package>` use `apt-get install <package>=<version>`';

testRule(aptGetPinnedVersions, {
  valid: [
    'FROM debian:12\nRUN if apt-get install -s "postgresql-16-pgvector" > /dev/null 2>&1; then echo yes; fi',
    'FROM debian:12\nRUN apt-get install -y --simulate curl',
    'FROM debian:12\nRUN apt-get -o APT::Get::Assume-Yes=1 --no-act install curl',
    'FROM debian:12\nRUN apt-get update \\\n && apt-get -yqq --no-install-recommends install nodejs=0.10 \\\n && rm -rf /var/lib/apt/lists/*\n',
    'FROM debian:12\nRUN apt-get update && apt-get install --no-install-recommends -y \\\npython-demjson=2.2.2* \\\nwget=1.16.1* \\\ngit=1:2.5.0* \\\nruby=1:2.1.*\n',
    'FROM debian:12\nRUN apt-get install -y python=1.2.2',
    'FROM debian:12\nRUN apt-get install ./wkhtmltox_0.12.5-1.bionic_amd64.deb',
    'FROM debian:12\nRUN apt-get -y --no-install-recommends install nodejs=0.10',
    'FROM debian:12\nRUN set -e &&\\\n echo "deb http://http.debian.net/debian jessie-backports main" > /etc/apt/sources.list.d/jessie-backports.list &&\\\n apt-get update &&\\\n apt-get install -y --no-install-recommends -t jessie-backports openjdk-8-jdk=8u131-b11-1~bpo8+1 &&\\\n rm -rf /var/lib/apt/lists/*\n',
    'FROM debian:12\nONBUILD RUN apt-get install -y python=1.2.2',
    'FROM debian:12\nRUN apt-get install -y curl/bookworm-backports',
    'FROM debian:12\nRUN apt-get remove -y curl',
    'FROM debian:12\nRUN ["apt-get", "install", "-y", "python=1.2.2"]',
  ],
  invalid: [
    {
      code: 'FROM debian:12\nRUN apt-get update && apt-get install python',
      errors: [{ message, line: 2, text: 'python' }],
    },
    {
      code: 'FROM debian:12\nONBUILD RUN apt-get update && apt-get install python',
      errors: [{ message, line: 2, text: 'python' }],
    },
    {
      code: 'FROM debian:12\nRUN apt-get install -y \\\n    curl=7.88 \\\n    git \\\n    "wget"',
      errors: [
        { line: 4, text: 'git' },
        { line: 5, text: '"wget"' },
      ],
    },
    {
      code: 'FROM debian:12\nRUN apt-get install -y --target-release bookworm-backports curl',
      errors: [{ text: 'curl' }],
    },
    {
      code: 'FROM debian:12\nRUN <<EOF\napt-get update\napt-get install -y curl\nEOF',
      errors: [{ line: 4, text: 'curl' }],
    },
    {
      code: 'FROM debian:12\nRUN ["apt-get", "install", "-y", "curl"]',
      errors: [{ line: 2, text: '"curl"' }],
    },
  ],
});
