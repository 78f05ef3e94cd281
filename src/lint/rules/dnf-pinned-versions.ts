import type { RuleModule } from '../types.js';
import { packageCommands, wordRange } from './apt-get-assume-yes.js';
import { unpinnedRpmPackages } from './yum-pinned-versions.js';

export const dnfPinnedVersions: RuleModule = {
  meta: {
    id: 'dnf-pinned-versions',
    hadolint: 'DL3041',
    severity: 'warning',
    category: 'reproducibility',
    locality: 'stage',
    docs: {
      summary: 'Pin package versions in `dnf install`',
      description:
        'Flags each package of a `dnf` / `microdnf` `install` in a RUN (ONBUILD triggers included) given ' +
        'without `-<version>`, and each module of `module install` given without `:<stream>`. `.rpm` files ' +
        'are exempt; ARG and ENV values known at the RUN are substituted first, and a version taken from a ' +
        'variable (`git-${GIT_VERSION}`) counts as pinned. The finding points at the package.',
      rationale:
        'An unpinned package installs whatever version the repository has on the day of the build, so two ' +
        'builds of the same Dockerfile can ship different software.',
      example: 'FROM fedora:40\nRUN dnf install -y httpd && dnf clean all',
      useInstead: 'FROM fedora:40\nRUN dnf install -y httpd-2.4.62 && dnf clean all',
    },
  },
  create(context) {
    return {
      RUN(run, scope) {
        for (const { script, cmd } of packageCommands(run, ['dnf', 'microdnf'])) {
          for (const pkg of unpinnedRpmPackages(cmd, scope)) {
            context.report({
              message: 'Specify version with `dnf install -y <package>-<version>`.',
              range: wordRange(script, pkg),
            });
          }
        }
      },
    };
  },
};
