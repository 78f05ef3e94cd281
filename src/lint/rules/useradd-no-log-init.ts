import { insertAfter, hadolintCommands } from './apt-get-assume-yes.js';
import { hasFlag, type ShellWord } from '../shell/index.js';
import { expandWord } from '../../parser/index.js';
import { valuesInScope } from '../scope.js';
import type { InstructionScope, RuleModule } from '../types.js';

/** The UID word and where the UID starts in it (`-u123456`, `--uid=123456` carry it inline). */
function uidOf(args: readonly ShellWord[]): { word: ShellWord; from: number } | null {
  for (let i = 0; i < args.length; i++) {
    const a = (args[i] as ShellWord).value;
    if (a === '--') return null;
    // `-u` last in a cluster of short options (`-mu 123456`) takes the next word too.
    if (a === '-u' || a === '--uid' || /^-[^-]*u$/.test(a)) {
      const next = args[i + 1];
      return next === undefined ? null : { word: next, from: 0 };
    }
    if (a.startsWith('--uid=')) return { word: args[i] as ShellWord, from: '--uid='.length };
    if (/^-[^-]*u./.test(a)) return { word: args[i] as ShellWord, from: a.indexOf('u') + 1 };
  }
  return null;
}

/**
 * How many characters the UID has. A UID written with variables is measured by its value when the ARG defaults
 * and ENVs in scope give every one of them (`--uid $USER_UID` with `ARG USER_UID=1000` is four digits); otherwise
 * by its text as hadolint measures it, with each `$NAME` written `${NAME}` (`-u $UID` is six characters).
 */
function uidLength(text: string, scope: InstructionScope): number {
  if (!text.includes('$')) return text.length;
  const expanded = expandWord(text, valuesInScope(scope));
  if (expanded.ok && expanded.unmatched.size === 0) return expanded.value.length;
  return text.replace(/\$([A-Za-z_][A-Za-z0-9_]*|[0-9@*#?$!-])/g, '$${$1}').length;
}

export const useraddNoLogInit: RuleModule = {
  meta: {
    id: 'useradd-no-log-init',
    hadolint: 'DL3046',
    severity: 'warning',
    category: 'performance',
    locality: 'stage',
    fixable: 'safe',
    docs: {
      summary: 'Use useradd -l with a long UID',
      description:
        'Flags `useradd` given a UID of more than five digits without `-l`/`--no-log-init` (a UID from a variable ' +
        'is measured by the value the ARG default or ENV in scope gives it, else by its text as hadolint measures ' +
        'it); the program is known by its name as written, as hadolint knows it (through `command` and `exec`, not ' +
        'behind `sudo` or by its path).',
      rationale:
        'useradd records the new user in /var/log/lastlog and /var/log/faillog, files indexed by UID. A large ' +
        'UID makes them sparse files of gigabytes, which image layers store in full. `-l` skips the records.',
      example: 'FROM debian:12\nRUN useradd -u 1000000 app',
      useInstead: 'FROM debian:12\nRUN useradd -l -u 1000000 app',
      fixSafety:
        'Inserts ` -l` after `useradd`: the user, its groups, home and UID are created as before, only the ' +
        'lastlog and faillog records are not written. Not offered for exec form, or where the word in the ' +
        'Dockerfile differs from what the shell reads (split by a line continuation, or escaped inside a ' +
        '`sh -c` string).',
    },
  },
  create(context) {
    return {
      RUN(node, scope) {
        for (const { script: run, cmd } of hadolintCommands(node, 'useradd')) {
          const uid = uidOf(cmd.args);
          if (uid === null || uidLength(uid.word.value.slice(uid.from), scope) <= 5) continue;
          if (hasFlag(cmd, ['-l', '--no-log-init'], ['-u', '-g', '-G', '-d', '-s', '-c', '-e', '-f', '-k', '-K', '-p', '-R', '-P', '-Z', '-b'])) continue;
          const fix = cmd.name === null ? undefined : insertAfter(context.text, run, cmd.name, ' -l', 'Add -l');
          context.report({
            message: '`useradd` without flag `-l` and high UID will result in excessively large Image.',
            range: run.rangeOf(uid.word.start, uid.word.end),
            ...(fix ? { fix } : {}),
          });
        }
      },
    };
  },
};
