import { positionalArgs, type ShellWord, type SimpleCommand } from '../shell/index.js';
import type { InstructionScope, RuleModule } from '../types.js';
import { packageCommands, wordRange } from './apt-get-assume-yes.js';
import { RPM_OPTIONS_WITH_VALUE } from './yum-clean-all.js';

/** `$NAME` and `${NAME}` (with or without a `${NAME:-default}` style operator). */
const VARIABLE = /\$(?:\{([A-Za-z_][A-Za-z0-9_]*)[^}]*\}|([A-Za-z_][A-Za-z0-9_]*))/g;

/** The word with the ARG and ENV values known at this instruction substituted. */
function expandKnown(value: string, scope: InstructionScope): string {
  return value.replace(VARIABLE, (whole, braced: string | undefined, bare: string | undefined) => {
    const name = braced ?? bare ?? '';
    return scope.env.get(name) ?? scope.args.get(name) ?? whole;
  });
}

/**
 * `name-version`: a dash followed by a version, which starts with a digit (`1.2`, epoch `1:1.2`) or is a
 * variable set at build time (`git-${GIT_VERSION}`). A dash inside the name alone (`rpm-sign`) is no pin.
 */
function isPinnedPackage(pkg: string): boolean {
  return /-(?:\d|\$)/.test(pkg) || pkg.endsWith('.rpm');
}

/** A module needs its stream: `nodejs:20`. */
function isPinnedModule(module: string): boolean {
  return module.includes(':');
}

/** The words of `install` / `module install` that lack a version, for yum or dnf. */
export function unpinnedRpmPackages(cmd: SimpleCommand, scope: InstructionScope): ShellWord[] {
  const operands = positionalArgs(cmd, RPM_OPTIONS_WITH_VALUE);
  const [first, second] = operands;
  if (first?.value === 'install') {
    return operands.slice(1).filter((word) => !isPinnedPackage(expandKnown(word.value, scope)));
  }
  if (first?.value === 'module' && second?.value === 'install') {
    return operands.slice(2).filter((word) => !isPinnedModule(expandKnown(word.value, scope)));
  }
  return [];
}

export const yumPinnedVersions: RuleModule = {
  meta: {
    id: 'yum-pinned-versions',
    hadolint: 'DL3033',
    severity: 'warning',
    category: 'reproducibility',
    locality: 'stage',
    docs: {
      summary: 'Pin package versions in `yum install`',
      description:
        'Flags each package of a `yum install` in a RUN (ONBUILD triggers included) given without ' +
        '`-<version>`, and each module of `yum module install` given without `:<stream>`. `.rpm` files are ' +
        'exempt; ARG and ENV values known at the RUN are substituted first, and a version taken from a ' +
        'variable (`git-${GIT_VERSION}`) counts as pinned. The finding points at the package.',
      rationale:
        'An unpinned package installs whatever version the repository has on the day of the build, so two ' +
        'builds of the same Dockerfile can ship different software.',
      example: 'FROM centos:7\nRUN yum install -y httpd && yum clean all',
      useInstead: 'FROM centos:7\nRUN yum install -y httpd-2.4.6 && yum clean all',
    },
  },
  create(context) {
    return {
      RUN(run, scope) {
        for (const { script, cmd } of packageCommands(run, 'yum')) {
          for (const pkg of unpinnedRpmPackages(cmd, scope)) {
            context.report({
              message: 'Specify version with `yum install -y <package>-<version>`.',
              range: wordRange(script, pkg),
            });
          }
        }
      },
    };
  },
};
