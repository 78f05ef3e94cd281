import { positionalArgs } from '../shell/index.js';
import type { RuleModule } from '../types.js';
import { APT_GET_OPTIONS_WITH_VALUE, aptGetSimulates, hadolintCommands, wordRange } from './apt-get-assume-yes.js';

/**
 * Pinned: `pkg=version`. Also accepted: anything with a `/` (a local `.deb` path or `pkg/release`, where the
 * release decides the version) and `.deb` files.
 */
function isPinned(pkg: string): boolean {
  return pkg.includes('=') || pkg.includes('/') || pkg.endsWith('.deb');
}

export const aptGetPinnedVersions: RuleModule = {
  meta: {
    id: 'apt-get-pinned-versions',
    hadolint: 'DL3008',
    severity: 'warning',
    category: 'reproducibility',
    locality: 'stage',
    docs: {
      summary: 'Pin package versions in `apt-get install`',
      description:
        'Flags each package of an `apt-get install` in a RUN (ONBUILD triggers included) that is given without ' +
        '`=<version>`. Local `.deb` files and paths are not packages to pin, and the value of `-t` / ' +
        '`--target-release` is not a package. A simulated install (`-s`, `--simulate`, `--just-print`, ' +
        '`--dry-run`, `--recon`, `--no-act`) installs nothing and is left alone. The finding points at the package.',
      rationale:
        'An unpinned package installs whatever version the mirror has on the day of the build, so two builds of ' +
        'the same Dockerfile can ship different software, and an upstream change can break the image without ' +
        'any change to the Dockerfile.',
      example: 'FROM debian:12\nRUN apt-get install -y --no-install-recommends curl',
      useInstead: 'FROM debian:12\nRUN apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u5',
    },
  },
  create(context) {
    return {
      RUN(run) {
        for (const { script, cmd } of hadolintCommands(run, 'apt-get')) {
          const [sub, ...packages] = positionalArgs(cmd, APT_GET_OPTIONS_WITH_VALUE);
          if (sub?.value !== 'install' || aptGetSimulates(cmd)) continue;
          for (const pkg of packages) {
            if (isPinned(pkg.value)) continue;
            context.report({
              message:
                'Pin versions in apt get install. Instead of `apt-get install <package>` use `apt-get install <package>=<version>`',
              range: wordRange(script, pkg),
            });
          }
        }
      },
    };
  },
};
