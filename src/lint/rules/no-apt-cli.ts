import type { RuleModule } from '../types.js';
import { hadolintCommands, wordRange } from './apt-get-assume-yes.js';

export const noAptCli: RuleModule = {
  meta: {
    id: 'no-apt-cli',
    hadolint: 'DL3027',
    severity: 'warning',
    category: 'maintainability',
    locality: 'stage',
    docs: {
      summary: 'Use `apt-get` or `apt-cache` instead of `apt`',
      description:
        'Flags `apt` commands in a RUN (ONBUILD triggers included), found by their name as written: not by a ' +
        'path, behind `sudo` or `env`, or inside `sh -c`, but through `command` and `exec`. The finding points ' +
        'at `apt`.',
      rationale:
        '`apt` is the interactive front end: its command line and output are not a stable interface and it warns ' +
        'so when not run in a terminal. `apt-get` and `apt-cache` are meant for scripts and keep their behaviour ' +
        'across releases.',
      example: 'FROM debian:12\nRUN apt update && apt install -y curl',
      useInstead: 'FROM debian:12\nRUN apt-get update && apt-get install -y curl',
    },
  },
  create(context) {
    return {
      RUN(run) {
        for (const { script, cmd } of hadolintCommands(run, 'apt')) {
          if (cmd.name === null) continue;
          context.report({
            message: 'Do not use apt as it is meant to be an end-user tool, use apt-get or apt-cache instead',
            range: wordRange(script, cmd.name),
          });
        }
      },
    };
  },
};
