import type { Dockerfile, Instruction } from '../../parser/index.js';
import { positionalArgs, type ShellWord, type SimpleCommand } from '../shell/index.js';
import type { InstructionScope, RuleContext, RuleModule, RuleVisitor } from '../types.js';
import { hadolintCommands, wordRange } from './apt-get-assume-yes.js';
import { RPM_OPTIONS_WITH_VALUE, rpmAssumesNo } from './yum-clean-all.js';

/**
 * Variables a package's version may come from, as hadolint counts them: an ENV of the RUN's stage (or of
 * the stage it is built on) and an ARG declared anywhere before the RUN, in any stage. An ONBUILD trigger
 * counts only the ENV and ARG triggers before it.
 */
class VersionVariables {
  /** The offset of the first ARG instruction declaring each name. */
  private readonly args = new Map<string, number>();
  /** The offset of the first ONBUILD ENV or ARG trigger declaring each name. */
  private readonly triggers = new Map<string, number>();

  constructor(ast: Dockerfile) {
    for (const instruction of ast.instructions) {
      const offset = instruction.range.start.offset;
      if (instruction.kind === 'ARG') declare(this.args, instruction, offset);
      else if (instruction.kind === 'ONBUILD' && instruction.trigger) declare(this.triggers, instruction.trigger, offset);
    }
  }

  /** Whether `name` may set a version at the RUN starting at `offset`. */
  defines(name: string, scope: InstructionScope, offset: number): boolean {
    if (scope.inOnbuild) return (this.triggers.get(name) ?? Infinity) < offset;
    return scope.env.has(name) || (this.args.get(name) ?? Infinity) < offset;
  }
}

function declare(names: Map<string, number>, instruction: Instruction, offset: number): void {
  const declared =
    instruction.kind === 'ARG'
      ? instruction.declarations.map((declaration) => declaration.name.value)
      : instruction.kind === 'ENV'
        ? instruction.pairs.map((pair) => pair.key.value)
        : [];
  for (const name of declared) if (!names.has(name)) names.set(name, offset);
}

/** `$NAME` and `${NAME}`: the references hadolint looks for (`${NAME:-x}` and the like are not). */
const PLAIN_REFERENCE = /\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))/g;

/** Characters a version may hold (rpm's own set: letters, digits and `.~^_:+`). */
const VERSION_PART = /^[A-Za-z0-9.~^_:+]*$/;

/**
 * `name-version`, as hadolint reads it: a `.rpm` file; or, when the word uses a variable, one that is
 * defined (`git-core-${GIT_VERSION}`); otherwise every dash-separated part after the first is made of version
 * characters and one of them starts with a digit (`java-1.8.0-openjdk`, `httpd-2.4.6`; not `rpm-sign`). A word
 * without a dash is never pinned, whatever a variable in it holds.
 */
function isPinnedPackage(pkg: string, defines: (name: string) => boolean): boolean {
  const parts = pkg.split('-');
  if (parts.length <= 1) return false;
  if (pkg.endsWith('.rpm')) return true;
  if (pkg.includes('$')) {
    for (const match of pkg.matchAll(PLAIN_REFERENCE)) if (defines(match[1] ?? match[2]!)) return true;
    return false;
  }
  const version = parts.slice(1);
  return version.every((part) => VERSION_PART.test(part)) && version.some((part) => /^\d/.test(part));
}

/** A module needs its stream: `nodejs:20`. */
function isPinnedModule(module: string): boolean {
  return module.includes(':');
}

/** The words of `install` / `module install` that lack a version, for yum or dnf; none with `--assumeno`. */
function unpinnedRpmPackages(cmd: SimpleCommand, defines: (name: string) => boolean): ShellWord[] {
  if (rpmAssumesNo(cmd)) return [];
  const operands = positionalArgs(cmd, RPM_OPTIONS_WITH_VALUE);
  const [first, second] = operands;
  if (first?.value === 'install') {
    return operands.slice(1).filter((word) => !isPinnedPackage(word.value, defines));
  }
  if (first?.value === 'module' && second?.value === 'install') {
    return operands.slice(2).filter((word) => !isPinnedModule(word.value));
  }
  return [];
}

/** The visitor of DL3033 and DL3041: each unversioned package of `programs`' installs, reported at the package. */
export function unpinnedRpmVisitor(context: RuleContext, programs: string | readonly string[], message: string): RuleVisitor {
  let variables: VersionVariables | null = null;
  return {
    RUN(run, scope) {
      const commands = hadolintCommands(run, programs);
      if (commands.length === 0) return;
      variables ??= new VersionVariables(context.ast);
      const defines = (name: string): boolean => variables!.defines(name, scope, run.range.start.offset);
      for (const { script, cmd } of commands) {
        for (const pkg of unpinnedRpmPackages(cmd, defines)) context.report({ message, range: wordRange(script, pkg) });
      }
    },
  };
}

export const yumPinnedVersions: RuleModule = {
  meta: {
    id: 'yum-pinned-versions',
    hadolint: 'DL3033',
    severity: 'warning',
    category: 'reproducibility',
    docs: {
      summary: 'Pin package versions in `yum install`',
      description:
        'Flags each package of a `yum install` in a RUN (ONBUILD triggers included) given without ' +
        '`-<version>`, and each module of `yum module install` given without `:<stream>`. `.rpm` files are ' +
        'exempt. A version taken from a variable (`git-${GIT_VERSION}`) counts as pinned when, as hadolint ' +
        'has it, the variable is an ENV of the stage (or of the stage it is built on) or an ARG declared ' +
        'anywhere before the RUN; in an ONBUILD trigger, an ENV or ARG trigger before it. An install with ' +
        '`--assumeno` installs nothing and is left alone. The finding points at the package.',
      rationale:
        'An unpinned package installs whatever version the repository has on the day of the build, so two ' +
        'builds of the same Dockerfile can ship different software.',
      example: 'FROM centos:7\nRUN yum install -y httpd && yum clean all',
      useInstead: 'FROM centos:7\nRUN yum install -y httpd-2.4.6 && yum clean all',
    },
  },
  create: (context) => unpinnedRpmVisitor(context, 'yum', 'Specify version with `yum install -y <package>-<version>`.'),
};
