import { runScripts } from '../run-script.js';
import { commandsNamed } from '../shell/index.js';
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
          for (const cmd of commandsNamed(run.script, 'sudo')) {
            if (cmd.name === null) continue;
            context.report({
              message: 'Do not use sudo as it leads to unpredictable behavior. Use a tool like gosu to enforce root',
              range: run.rangeOf(cmd.name.start, cmd.name.end),
            });
          }
        }
      },
    };
  },
};
