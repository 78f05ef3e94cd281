import { runScripts } from '../run-script.js';
import { commandsNamed, hasFlag, positionalArgs } from '../shell/index.js';
import type { RuleModule } from '../types.js';

/** Options of `gem install` followed by a value. */
const WITH_VALUE: readonly string[] = ['-v', '--version', '-i', '--install-dir', '-n', '--bindir', '-s', '--source', '-P', '--trust-policy', '--platform', '-g', '--file'];

export const gemPinnedVersions: RuleModule = {
  meta: {
    id: 'gem-pinned-versions',
    hadolint: 'DL3028',
    severity: 'warning',
    category: 'reproducibility',
    docs: {
      summary: 'Pin versions in gem install',
      description: 'Flags each gem of `gem install` given without `:version`, unless `-v`/`--version` is set.',
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
        for (const run of runScripts(node)) {
          for (const cmd of commandsNamed(run.script, 'gem', { unwrap: true })) {
            const operands = positionalArgs(cmd, WITH_VALUE);
            if (operands[0]?.value !== 'install' || hasFlag(cmd, ['-v', '--version'], WITH_VALUE)) continue;
            for (const gem of operands.slice(1)) {
              if (gem.value.includes(':')) continue;
              context.report({
                message: 'Pin versions in gem install. Instead of `gem install <gem>` use `gem install <gem>:<version>`',
                range: run.rangeOf(gem.start, gem.end),
              });
            }
          }
        }
      },
    };
  },
};
