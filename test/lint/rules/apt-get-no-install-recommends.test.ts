import { aptGetNoInstallRecommends } from '../../../src/lint/rules/apt-get-no-install-recommends.js';
import { testRule } from '../rule-tester.js';

const message = 'Avoid additional packages by specifying `--no-install-recommends`';

testRule(aptGetNoInstallRecommends, {
  valid: [
    'FROM debian:12\nRUN if apt-get install -s "postgresql-16-pgvector" > /dev/null 2>&1; then echo yes; fi',
    'FROM debian:12\nRUN apt-get install -y --dry-run curl',
    'FROM debian:12\nRUN apt-get -sy install curl',
    'FROM debian:12\nRUN apt-get install --no-install-recommends python',
    'FROM debian:12\nONBUILD RUN apt-get install --no-install-recommends python',
    'FROM debian:12\nRUN apt-get -o APT::Install-Recommends=false install python',
    'FROM debian:12\nRUN apt-get --option=APT::Install-Recommends=0 install python',
    'FROM debian:12\nRUN apt-get update && apt-get upgrade -y',
    'FROM debian:12\nRUN ["apt-get", "install", "--no-install-recommends", "python"]',
    'FROM debian:12\nRUN <<EOF\napt-get install -y --no-install-recommends python\nEOF',
  ],
  invalid: [
    {
      code: 'FROM debian:12\nRUN apt-get install python',
      errors: [{ message, line: 2, text: 'install' }],
      output: 'FROM debian:12\nRUN apt-get install --no-install-recommends python',
    },
    {
      code: 'FROM debian:12\nRUN apt-get -y install python',
      errors: [{ message, text: 'install' }],
      output: 'FROM debian:12\nRUN apt-get -y install --no-install-recommends python',
    },
    {
      code: 'FROM debian:12\nONBUILD RUN apt-get install python',
      errors: [{ message, line: 2 }],
      output: 'FROM debian:12\nONBUILD RUN apt-get install --no-install-recommends python',
    },
    {
      code: 'FROM debian:12\nRUN apt-get update \\\n && apt-get install -y \\\n    curl',
      errors: [{ line: 3, text: 'install' }],
      output: 'FROM debian:12\nRUN apt-get update \\\n && apt-get install --no-install-recommends -y \\\n    curl',
    },
    {
      code: 'FROM debian:12\nRUN <<EOF\napt-get update\napt-get install -y curl\nEOF',
      errors: [{ line: 4, text: 'install' }],
      output: 'FROM debian:12\nRUN <<EOF\napt-get update\napt-get install --no-install-recommends -y curl\nEOF',
    },
    {
      code: 'FROM debian:12\nRUN ["apt-get", "install", "-y", "curl"]',
      errors: [{ text: '"install"' }],
      output: 'FROM debian:12\nRUN ["apt-get", "install", "-y", "curl"]',
    },
  ],
});
