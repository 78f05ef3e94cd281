import { commandName, positionalArgs, type SimpleCommand } from '../shell/index.js';
import { appendToRun } from '../append-to-run.js';
import type { RuleModule } from '../types.js';
import { APT_GET_OPTIONS_WITH_VALUE, hasCacheMount, hadolintCommands, runsAnyOf, wordRange } from './apt-get-assume-yes.js';
import { removesDir } from './yum-clean-all.js';

const LISTS = '/var/lib/apt/lists';
/** The programs whose `update` downloads the lists. */
const APT_PROGRAMS: readonly string[] = ['apt-get', 'apt', 'aptitude'];

/** `apt-get dist-clean` or `apt dist-clean` (apt 2.7.8 and later): `clean` that also deletes the package lists. */
function isDistClean(cmd: SimpleCommand): boolean {
  const name = commandName(cmd);
  if (name !== 'apt-get' && name !== 'apt') return false;
  return positionalArgs(cmd, APT_GET_OPTIONS_WITH_VALUE)[0]?.value === 'dist-clean';
}

export const aptListsRemoved: RuleModule = {
  meta: {
    id: 'apt-lists-removed',
    hadolint: 'DL3009',
    severity: 'info',
    category: 'performance',
    locality: 'stage',
    fixable: 'unsafe',
    docs: {
      summary: 'Remove the apt lists in the RUN that downloads them',
      description:
        'Flags `apt-get update` (also `apt` and `aptitude`) in a RUN that does not remove ' +
        '`/var/lib/apt/lists/*` in the same RUN. `apt-get dist-clean` or `apt dist-clean` after the update, in ' +
        'the same RUN, counts as removing them: since apt 2.7.8 (Debian 13, Ubuntu 24.04) it does what `clean` ' +
        'does and also deletes the package lists. Only the final stage and stages a later FROM builds on ' +
        'count, since other stages never reach an image; ONBUILD triggers always count, as they run in images ' +
        'built on this one. A cache or tmpfs mount on `/var/lib/apt/lists`, or on both `/var/lib/apt` and ' +
        '`/var/cache/apt`, silences it. The finding points at `update`.',
      rationale:
        'The package lists take tens of megabytes and are useless once the packages are installed. Unless ' +
        'they are removed in the RUN that downloaded them, the layer ships them; removing them in a later RUN ' +
        'does not make the image smaller.',
      example: 'FROM debian:12\nRUN apt-get update && apt-get install -y curl',
      useInstead: 'FROM debian:12\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*',
      fixSafety:
        'Appends ` && rm -rf /var/lib/apt/lists/*` to the end of the RUN, so the lists go once everything before ' +
        'has succeeded. Unsafe because a later RUN of the image that installs packages without running `apt-get ' +
        'update` first relied on those lists and now finds none. Not offered for exec form, a RUN with heredocs, ' +
        'or a script that ends with an operator, a backslash or a comment, or that the shell parser cannot read ' +
        'whole.',
    },
  },
  create(context) {
    return {
      RUN(run, scope) {
        const stage = scope.stage;
        // A stage only copied from ships none of its layers; one a later FROM builds on ships them all.
        if (!scope.inOnbuild && stage !== null && !stage.isFinal && !stage.builtOnLater) return;
        if (!runsAnyOf(run, APT_PROGRAMS)) return;
        if (hasCacheMount(run, LISTS)) return;
        if (hasCacheMount(run, '/var/lib/apt') && hasCacheMount(run, '/var/cache/apt')) return;
        const commands = hadolintCommands(run, [...APT_PROGRAMS, 'rm']);
        if (commands.some(({ cmd }) => removesDir(cmd, [LISTS]))) return;
        let fixOffered = false;
        commands.forEach(({ script, cmd }, index) => {
          if (commandName(cmd) === 'rm') return;
          const sub = positionalArgs(cmd, APT_GET_OPTIONS_WITH_VALUE)[0];
          if (sub?.value !== 'update') return;
          // Unlike the `rm`, which hadolint accepts anywhere in the RUN, a dist-clean only helps once the
          // lists are there: the update after one downloads them again.
          if (commands.slice(index + 1).some((later) => isDistClean(later.cmd))) return;
          // One fix a RUN: the same cleanup would be appended for each update.
          const fix = fixOffered ? undefined : appendToRun(run, 'rm -rf /var/lib/apt/lists/*', 'Delete the apt lists');
          fixOffered = true;
          context.report({
            message: 'Delete the apt lists (/var/lib/apt/lists) after installing something',
            range: wordRange(script, sub),
            ...(fix ? { fix } : {}),
          });
        });
      },
    };
  },
};
