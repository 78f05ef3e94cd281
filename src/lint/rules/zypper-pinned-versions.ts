import { positionalArgs } from '../shell/index.js';
import type { RuleModule } from '../types.js';
import { hadolintCommands, wordRange } from './apt-get-assume-yes.js';
import { ZYPPER_OPTIONS_WITH_VALUE } from './zypper-non-interactive.js';

/** `pkg=1.2`, `pkg>=1.2`, `pkg<2` constrain the version; `.rpm` files are exact already. */
function isPinned(pkg: string): boolean {
  return /[=<>]/.test(pkg) || pkg.endsWith('.rpm');
}

export const zypperPinnedVersions: RuleModule = {
  meta: {
    id: 'zypper-pinned-versions',
    hadolint: 'DL3037',
    severity: 'warning',
    category: 'reproducibility',
    locality: 'stage',
    docs: {
      summary: 'Pin package versions in `zypper install`',
      description:
        'Flags each package of a `zypper install` / `in` in a RUN (ONBUILD triggers included) given without a ' +
        'version constraint (`=`, `>=`, `>`, `<=`, `<`). `.rpm` files are exempt. The finding points at the ' +
        'package.',
      rationale:
        'An unpinned package installs whatever version the repository has on the day of the build, so two ' +
        'builds of the same Dockerfile can ship different software.',
      example: 'FROM opensuse/leap:15.6\nRUN zypper -n install httpd && zypper clean',
      useInstead: 'FROM opensuse/leap:15.6\nRUN zypper -n install httpd=2.4.58 && zypper clean',
    },
  },
  create(context) {
    return {
      RUN(run) {
        for (const { script, cmd } of hadolintCommands(run, 'zypper')) {
          const [sub, ...packages] = positionalArgs(cmd, ZYPPER_OPTIONS_WITH_VALUE);
          if (sub?.value !== 'install' && sub?.value !== 'in') continue;
          for (const pkg of packages) {
            if (isPinned(pkg.value)) continue;
            context.report({
              message: 'Specify version with `zypper install -y <package>=<version>`.',
              range: wordRange(script, pkg),
            });
          }
        }
      },
    };
  },
};
