import { commandName, positionalArgs } from '../shell/index.js';
import type { RuleModule } from '../types.js';
import { hasCacheMount } from './apt-get-assume-yes.js';
import { installsWithoutCleanup, removesDir, reportMissingCleanups, RPM_OPTIONS_WITH_VALUE, subcommandIn } from './yum-clean-all.js';

/** Where dnf 5 (`libdnf5`), dnf 4 and yum-compatible setups keep metadata and packages. */
const CACHE_DIRS: readonly string[] = ['/var/cache/libdnf5', '/var/cache/dnf', '/var/cache/yum'];

export const dnfCleanAll: RuleModule = {
  meta: {
    id: 'dnf-clean-all',
    hadolint: 'DL3040',
    severity: 'warning',
    category: 'performance',
    locality: 'stage',
    fixable: 'unsafe',
    docs: {
      summary: 'Run `dnf clean all` after `dnf install`',
      description:
        'Flags `dnf` / `microdnf` `install`, `upgrade`, `upgrade-minimal` and `reinstall` (and their short forms) in a RUN (ONBUILD triggers included) ' +
        'that is not followed, in the same RUN, by `clean all` of the same program or by removing the dnf ' +
        'cache directory. A cache or tmpfs mount on the cache directory silences it. The finding points at ' +
        'the subcommand.',
      rationale:
        'dnf keeps repository metadata and downloaded packages in its cache directory. Unless they are removed ' +
        'in the RUN that created them, the layer ships them; removing them in a later RUN does not make the ' +
        'image smaller.',
      example: 'FROM fedora:40\nRUN dnf install -y httpd-2.4.62',
      useInstead: 'FROM fedora:40\nRUN dnf install -y httpd-2.4.62 && dnf clean all',
      fixSafety:
        'Appends ` && dnf clean all` (`microdnf clean all` after microdnf) to the end of the RUN, so the cache ' +
        'goes once everything before has succeeded. Unsafe because a later step that works from the cache alone ' +
        '(`dnf -C`, `--cacheonly`) finds it empty. Not offered for exec form, a RUN with heredocs, or a script ' +
        'that ends with an operator, a backslash or a comment, or that the shell parser cannot read whole.',
    },
  },
  create(context) {
    return {
      RUN(run) {
        if (CACHE_DIRS.some((dir) => hasCacheMount(run, dir))) return;
        const missing = installsWithoutCleanup(
          run,
          ['dnf', 'microdnf'],
          (cmd) => subcommandIn(cmd, ['install', 'in', 'upgrade', 'up', 'upgrade-minimal', 'up-min', 'reinstall', 'rei'], RPM_OPTIONS_WITH_VALUE, true),
          (cmd, installName) => {
            if (removesDir(cmd, CACHE_DIRS)) return true;
            // microdnf and dnf keep separate caches, so one's clean does not clean the other's.
            if (commandName(cmd) !== installName) return false;
            const [clean, what] = positionalArgs(cmd, RPM_OPTIONS_WITH_VALUE);
            return clean?.value === 'clean' && what?.value === 'all';
          },
        );
        // The fix cleans the cache of each program that installed: dnf and microdnf keep their own.
        const programs = [...new Set(missing.map(({ command }) => commandName(command.cmd) ?? 'dnf'))];
        const cleanup = programs.map((program) => `${program} clean all`).join(' && ');
        reportMissingCleanups(context, run, missing, '`dnf clean all` missing after dnf command.', cleanup);
      },
    };
  },
};
