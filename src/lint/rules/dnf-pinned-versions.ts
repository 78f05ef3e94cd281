import type { RuleModule } from '../types.js';
import { unpinnedRpmVisitor } from './yum-pinned-versions.js';

export const dnfPinnedVersions: RuleModule = {
  meta: {
    id: 'dnf-pinned-versions',
    hadolint: 'DL3041',
    severity: 'warning',
    category: 'reproducibility',
    docs: {
      summary: 'Pin package versions in `dnf install`',
      description:
        'Flags each package of a `dnf` / `microdnf` `install` in a RUN (ONBUILD triggers included) given ' +
        'without `-<version>`, and each module of `module install` given without `:<stream>`. `.rpm` files ' +
        'are exempt. A version taken from a variable (`git-${GIT_VERSION}`) counts as pinned when, as ' +
        'hadolint has it, the variable is an ENV of the stage (or of the stage it is built on) or an ARG ' +
        'declared anywhere before the RUN; in an ONBUILD trigger, an ENV or ARG trigger before it. An install ' +
        'with `--assumeno` installs nothing and is left alone. The finding points at the package.',
      rationale:
        'An unpinned package installs whatever version the repository has on the day of the build, so two ' +
        'builds of the same Dockerfile can ship different software.',
      example: 'FROM fedora:40\nRUN dnf install -y httpd && dnf clean all',
      useInstead: 'FROM fedora:40\nRUN dnf install -y httpd-2.4.62 && dnf clean all',
    },
  },
  create: (context) =>
    unpinnedRpmVisitor(context, ['dnf', 'microdnf'], 'Specify version with `dnf install -y <package>-<version>`.'),
};
