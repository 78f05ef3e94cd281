import { runScripts } from '../run-script.js';
import { commandsNamed, hasFlag } from '../shell/index.js';
import type { RuleModule } from '../types.js';

/** Short options of wget that take the next word, so their values are not read as flags. */
const WITH_VALUE: readonly string[] = ['-O', '-P', '-e', '-t', '-T', '-w', '-Q', '-U', '-l', '-A', '-R', '-D', '-I', '-X', '-B', '-i'];

export const wgetProgress: RuleModule = {
  meta: {
    id: 'wget-progress',
    hadolint: 'DL3047',
    severity: 'info',
    category: 'maintainability',
    locality: 'stage',
    docs: {
      summary: 'Give wget a progress style or quiet it',
      description:
        'Flags `wget` without `--progress`, `-q`/`--quiet`, `-nv`/`--no-verbose`, `-o`/`--output-file` or ' +
        '`-a`/`--append-output`.',
      rationale:
        'Without a terminal wget falls back to its dot progress indicator, which prints a line for every few ' +
        'kilobytes: a large download fills the build log with thousands of lines. `--progress=dot:giga` keeps ' +
        'a little progress, `-nv` or `-q` keep it silent.',
      example: 'FROM debian:12\nRUN wget https://example.com/big.tar.gz',
      useInstead: 'FROM debian:12\nRUN wget --progress=dot:giga https://example.com/big.tar.gz',
    },
  },
  create(context) {
    return {
      RUN(node) {
        for (const run of runScripts(node)) {
          for (const cmd of commandsNamed(run.script, 'wget', { unwrap: true })) {
            if (cmd.name === null) continue;
            // `-nv` is one option of wget, not a cluster, so it is compared whole.
            if (cmd.args.some((a) => a.value === '-nv' || a.value === '--progress' || a.value.startsWith('--progress='))) continue;
            if (hasFlag(cmd, ['-q', '--quiet', '--no-verbose', '-o', '--output-file', '-a', '--append-output'], WITH_VALUE)) continue;
            context.report({
              message:
                'Avoid use of wget without progress bar. Use `wget --progress=dot:giga <url>`. Or consider using ' +
                '`-q` or `-nv` (shorthands for `--quiet` or `--no-verbose`).',
              range: run.rangeOf(cmd.name.start, cmd.name.end),
            });
          }
        }
      },
    };
  },
};
