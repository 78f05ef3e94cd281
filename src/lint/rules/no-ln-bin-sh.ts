import { hadolintCommands } from './apt-get-assume-yes.js';
import type { RuleModule } from '../types.js';

export const noLnBinSh: RuleModule = {
  meta: {
    id: 'no-ln-bin-sh',
    hadolint: 'DL4005',
    severity: 'warning',
    category: 'maintainability',
    locality: 'stage',
    docs: {
      summary: 'Use SHELL instead of linking /bin/sh',
      description: 'Flags `ln` in a `RUN` whose arguments include `/bin/sh`; the program is known by its name as written, as ' +
        'hadolint knows it (through `command` and `exec`, not behind `sudo` or by its path).',
      rationale:
        'Replacing /bin/sh changes the shell of every program in the image, not only of the build, and hides ' +
        'the change in a RUN. The SHELL instruction switches the shell the following RUNs use, visibly and ' +
        'without touching the system.',
      example: 'FROM debian:12\nRUN ln -sf /bin/bash /bin/sh',
      useInstead: 'FROM debian:12\nSHELL ["/bin/bash", "-c"]',
    },
  },
  create(context) {
    return {
      RUN(node) {
        for (const { script: run, cmd } of hadolintCommands(node, 'ln')) {
          for (const arg of cmd.args) {
            if (arg.value !== '/bin/sh') continue;
            context.report({ message: 'Use SHELL to change the default shell', range: run.rangeOf(arg.start, arg.end) });
          }
        }
      },
    };
  },
};
