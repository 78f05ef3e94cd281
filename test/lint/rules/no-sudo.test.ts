import { noSudo } from '../../../src/lint/rules/no-sudo.js';
import { testRule } from '../rule-tester.js';

const message = 'Do not use sudo as it leads to unpredictable behavior. Use a tool like gosu to enforce root';

testRule(noSudo, {
  valid: [
    'FROM debian:12\nRUN command -v sudo',
    'FROM debian:12\nRUN apt-get install -y sudo',
    'FROM debian:12\nRUN echo sudo',
    'FROM debian:12\nRUN gosu app make',
    'FROM debian:12\nCMD ["sudo", "x"]',
    // exec runs nothing past an option it does not have, and `-a` takes the name to give the command.
    'FROM debian:12\nRUN exec -x sudo make install',
    'FROM debian:12\nRUN exec -a sudo make install',
    // A heredoc written to a file is data, even beside one a shell runs.
    'FROM debian:12\nRUN bash <<EOF && cat <<CONF > /etc/motd\necho hi\nEOF\nsudo is not run here\nCONF',
    // A lone heredoc with a #! line for another interpreter is not a shell script.
    'FROM debian:12\nRUN <<EOF\n#!/usr/bin/env python3\nsudo = 1\nEOF',
  ],
  invalid: [
    { code: 'FROM debian:12\nRUN exec -a x sudo make install', errors: [{ message, line: 2, text: 'sudo' }] },
    { code: 'FROM debian:12\nRUN exec -la x sudo make install', errors: [{ text: 'sudo' }] },
    { code: 'FROM debian:12\nRUN exec -- sudo make install', errors: [{ text: 'sudo' }] },
    { code: 'FROM debian:12\nRUN /usr/bin/sudo make install', errors: [{ text: '/usr/bin/sudo' }] },
    { code: 'FROM debian:12\nRUN sudo apt-get update', errors: [{ message, line: 2, text: 'sudo' }] },
    { code: 'FROM debian:12\nRUN apt-get update && sudo apt-get install -y curl', errors: [{ message, text: 'sudo' }] },
    { code: 'FROM debian:12\nRUN apt-get update \\\n && sudo make install', errors: [{ line: 3, text: 'sudo' }] },
    { code: 'FROM debian:12\nRUN <<EOF\nset -e\nsudo make install\nEOF\n', errors: [{ line: 4, text: 'sudo' }] },
    { code: 'FROM debian:12\nRUN cat <<CONF > /etc/motd && bash <<EOF\nsudo is data\nCONF\nsudo make install\nEOF', errors: [{ line: 5, text: 'sudo' }] },
    { code: 'FROM debian:12\nONBUILD RUN sudo make', errors: [{ line: 2, text: 'sudo' }] },
    { code: 'FROM debian:12\nRUN ["sudo", "make"]', errors: [{ line: 2, text: '"sudo"' }] },
  ],
});
