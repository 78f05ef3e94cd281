import type { Instruction, RunInstruction } from '../../parser/index.js';
import { commandName, positionalArgs, type SimpleCommand } from '../shell/index.js';
import { appendToRun } from '../append-to-run.js';
import type { RuleModule, StageInfo } from '../types.js';
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

/** What apt does without the lists: remove packages and clear its caches. Anything else reads them. */
const WITHOUT_LISTS = new Set(['update', 'clean', 'autoclean', 'dist-clean', 'remove', 'purge', 'autoremove']);

/** Whether the RUN uses apt before it updates: its first apt command is anything but an update (or a removal). */
function needsLists(run: RunInstruction): boolean {
  for (const { cmd } of hadolintCommands(run, [...APT_PROGRAMS, 'apt-cache'])) {
    if (commandName(cmd) === 'apt-cache') return true;
    const sub = positionalArgs(cmd, APT_GET_OPTIONS_WITH_VALUE)[0]?.value;
    if (sub === 'update') return false;
    if (sub === undefined || !WITHOUT_LISTS.has(sub)) return true;
  }
  return false;
}

/** Whether a later step of the stage reads the lists: any later RUN (or trigger), and later triggers only. */
interface LaterReaders {
  readonly anyStep: boolean;
  readonly triggers: boolean;
}

/**
 * For each RUN of a stage (ONBUILD triggers included), whether a later step reads the lists: a RUN that installs
 * without an update first, or a trigger that does (a trigger runs after every RUN of this stage, in the child
 * image). Made once per stage, walking it from the end: asked of each RUN in turn, it read the rest of the stage
 * each time.
 */
function laterReadersIn(stage: StageInfo): Map<RunInstruction, LaterReaders> {
  const readers = new Map<RunInstruction, LaterReaders>();
  let anyStep = false;
  let triggers = false;
  const instructions = stage.stage.instructions;
  for (let index = instructions.length - 1; index >= 0; index--) {
    const instruction = instructions[index] as Instruction;
    const trigger = instruction.kind === 'ONBUILD' ? instruction.trigger : null;
    const run = trigger?.kind === 'RUN' ? trigger : instruction.kind === 'RUN' ? instruction : null;
    if (run === null) continue;
    readers.set(run, { anyStep, triggers });
    if (needsLists(run)) {
      anyStep = true;
      if (trigger) triggers = true;
    }
  }
  return readers;
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
        'has succeeded. Not offered when a later RUN of the stage (or a later ONBUILD trigger) uses apt before ' +
        'updating (`apt-get install` without `apt-get update` first reads the lists this RUN downloaded, and ' +
        'would find none), when a later stage is built on this one, for exec form, a RUN with heredocs, or a ' +
        'script that ends with an operator, a backslash or a comment, or that the shell parser cannot read ' +
        'whole. Unsafe because an image built FROM this one may install packages without updating, relying on ' +
        'the lists this image ships.',
    },
  },
  create(context) {
    const readersByStage = new Map<StageInfo, Map<RunInstruction, LaterReaders>>();
    /**
     * Whether removing the lists at the end of `run` would take them from a later step that reads them (a
     * trigger's later steps are triggers only), or from a stage built on this one, whose RUNs are not looked at.
     */
    const laterStepNeedsLists = (stage: StageInfo | null, run: RunInstruction, inOnbuild: boolean): boolean => {
      if (stage === null) return false;
      if (!inOnbuild && stage.builtOnLater) return true;
      let readers = readersByStage.get(stage);
      if (!readers) readersByStage.set(stage, (readers = laterReadersIn(stage)));
      const later = readers.get(run);
      return later !== undefined && (inOnbuild ? later.triggers : later.anyStep);
    };
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
          const fix =
            fixOffered || laterStepNeedsLists(stage, run, scope.inOnbuild)
              ? undefined
              : appendToRun(run, 'rm -rf /var/lib/apt/lists/*', 'Delete the apt lists');
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
