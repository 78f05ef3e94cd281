import { programWords } from '../program-word.js';
import { runScripts } from '../run-script.js';
import type { RuleModule } from '../types.js';

export const noSudo: RuleModule = {
  meta: {
    id: 'no-sudo',
    hadolint: 'DL3004',
    severity: 'error',
    category: 'security',
    locality: 'stage',
    docs: {
      summary: 'Do not use sudo in RUN',
      description: 'Flags `sudo` used as a command in a `RUN` (nested `sh -c` scripts and heredoc scripts included).',
      rationale:
        'A build step already runs as the current USER, normally root, so sudo adds nothing but a dependency on ' +
        'its configuration: a TTY requirement, a password prompt or a missing sudoers entry makes the build fail ' +
        'or behave differently between images. To drop privileges at run time use a tool such as gosu or su-exec.',
      example: 'FROM debian:12\nRUN sudo apt-get update',
      useInstead: 'FROM debian:12\nRUN apt-get update',
    },
  },
  create(context) {
    return {
      RUN(node) {
        for (const run of runScripts(node)) {
          for (const word of programWords(run.script, 'sudo')) {
            context.report({
              message: 'Do not use sudo as it leads to unpredictable behavior. Use a tool like gosu to enforce root',
              range: run.rangeOf(word.start, word.end),
            });
          }
        }
      },
    };
  },
};
