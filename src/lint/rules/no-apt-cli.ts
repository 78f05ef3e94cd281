import type { RunScript } from '../run-script.js';
import { subcommand, type ShellWord, type SimpleCommand } from '../shell/index.js';
import type { ReportDescriptor, RuleModule } from '../types.js';
import { APT_GET_OPTIONS_WITH_VALUE, editableWord, hadolintCommands, wordRange } from './apt-get-assume-yes.js';

/** Subcommands `apt-get` runs as `apt` does (`apt upgrade` may install new packages, `apt-get upgrade` never). */
const SAME_IN_APT_GET: ReadonlySet<string> = new Set([
  'install',
  'remove',
  'purge',
  'update',
  'autoremove',
  'clean',
  'autoclean',
  'build-dep',
  'source',
  'download',
]);

/** `apt` → `apt-get` when the subcommand means the same to both and the word is written plainly `apt`. */
function aptGetFix(source: string, script: RunScript, cmd: SimpleCommand, name: ShellWord): ReportDescriptor['fix'] {
  const action = subcommand(cmd, APT_GET_OPTIONS_WITH_VALUE);
  if (action === null || !SAME_IN_APT_GET.has(action.value) || name.raw !== 'apt') return undefined;
  const at = editableWord(source, script, name);
  return at === null ? undefined : { description: 'Use apt-get', edits: [{ start: at.start, end: at.end, text: 'apt-get' }] };
}

export const noAptCli: RuleModule = {
  meta: {
    id: 'no-apt-cli',
    hadolint: 'DL3027',
    severity: 'warning',
    category: 'maintainability',
    locality: 'stage',
    fixable: 'unsafe',
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
      fixSafety:
        'Replaces `apt` with `apt-get` for the subcommands both run the same way (install, remove, purge, ' +
        'update, autoremove, clean, autoclean, build-dep, source, download); not for `upgrade`, `full-upgrade`, ' +
        '`search`, `list` or `show`, which differ or belong to `apt-cache`. Unsafe because `apt` deletes the ' +
        'downloaded packages after installing them and `apt-get` keeps them in /var/cache/apt/archives, so the ' +
        'layer grows unless the image is set up to delete them (the official Debian and Ubuntu images are) or ' +
        'the RUN cleans up.',
    },
  },
  create(context) {
    return {
      RUN(run) {
        for (const { script, cmd } of hadolintCommands(run, 'apt')) {
          if (cmd.name === null) continue;
          const fix = aptGetFix(context.text, script, cmd, cmd.name);
          context.report({
            message: 'Do not use apt as it is meant to be an end-user tool, use apt-get or apt-cache instead',
            range: wordRange(script, cmd.name),
            ...(fix ? { fix } : {}),
          });
        }
      },
    };
  },
};
