import type { RuleModule } from '../types.js';
import { hadolintCommands, wordRange } from './apt-get-assume-yes.js';
import { zypperSubcommand } from './zypper-non-interactive.js';

export const noZypperDistUpgrade: RuleModule = {
  meta: {
    id: 'no-zypper-dist-upgrade',
    hadolint: 'DL3035',
    severity: 'warning',
    category: 'reproducibility',
    locality: 'stage',
    docs: {
      summary: 'Do not run `zypper dist-upgrade` in a build',
      description:
        'Flags `zypper dist-upgrade` and `zypper dup` in a RUN (ONBUILD triggers included), zypper found by its ' +
        'name as written: not by a path, behind `sudo` or `env`, or inside `sh -c`, but through `command` and ' +
        '`exec`. The finding points at the subcommand.',
      rationale:
        'A distribution upgrade replaces the base image\'s packages with whatever the repositories hold on the ' +
        'day of the build, possibly a new release: the image no longer matches the tag it is built from and ' +
        'two builds can differ widely. Use a newer base image instead, and update single packages if needed.',
      example: 'FROM opensuse/leap:15.5\nRUN zypper -n dist-upgrade',
      useInstead: 'FROM opensuse/leap:15.6',
    },
  },
  create(context) {
    return {
      RUN(run) {
        for (const { script, cmd } of hadolintCommands(run, 'zypper')) {
          const sub = zypperSubcommand(cmd, ['dist-upgrade', 'dup']);
          if (sub === null) continue;
          context.report({ message: 'Do not use `zypper dist-upgrade`.', range: wordRange(script, sub) });
        }
      },
    };
  },
};
