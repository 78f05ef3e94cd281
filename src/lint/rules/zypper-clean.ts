import { commandName } from '../shell/index.js';
import type { RuleModule } from '../types.js';
import { hasCacheMount } from './apt-get-assume-yes.js';
import { installsWithoutCleanup, removesDir, reportMissingCleanups } from './yum-clean-all.js';
import { zypperSubcommand } from './zypper-non-interactive.js';

export const zypperClean: RuleModule = {
  meta: {
    id: 'zypper-clean',
    hadolint: 'DL3036',
    severity: 'warning',
    category: 'performance',
    locality: 'stage',
    fixable: 'unsafe',
    docs: {
      summary: 'Run `zypper clean` after `zypper install`',
      description:
        'Flags `zypper install` / `in` in a RUN (ONBUILD triggers included) that is not followed, in the same ' +
        'RUN, by `zypper clean` / `cc` or by removing `/var/cache/zypp`. A cache or tmpfs mount on ' +
        '`/var/cache/zypp` silences it. The finding points at the subcommand.',
      rationale:
        'zypper keeps repository metadata and downloaded packages in `/var/cache/zypp`. Unless they are removed ' +
        'in the RUN that created them, the layer ships them; removing them in a later RUN does not make the ' +
        'image smaller.',
      example: 'FROM opensuse/leap:15.6\nRUN zypper -n install httpd=2.4.58',
      useInstead: 'FROM opensuse/leap:15.6\nRUN zypper -n install httpd=2.4.58 && zypper clean',
      fixSafety:
        'Appends ` && zypper clean` to the end of the RUN, so the cache goes once everything before has ' +
        'succeeded. Unsafe because a later step that relies on the cached packages finds them gone. Not offered ' +
        'for exec form, a RUN with heredocs, or a script that ends with an operator, a backslash or a comment, or ' +
        'that the shell parser cannot read whole.',
    },
  },
  create(context) {
    return {
      RUN(run) {
        if (hasCacheMount(run, '/var/cache/zypp')) return;
        const missing = installsWithoutCleanup(
          run,
          ['zypper'],
          (cmd) => zypperSubcommand(cmd, ['install', 'in']),
          (cmd) =>
            removesDir(cmd, ['/var/cache/zypp']) ||
            (commandName(cmd) === 'zypper' && zypperSubcommand(cmd, ['clean', 'cc']) !== null),
        );
        reportMissingCleanups(context, run, missing, '`zypper clean` missing after zypper use.', 'zypper clean');
      },
    };
  },
};
