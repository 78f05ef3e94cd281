import { hasFlag, subcommand } from '../shell/index.js';
import type { RuleModule } from '../types.js';
import { APK_OPTIONS_WITH_VALUE, APK_SIMULATE_OPTIONS } from './apk-pinned-versions.js';
import { hasCacheMount, insertAfter, hadolintCommands, wordRange } from './apt-get-assume-yes.js';

export const apkNoCache: RuleModule = {
  meta: {
    id: 'apk-no-cache',
    hadolint: 'DL3019',
    severity: 'info',
    category: 'performance',
    locality: 'stage',
    fixable: 'safe',
    docs: {
      summary: 'Pass `--no-cache` to `apk add`',
      description:
        'Flags `apk add` in a RUN (ONBUILD triggers included) without `--no-cache`, unless the RUN mounts a ' +
        'cache or tmpfs on `/var/cache/apk`. A simulated add (`-s`, `--simulate`) opens the package database ' +
        'read-only and caches nothing, so it is left alone. The finding points at `add`.',
      rationale:
        'Without `--no-cache`, apk keeps the downloaded index in `/var/cache/apk` and the layer ships it. ' +
        '`--no-cache` fetches a fresh index for this command and leaves nothing behind, so no `apk update` or ' +
        'cleanup is needed.',
      example: 'FROM alpine:3.19\nRUN apk add curl=8.5.0-r0',
      useInstead: 'FROM alpine:3.19\nRUN apk add --no-cache curl=8.5.0-r0',
      fixSafety:
        'Inserts ` --no-cache` after `add`. apk then reads a freshly downloaded index instead of a cached one ' +
        'and keeps no copy; the same packages are installed. It is not offered for exec form or when the word ' +
        'is split by a line continuation.',
    },
  },
  create(context) {
    return {
      RUN(run) {
        if (hasCacheMount(run, '/var/cache/apk')) return;
        for (const { script, cmd } of hadolintCommands(run, 'apk')) {
          const add = subcommand(cmd, APK_OPTIONS_WITH_VALUE);
          if (add?.value !== 'add') continue;
          if (hasFlag(cmd, ['--no-cache', ...APK_SIMULATE_OPTIONS], APK_OPTIONS_WITH_VALUE)) continue;
          const fix = insertAfter(context.text, script, add, ' --no-cache', 'Add --no-cache');
          context.report({
            message:
              'Use the `--no-cache` switch to avoid the need to use `--update` and remove `/var/cache/apk/*` when done installing packages',
            range: wordRange(script, add),
            ...(fix ? { fix } : {}),
          });
        }
      },
    };
  },
};
