import type { RunInstruction } from '../../parser/index.js';
import { commandName, hasFlag, positionalArgs, type ShellWord, type SimpleCommand } from '../shell/index.js';
import { appendToRun } from '../append-to-run.js';
import type { RuleContext, RuleModule } from '../types.js';
import { hadolintCommands, runsAnyOf, wordRange, type ScriptCommand } from './apt-get-assume-yes.js';

/** yum and dnf options that take the next word as their value (long ones also accept `--opt=value`). */
export const RPM_OPTIONS_WITH_VALUE: readonly string[] = [
  '-c',
  '-d',
  '-e',
  '-R',
  '-x',
  '--config',
  '--installroot',
  '--releasever',
  '--enablerepo',
  '--disablerepo',
  '--exclude',
  '--setopt',
  '--repo',
  '--repoid',
  '--disableplugin',
  '--enableplugin',
  '--forcearch',
  '--downloaddir',
  '--destdir',
  '--repofrompath',
];

/**
 * yum's and dnf's `--assumeno`: every question is answered no, so an install never prompts and only shows the
 * transaction it would run.
 */
export function rpmAssumesNo(cmd: SimpleCommand): boolean {
  return hasFlag(cmd, ['--assumeno'], RPM_OPTIONS_WITH_VALUE);
}

/** yum's and dnf's commands that take a subcommand of their own: `yum groups install`, `dnf module install`. */
const COMMAND_GROUPS: ReadonlySet<string> = new Set(['group', 'groups', 'module']);

/**
 * The subcommand word when it is one of `names`, also after `group` / `groups` / `module` when `grouped`
 * (a group or module install downloads packages and prompts as a package install does).
 */
export function subcommandIn(
  cmd: SimpleCommand,
  names: readonly string[],
  optionsWithValue: readonly string[] = RPM_OPTIONS_WITH_VALUE,
  grouped = false,
): ShellWord | null {
  const operands = positionalArgs(cmd, optionsWithValue);
  let first = operands[0];
  if (grouped && first !== undefined && COMMAND_GROUPS.has(first.value)) first = operands[1];
  return first !== undefined && names.includes(first.value) ? first : null;
}

/** `rm` of something inside one of `dirs`. */
export function removesDir(cmd: SimpleCommand, dirs: readonly string[]): boolean {
  if (commandName(cmd) !== 'rm') return false;
  return positionalArgs(cmd).some((word) => dirs.some((dir) => word.value === dir || word.value.startsWith(dir)));
}

/**
 * The installing commands of a RUN that no cleaning command follows. Commands are taken in source order
 * across the RUN's scripts (command, then heredocs), so a clean before the install does not count.
 */
export function installsWithoutCleanup(
  run: RunInstruction,
  names: readonly string[],
  installWord: (cmd: SimpleCommand) => ShellWord | null,
  isCleanup: (cmd: SimpleCommand, installName: string) => boolean,
): { readonly command: ScriptCommand; readonly word: ShellWord }[] {
  // Most RUNs run none of these programs: nothing is gathered for them.
  if (!runsAnyOf(run, names)) return [];
  const commands = hadolintCommands(run, [...names, 'rm']);
  const missing: { command: ScriptCommand; word: ShellWord }[] = [];
  commands.forEach((command, index) => {
    const name = commandName(command.cmd);
    if (name === null || !names.includes(name)) return;
    const word = installWord(command.cmd);
    if (word === null) return;
    if (commands.slice(index + 1).some((later) => isCleanup(later.cmd, name))) return;
    missing.push({ command, word });
  });
  return missing;
}

/** An install no cleaning command follows, as `installsWithoutCleanup` finds them. */
export type MissingCleanup = ReturnType<typeof installsWithoutCleanup>[number];

/**
 * Reports each install no cleanup follows; the first report carries the fix that appends `cleanup` to the end of
 * the RUN (one fix a RUN: the same cleanup would be appended for each install, and one pass has to be final).
 */
export function reportMissingCleanups(
  context: RuleContext,
  run: RunInstruction,
  missing: readonly MissingCleanup[],
  message: string,
  cleanup: string,
): void {
  missing.forEach(({ command, word }, index) => {
    const fix = index === 0 ? appendToRun(run, cleanup, 'Clean the package cache') : undefined;
    context.report({ message, range: wordRange(command.script, word), ...(fix ? { fix } : {}) });
  });
}

export const yumCleanAll: RuleModule = {
  meta: {
    id: 'yum-clean-all',
    hadolint: 'DL3032',
    severity: 'warning',
    category: 'performance',
    locality: 'stage',
    fixable: 'unsafe',
    docs: {
      summary: 'Run `yum clean all` after `yum install`',
      description:
        'Flags `yum install` in a RUN (ONBUILD triggers included) that is not followed, in the same RUN, by ' +
        '`yum clean all` or by removing `/var/cache/yum`. The finding points at `install`.',
      rationale:
        'yum keeps repository metadata and downloaded packages in `/var/cache/yum`. Unless they are removed in ' +
        'the RUN that created them, the layer ships them; removing them in a later RUN does not make the image ' +
        'smaller.',
      example: 'FROM centos:7\nRUN yum install -y httpd-2.4.6',
      useInstead: 'FROM centos:7\nRUN yum install -y httpd-2.4.6 && yum clean all',
      fixSafety:
        'Appends ` && yum clean all` to the end of the RUN, so the cache goes once everything before has ' +
        'succeeded. Unsafe because a later step that works from the cache alone (`yum -C`) finds it empty. Not ' +
        'offered for exec form, a RUN with heredocs, or a script that ends with an operator, a backslash or a ' +
        'comment, or that the shell parser cannot read whole.',
    },
  },
  create(context) {
    return {
      RUN(run) {
        const missing = installsWithoutCleanup(
          run,
          ['yum'],
          (cmd) => subcommandIn(cmd, ['install'], RPM_OPTIONS_WITH_VALUE, true),
          (cmd) => {
            if (removesDir(cmd, ['/var/cache/yum'])) return true;
            if (commandName(cmd) !== 'yum') return false;
            const [clean, what] = positionalArgs(cmd, RPM_OPTIONS_WITH_VALUE);
            return clean?.value === 'clean' && what?.value === 'all';
          },
        );
        reportMissingCleanups(context, run, missing, '`yum clean all` missing after yum command.', 'yum clean all');
      },
    };
  },
};
