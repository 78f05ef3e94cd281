import { insertAfter, hadolintCommands } from './apt-get-assume-yes.js';
import { hasFlag } from '../shell/index.js';
import type { RuleModule, StageInfo } from '../types.js';
import { rootStageOf } from '../scope.js';

/** Short options of wget that take the next word, so their values are not read as flags. */
const WITH_VALUE: readonly string[] = ['-O', '-P', '-e', '-t', '-T', '-w', '-Q', '-U', '-l', '-A', '-R', '-D', '-I', '-X', '-B', '-i'];

/**
 * Whether the stage is built, directly or through the stages it builds on, on an Alpine or BusyBox image,
 * whose `wget` is BusyBox's unless GNU wget is installed.
 */
function onBusyboxImage(stage: StageInfo | null): boolean {
  if (stage === null) return false;
  return /alpine|busybox/i.test(rootStageOf(stage).baseImage);
}

export const wgetProgress: RuleModule = {
  meta: {
    id: 'wget-progress',
    hadolint: 'DL3047',
    severity: 'info',
    category: 'maintainability',
    locality: 'stage',
    fixable: 'unsafe',
    docs: {
      summary: 'Give wget a progress style or quiet it',
      description:
        'Flags `wget` without `--progress`, `-q`/`--quiet`, `-nv`/`--no-verbose`, `-o`/`--output-file` or ' +
        '`-a`/`--append-output`. The program is known by its name as written, as hadolint knows it (through ' +
        '`command`, `exec` and `busybox`, not behind `sudo` or by its path).',
      rationale:
        'Without a terminal wget falls back to its dot progress indicator, which prints a line for every few ' +
        'kilobytes: a large download fills the build log with thousands of lines. `--progress=dot:giga` keeps ' +
        'a little progress, `-nv` or `-q` keep it silent.',
      example: 'FROM debian:12\nRUN wget https://example.com/big.tar.gz',
      useInstead: 'FROM debian:12\nRUN wget --progress=dot:giga https://example.com/big.tar.gz',
      fixSafety:
        'Inserts ` --progress=dot:giga` after `wget`, which only changes what GNU wget prints. Unsafe because ' +
        'the wget of BusyBox (the one Alpine and other small images have unless they install GNU wget) does not ' +
        'know the option and fails the step; so it is not offered in a stage built on an image whose name ' +
        'says Alpine or BusyBox, nor for `busybox wget`, but an image of another name may still have that ' +
        'wget. Not offered for exec form, or where the word in the ' +
        'Dockerfile differs from what the shell reads (split by a line continuation, or escaped inside a ' +
        '`sh -c` string).',
    },
  },
  create(context) {
    return {
      RUN(node, scope) {
        const busyboxImage = onBusyboxImage(scope.stage);
        for (const { script: run, cmd } of hadolintCommands(node, 'wget')) {
          if (cmd.name === null) continue;
          // `-nv` is one option of wget, not a cluster, so it is compared whole.
          if (cmd.args.some((a) => a.value === '-nv' || a.value === '--progress' || a.value.startsWith('--progress='))) continue;
          if (hasFlag(cmd, ['-q', '--quiet', '--no-verbose', '-o', '--output-file', '-a', '--append-output'], WITH_VALUE)) continue;
          // `busybox wget` is BusyBox's own wget, which refuses the option: no fix is offered there.
          const viaBusybox = busyboxImage || /(?:^|[\s/])busybox\s/.test(run.text.slice(cmd.start, cmd.name.start));
          const fix = viaBusybox
            ? undefined
            : insertAfter(context.text, run, cmd.name, ' --progress=dot:giga', 'Add --progress=dot:giga');
          context.report({
            message:
              'Avoid use of wget without progress bar. Use `wget --progress=dot:giga <url>`. Or consider using ' +
              '`-q` or `-nv` (shorthands for `--quiet` or `--no-verbose`).',
            range: run.rangeOf(cmd.name.start, cmd.name.end),
            ...(fix ? { fix: { ...fix, safety: 'unsafe' as const } } : {}),
          });
        }
      },
    };
  },
};
