import { hasFlag, positionalArgs, type ShellWord, type SimpleCommand } from '../shell/index.js';
import type { RuleModule } from '../types.js';
import { hadolintCommands } from './apt-get-assume-yes.js';

/** Options of `gem install` followed by a value. */
const WITH_VALUE: readonly string[] = ['-v', '--version', '-i', '--install-dir', '-n', '--bindir', '-s', '--source', '-P', '--trust-policy', '--platform', '-g', '--file'];

/** Options of `gem install` that take no value. */
const SWITCHES: ReadonlySet<string> = new Set([
  '-N', '--document', '--user-install', '-f', '--force', '--ignore-dependencies', '--conservative', '--minimal-deps',
  '--development', '--development-all', '--prerelease', '--pre', '-w', '--wrappers', '-E', '--env-shebang', '-l',
  '--local', '-r', '--remote', '-b', '--both', '--clear-sources', '-u', '--update-sources', '--norc', '-q', '--quiet',
  '-V', '--verbose', '--backtrace', '--debug', '--explain', '--lock', '--suggestions', '--default', '--vendor',
  '--post-install-message', '-y', '--format-executable', '--silent', '--launcher',
]);

/**
 * The gems a `gem install` names. Words after `--` are build options for native extensions. An option not
 * known to be a switch is taken to be followed by its value (`--use-system-libraries true`), as hadolint does.
 */
function gemsOf(cmd: SimpleCommand): ShellWord[] {
  const out: ShellWord[] = [];
  const args = cmd.args;
  for (let i = 0; i < args.length; i++) {
    const word = args[i] as ShellWord;
    const a = word.value;
    if (a === '--') break;
    if (a.length > 1 && a.startsWith('-')) {
      const switchLike = SWITCHES.has(a) || a.startsWith('--no-') || a.includes('=') || (/^-[A-Za-z]{2,}$/.test(a));
      if (!switchLike) i++;
      continue;
    }
    if (out.length === 0 && (a === 'install' || a === 'i')) continue;
    out.push(word);
  }
  return out;
}

export const gemPinnedVersions: RuleModule = {
  meta: {
    id: 'gem-pinned-versions',
    hadolint: 'DL3028',
    severity: 'warning',
    category: 'reproducibility',
    locality: 'stage',
    docs: {
      summary: 'Pin versions in gem install',
      description:
        'Flags each gem of `gem install` (or `gem i`) given without `:version`, unless `-v`/`--version` is set. ' +
        'Build options after `--` are not gems.',
      rationale:
        'An unpinned gem resolves to the newest release when the layer is built, so rebuilding the same ' +
        'Dockerfile can install different code.',
      example: 'FROM ruby:3.3\nRUN gem install bundler',
      useInstead: 'FROM ruby:3.3\nRUN gem install bundler:2.5.10',
    },
  },
  create(context) {
    return {
      RUN(node) {
        for (const { script: run, cmd } of hadolintCommands(node, 'gem')) {
          const operands = positionalArgs(cmd, WITH_VALUE);
          const sub = operands[0]?.value;
          if ((sub !== 'install' && sub !== 'i') || hasFlag(cmd, ['-v', '--version'], WITH_VALUE)) continue;
          for (const gem of gemsOf(cmd)) {
            if (gem.value.includes(':')) continue;
            context.report({
              message: 'Pin versions in gem install. Instead of `gem install <gem>` use `gem install <gem>:<version>`',
              range: run.rangeOf(gem.start, gem.end),
            });
          }
        }
      },
    };
  },
};
