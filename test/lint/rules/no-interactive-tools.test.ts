import { noInteractiveTools } from '../../../src/lint/rules/no-interactive-tools.js';
import { testRule } from '../rule-tester.js';

const message =
  'For some bash commands it makes no sense running them in a Docker container like `ssh`, `vim`, `shutdown`, `service`, `ps`, `free`, `top`, `kill`, `mount`, `ifconfig`';

testRule(noInteractiveTools, {
  valid: [
    // A program is known by its name as written, as hadolint knows it: not behind sudo, nor by its path.
    'FROM debian:12\nRUN sudo kill -9 1',
    'FROM debian:12\nRUN /bin/ps aux',
    'FROM debian:12\nRUN apt-get install -y vim',
    'FROM debian:12\nRUN echo top',
    'FROM debian:12\nRUN ifconfig',
    'FROM debian:12\nRUN apt-get install -y openssh-server && mkdir /run/sshd',
  ],
  invalid: [
    { code: 'FROM debian:12\nRUN top', errors: [{ message, line: 2, text: 'top' }] },
    { code: 'FROM debian:12\nRUN apt-get update && service nginx start', errors: [{ message, text: 'service' }] },
    { code: 'FROM debian:12\nRUN make \\\n && vim x', errors: [{ line: 3, text: 'vim' }] },
    { code: 'FROM debian:12\nRUN <<EOF\nps aux\nEOF\n', errors: [{ line: 3, text: 'ps' }] },
    { code: 'FROM debian:12\nONBUILD RUN mount /dev/sda1 /mnt', errors: [{ line: 2, text: 'mount' }] },
  ],
});
