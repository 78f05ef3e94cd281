import { aptGetAssumeYes } from '../../../src/lint/rules/apt-get-assume-yes.js';
import { testRule } from '../rule-tester.js';

const message = 'Use the `-y` switch to avoid manual input `apt-get -y install <package>`';

testRule(aptGetAssumeYes, {
  valid: [
    // hadolint reads only the first heredoc of a RUN that starts with one, here a file's content; the script
    // fed to bash after it is not read (as in hadolint).
    'FROM debian:12\nRUN <<A cat > /f && bash <<B\necho\nA\napt-get install x\nB',
    // A simulated install (the postgres image tests whether a package exists so) never prompts nor installs.
    'FROM debian:12\nRUN if apt-get install -s "postgresql-16-pgvector" > /dev/null 2>&1; then echo yes; fi',
    'FROM debian:12\nRUN apt-get --simulate install curl',
    'FROM debian:12\nRUN apt-get install --just-print curl && apt-get install --dry-run curl',
    'FROM debian:12\nRUN apt-get install --recon curl && apt-get install --no-act curl',
    'FROM debian:12\nRUN apt-get -qs install curl',
    // Only a command named apt-get as written counts, as in hadolint.
    'FROM debian:12\nRUN sudo apt-get install curl',
    'FROM debian:12\nRUN /usr/bin/apt-get install curl',
    "FROM debian:12\nRUN sh -c 'apt-get install curl'",
    'FROM debian:12\nRUN bash <<EOF\napt-get install curl\nEOF',
    'FROM debian:12\nRUN apt-get install -yq python',
    'FROM debian:12\nRUN apt-get install -qq python',
    'FROM debian:12\nRUN apt-get -q -q install python',
    'FROM debian:12\nRUN apt-get --quiet=2 install python',
    'FROM debian:12\nRUN apt-get install -y python',
    'FROM debian:12\nRUN apt-get -y install python',
    'FROM debian:12\nRUN apt-get --yes install python',
    'FROM debian:12\nRUN apt-get --assume-yes install python',
    'FROM debian:12\nRUN apt-get update',
    'FROM debian:12\nRUN echo apt-get install python',
    'FROM debian:12\nONBUILD RUN apt-get install -y python',
    'FROM debian:12\nRUN ["apt-get", "install", "-y", "python"]',
    'FROM debian:12\nRUN <<EOF\napt-get install -y python\nEOF',
  ],
  invalid: [
    {
      // `s` inside the value glued to -o is no option.
      code: 'FROM debian:12\nRUN apt-get -oDebug::NoLocking=1 install curl',
      errors: [{ message, text: 'install' }],
    },
    {
      // After `--` an -s is an operand.
      code: 'FROM debian:12\nRUN apt-get install -- -s',
      errors: [{ message, text: 'install' }],
    },
    {
      code: 'FROM debian:12\nRUN apt-get install python',
      errors: [{ message, line: 2, text: 'install' }],
      output: 'FROM debian:12\nRUN apt-get install -y python',
    },
    {
      code: 'FROM debian:12\nONBUILD RUN apt-get install python',
      errors: [{ message, line: 2, text: 'install' }],
      output: 'FROM debian:12\nONBUILD RUN apt-get install -y python',
    },
    {
      code: 'FROM debian:12\nRUN apt-get -q install python',
      errors: [{ text: 'install' }],
      output: 'FROM debian:12\nRUN apt-get -q install -y python',
    },
    {
      code: 'FROM debian:12\nRUN apt-get update && \\\n    command apt-get install \\\n      curl',
      errors: [{ line: 3, text: 'install' }],
      output: 'FROM debian:12\nRUN apt-get update && \\\n    command apt-get install -y \\\n      curl',
    },
    {
      code: 'FROM debian:12\nRUN <<EOF\nset -e\napt-get install curl\nEOF',
      errors: [{ line: 4, text: 'install' }],
      output: 'FROM debian:12\nRUN <<EOF\nset -e\napt-get install -y curl\nEOF',
    },
    {
      code: 'FROM debian:12\nRUN ["apt-get", "install", "curl"]',
      errors: [{ line: 2, text: '"install"' }],
      output: 'FROM debian:12\nRUN ["apt-get", "install", "curl"]',
    },
    {
      code: 'FROM debian:12\nRUN apt-get -o Foo=-y install curl',
      errors: [{ text: 'install' }],
    },
    {
      code: 'FROM debian:12\nRUN apt-get ins\\\ntall curl',
      errors: [{ line: 2 }],
      output: 'FROM debian:12\nRUN apt-get ins\\\ntall curl',
    },
  ],
});
