import type { Range } from '../../parser/index.js';
import { positionalArgs, type ShellWord } from '../shell/index.js';
import { appendToRun } from '../append-to-run.js';
import type { RuleModule } from '../types.js';
import { hadolintCommands } from './apt-get-assume-yes.js';
import { withoutTrailing } from '../../parser/trailing.js';

/** yarn's global options that take the next word as their value (`yarn --cwd app install`). */
const YARN_OPTIONS_WITH_VALUE: readonly string[] = [
  '--cwd',
  '--cache-folder',
  '--preferred-cache-folder',
  '--modules-folder',
  '--global-folder',
  '--link-folder',
  '--mutex',
  '--network-timeout',
  '--network-concurrency',
  '--registry',
  '--proxy',
  '--https-proxy',
  '--use-yarnrc',
  '--otp',
];

export const yarnCacheClean: RuleModule = {
  meta: {
    id: 'yarn-cache-clean',
    hadolint: 'DL3060',
    severity: 'info',
    category: 'performance',
    locality: 'stage',
    fixable: 'unsafe',
    docs: {
      summary: 'Run yarn cache clean after yarn install',
      description:
        'Flags `yarn install` not followed by `yarn cache clean` in the same `RUN`, in the final stage and in ' +
        'stages a later FROM builds on. A cache or tmpfs mount on yarn\'s cache ' +
        '(`.cache/yarn`) silences it, as does an install in a stage that is thrown away.',
      rationale:
        'yarn keeps a copy of every package it downloads in its cache. Nothing in the image reuses it, but it ' +
        'stays in the layer unless cleaned in the same RUN: a later RUN cannot shrink an earlier layer.',
      example: 'FROM node:20\nRUN yarn install --frozen-lockfile',
      useInstead: 'FROM node:20\nRUN yarn install --frozen-lockfile && yarn cache clean',
      fixSafety:
        'Appends ` && yarn cache clean` to the end of the RUN, so the cache goes once everything before has ' +
        'succeeded. Unsafe because a later step that installs from the cache alone (`yarn install --offline`) ' +
        'finds it empty. Not offered for exec form, a RUN with heredocs, or a script that ends with an operator, ' +
        'a backslash or a comment, or that the shell parser cannot read whole.',
    },
  },
  create(context) {
    return {
      RUN(node, scope) {
        const stage = scope.stage;
        // A trigger runs in whatever image builds on this one, where its layer is kept.
        // A stage only copied from ships none of its layers; one a later FROM builds on ships them all.
        if (!scope.inOnbuild && stage !== null && !stage.isFinal && !stage.builtOnLater) return;
        const mounted = node.mounts.some(
          (m) => (m.type === 'cache' || m.type === 'tmpfs') && m.target !== null && withoutTrailing(m.target, '/').endsWith('.cache/yarn'),
        );
        if (mounted) return;
        const installs: { word: ShellWord; at: number; rangeOf: (start: number, end: number) => Range }[] = [];
        let cleanedAt = -1;
        let index = 0;
        for (const { script: run, cmd } of hadolintCommands(node, 'yarn')) {
          index++;
          const operands = positionalArgs(cmd, YARN_OPTIONS_WITH_VALUE);
          if (operands[0]?.value === 'install') installs.push({ word: operands[0], at: index, rangeOf: run.rangeOf });
          else if (operands[0]?.value === 'cache' && operands[1]?.value === 'clean') cleanedAt = index;
        }
        let fixOffered = false;
        for (const install of installs) {
          if (install.at < cleanedAt) continue;
          // One fix a RUN: the same cleanup would be appended for each install.
          const fix = fixOffered ? undefined : appendToRun(node, 'yarn cache clean', 'Clean the yarn cache');
          fixOffered = true;
          context.report({
            message: '`yarn cache clean` missing after `yarn install` was run.',
            range: install.rangeOf(install.word.start, install.word.end),
            ...(fix ? { fix } : {}),
          });
        }
      },
    };
  },
};
