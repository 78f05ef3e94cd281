import { noAptCli } from '../../../src/lint/rules/no-apt-cli.js';
import { testRule } from '../rule-tester.js';

const message = 'Do not use apt as it is meant to be an end-user tool, use apt-get or apt-cache instead';

testRule(noAptCli, {
  valid: [
    'FROM ubuntu:24.04\nRUN apt-get install -y python',
    'FROM ubuntu:24.04\nRUN apt-cache policy curl',
    'FROM ubuntu:24.04\nRUN echo apt install',
    'FROM ubuntu:24.04\nRUN ["apt-get", "install", "-y", "curl"]',
    // Found by the name as written, as hadolint does: not through sudo, a path or a shell string.
    'FROM ubuntu:24.04\nRUN sudo apt install -y curl',
    'FROM ubuntu:24.04\nRUN /usr/bin/apt install -y curl',
    "FROM ubuntu:24.04\nRUN sh -c 'apt install -y curl'",
    'FROM ubuntu:24.04\nRUN exec -x apt install -y curl',
  ],
  invalid: [
    {
      code: 'FROM ubuntu:24.04\nRUN apt install python',
      errors: [{ message, line: 2, text: 'apt' }],
      output: 'FROM ubuntu:24.04\nRUN apt-get install python',
    },
    {
      code: 'FROM ubuntu:24.04\nONBUILD RUN apt install python',
      errors: [{ message, line: 2, text: 'apt' }],
      output: 'FROM ubuntu:24.04\nONBUILD RUN apt-get install python',
    },
    {
      code: 'FROM ubuntu:24.04\nRUN apt update \\\n && command apt install -y curl',
      errors: [
        { line: 2, text: 'apt' },
        { line: 3, text: 'apt' },
      ],
      output: 'FROM ubuntu:24.04\nRUN apt-get update \\\n && command apt-get install -y curl',
    },
    {
      code: 'FROM ubuntu:24.04\nRUN exec -a installer apt install -y curl',
      errors: [{ line: 2, text: 'apt' }],
      output: 'FROM ubuntu:24.04\nRUN exec -a installer apt-get install -y curl',
    },
    {
      code: 'FROM ubuntu:24.04\nRUN <<EOF\napt install -y curl\nEOF',
      errors: [{ line: 3, text: 'apt' }],
      output: 'FROM ubuntu:24.04\nRUN <<EOF\napt-get install -y curl\nEOF',
    },
    {
      code: 'FROM ubuntu:24.04\nRUN apt -o Dpkg::Options::=--force-confnew -y purge x && apt autoremove -y',
      errors: [{ text: 'apt' }, { text: 'apt' }],
      output: 'FROM ubuntu:24.04\nRUN apt-get -o Dpkg::Options::=--force-confnew -y purge x && apt-get autoremove -y',
    },
    // Subcommands that differ in apt-get or belong to apt-cache, the exec form and an escaped name keep `apt`.
    {
      code: 'FROM ubuntu:24.04\nRUN apt upgrade -y && apt full-upgrade -y && apt search x && apt list --installed',
      errors: [{ text: 'apt' }, { text: 'apt' }, { text: 'apt' }, { text: 'apt' }],
      output: 'FROM ubuntu:24.04\nRUN apt upgrade -y && apt full-upgrade -y && apt search x && apt list --installed',
    },
    {
      code: 'FROM ubuntu:24.04\nRUN ["apt", "install", "-y", "curl"]',
      errors: [{ line: 2, text: '"apt"' }],
      output: 'FROM ubuntu:24.04\nRUN ["apt", "install", "-y", "curl"]',
    },
    {
      code: 'FROM ubuntu:24.04\nRUN a\\pt install -y curl',
      errors: [{ text: 'a\\pt' }],
      output: 'FROM ubuntu:24.04\nRUN a\\pt install -y curl',
    },
  ],
});
