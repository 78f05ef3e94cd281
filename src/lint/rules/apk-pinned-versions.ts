import { hasFlag, positionalArgs } from '../shell/index.js';
import type { RuleModule } from '../types.js';
import { hadolintCommands, wordRange } from './apt-get-assume-yes.js';

/** apk options that take the next word as their value. */
export const APK_OPTIONS_WITH_VALUE: readonly string[] = [
  '-t',
  '--virtual',
  '-X',
  '--repository',
  '-p',
  '--root',
  '--repositories-file',
  '--keys-dir',
  '--cache-dir',
  '--arch',
];

/** apk's global `--simulate`: it then only prints what it would do, changing and downloading nothing. */
export const APK_SIMULATE_OPTIONS: readonly string[] = ['-s', '--simulate'];

/** `pkg=1.2`, `pkg~1.2`, `pkg>1.2`, `pkg<2` constrain the version; `.apk` files are exact already. */
function isPinned(pkg: string): boolean {
  return /[=~<>]/.test(pkg) || pkg.endsWith('.apk');
}

export const apkPinnedVersions: RuleModule = {
  meta: {
    id: 'apk-pinned-versions',
    hadolint: 'DL3018',
    severity: 'warning',
    category: 'reproducibility',
    locality: 'stage',
    docs: {
      summary: 'Pin package versions in `apk add`',
      description:
        'Flags each package of an `apk add` in a RUN (ONBUILD triggers included) that has no version ' +
        'constraint (`=`, `~`, `>`, `<`). `.apk` files are exempt, and the values of `-t` / `--virtual`, ' +
        '`-X` / `--repository` are not packages. A simulated add (`-s`, `--simulate`) installs nothing and is ' +
        'left alone. The finding points at the package.',
      rationale:
        'An unpinned package installs whatever version the repository has on the day of the build, so two ' +
        'builds of the same Dockerfile can ship different software.',
      example: 'FROM alpine:3.19\nRUN apk add --no-cache curl',
      useInstead: 'FROM alpine:3.19\nRUN apk add --no-cache curl=8.5.0-r0',
    },
  },
  create(context) {
    return {
      RUN(run) {
        for (const { script, cmd } of hadolintCommands(run, 'apk')) {
          const [sub, ...packages] = positionalArgs(cmd, APK_OPTIONS_WITH_VALUE);
          if (sub?.value !== 'add' || hasFlag(cmd, APK_SIMULATE_OPTIONS, APK_OPTIONS_WITH_VALUE)) continue;
          for (const pkg of packages) {
            if (isPinned(pkg.value)) continue;
            context.report({
              message: 'Pin versions in apk add. Instead of `apk add <package>` use `apk add <package>=<version>`',
              range: wordRange(script, pkg),
            });
          }
        }
      },
    };
  },
};
