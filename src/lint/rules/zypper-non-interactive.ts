import { hasFlag, positionalArgs, type ShellWord, type SimpleCommand } from '../shell/index.js';
import type { RuleModule } from '../types.js';
import { insertAfter, hadolintCommands, wordRange } from './apt-get-assume-yes.js';

/** zypper options, global and of install/remove, that take the next word as their value. */
export const ZYPPER_OPTIONS_WITH_VALUE: readonly string[] = [
  '-R',
  '--root',
  '-c',
  '--config',
  '-D',
  '--reposd-dir',
  '-C',
  '--cache-dir',
  '--raw-cache-dir',
  '--solv-cache-dir',
  '--pkg-cache-dir',
  '--userdata',
  '-p',
  '--plus-repo',
  '--plus-content',
  '-t',
  '--type',
  '-r',
  '--repo',
  '--from',
];

/** The zypper subcommand word when it is one of `names`. */
export function zypperSubcommand(cmd: SimpleCommand, names: readonly string[]): ShellWord | null {
  const first = positionalArgs(cmd, ZYPPER_OPTIONS_WITH_VALUE)[0];
  return first !== undefined && names.includes(first.value) ? first : null;
}

export const zypperNonInteractive: RuleModule = {
  meta: {
    id: 'zypper-non-interactive',
    hadolint: 'DL3034',
    severity: 'warning',
    category: 'correctness',
    locality: 'stage',
    fixable: 'safe',
    docs: {
      summary: 'Run `zypper` non-interactively',
      description:
        'Flags `zypper install`, `remove`, `patch` and `source-install` (and their short forms `in`, `rm`, ' +
        '`si`) in a RUN (ONBUILD triggers included) without `-n` / `--non-interactive`, `-y` or ' +
        '`--no-confirm`. The finding points at the subcommand.',
      rationale:
        'A build has no terminal to answer prompts: an interactive zypper asks to confirm the transaction and ' +
        'the build fails or hangs.',
      example: 'FROM opensuse/leap:15.6\nRUN zypper install httpd=2.4.58 && zypper clean',
      useInstead: 'FROM opensuse/leap:15.6\nRUN zypper -n install httpd=2.4.58 && zypper clean',
      fixSafety:
        'Inserts the global option ` -n` right after `zypper`, which every subcommand accepts. The only change ' +
        'is that zypper takes the default answers instead of prompting; it is not offered for exec form or ' +
        'when the word is split by a line continuation.',
    },
  },
  create(context) {
    return {
      RUN(run) {
        for (const { script, cmd } of hadolintCommands(run, 'zypper')) {
          const sub = zypperSubcommand(cmd, ['install', 'in', 'remove', 'rm', 'source-install', 'si', 'patch']);
          if (sub === null || cmd.name === null) continue;
          if (hasFlag(cmd, ['-n', '--non-interactive', '-y', '--no-confirm'], ZYPPER_OPTIONS_WITH_VALUE)) continue;
          const fix = insertAfter(context.text, script, cmd.name, ' -n', 'Add -n');
          context.report({
            message: 'Non-interactive switch missing from `zypper` command: `zypper install -y`',
            range: wordRange(script, sub),
            ...(fix ? { fix } : {}),
          });
        }
      },
    };
  },
};
