import type { Instruction, RunInstruction } from '../../parser/index.js';
import { NodeSlot } from '../node-slot.js';
import type { ReportDescriptor, RuleModule, StageInfo } from '../types.js';

type Fix = NonNullable<ReportDescriptor['fix']>;
import {
  apkStepSimulates,
  aptStepSimulates,
  matchStep,
  scriptsOf,
  startsWithOneOf,
  stemTests,
  stepHasFlag,
  stepsOf,
  type CommandMatch,
  type Script,
} from './package-cache-mount.js';
import { RPM_OPTIONS_WITH_VALUE } from './yum-clean-all.js';
import { wholeLinesOf } from '../source-lines.js';
import { trailingWord } from '../../parser/trailing.js';

/** Package managers that download an index in one command and install from it in another. */
interface IndexFamily {
  readonly name: string;
  /** How the command's name starts: steps whose name does not are neither an update nor an install. */
  readonly stems: readonly string[];
  /** The index update; the match ends with the update word (`update`, `makecache`). */
  readonly update: RegExp;
  readonly install: RegExp;
  /** The install fetches a fresh index itself, so an old one does not matter. */
  readonly refreshes?: (step: string) => boolean;
  /** The install is only simulated or declined (`apt-get install -s`, `dnf install --assumeno`): it installs nothing. */
  readonly installsNothing?: (step: string) => boolean;
  /** What the install reads and why that hurts, after "it still reads". */
  readonly consequence: string;
}

const cmd = (words: string): RegExp => new RegExp(`^(?:\\S*\\/)?${words}`);
// An option's value is never taken to be another option: a word that starts with `-` is read as an option
// anyway, and letting both readings compete made the matching take time exponential in the number of options.
const APT_OPTIONS = '(?:\\s+(?:-[oct]\\s+(?!-)\\S+|-\\S+))*';

const FAMILIES: readonly IndexFamily[] = [
  {
    name: 'apt',
    stems: ['apt'],
    update: cmd(`(?:apt-get|apt)${APT_OPTIONS}\\s+update\\b`),
    install: cmd(`(?:apt-get|apt)${APT_OPTIONS}\\s+(?:install|upgrade|dist-upgrade|full-upgrade|build-dep|reinstall)\\b`),
    installsNothing: aptStepSimulates,
    consequence:
      'the package lists cached with that layer, which can be months old, so it installs outdated versions ' +
      'or fails on packages the mirror no longer has',
  },
  {
    name: 'apk',
    stems: ['apk'],
    update: cmd('apk(?:\\s+-\\S+)*\\s+update\\b'),
    install: cmd('apk(?:\\s+(?:-[pX]\\s+(?!-)\\S+|--repository\\s+(?!-)\\S+|-\\S+))*\\s+(?:add|upgrade|fix)\\b'),
    refreshes: (step) => /(?:^|\s)(?:--no-cache|--update-cache|--update|-U)(?=\s|$)/.test(step),
    installsNothing: apkStepSimulates,
    consequence:
      'the index cached with that layer, which can be months old, so it installs outdated versions or fails ' +
      'on packages the mirror no longer has',
  },
  {
    name: 'dnf',
    stems: ['yum', 'dnf', 'microdnf'],
    update: cmd('(?:yum|dnf|microdnf)(?:\\s+-\\S+)*\\s+makecache\\b'),
    install: cmd('(?:yum|dnf|microdnf)(?:\\s+-\\S+)*\\s+(?:install|reinstall|upgrade|update|groupinstall|localinstall)\\b'),
    installsNothing: (step) => stepHasFlag(step, ['--assumeno'], RPM_OPTIONS_WITH_VALUE),
    consequence:
      'the metadata cached with that layer until it expires, and then downloads it again anyway, so the ' +
      'separate step only adds stale metadata to the image',
  },
];

interface IndexEvent {
  readonly family: IndexFamily;
  readonly kind: 'update' | 'install';
  readonly match: CommandMatch;
}

interface Pending {
  readonly run: RunInstruction;
  readonly update: CommandMatch;
}

/** Most steps are named otherwise than every family's commands, and most RUNs use none of these managers. */
const FAMILY_STEMS = stemTests(FAMILIES.flatMap((family) => family.stems));

/**
 * Update and install commands of a RUN, in the order they run; worked out once per RUN node (an editor's
 * incremental parse hands the same node back from one version to the next, moved when an edit lies before it:
 * the matches make their ranges when read, so they move with it).
 */
function eventsOf(run: RunInstruction): readonly IndexEvent[] {
  let events = eventsByRun.get(run);
  if (!events) eventsByRun.set(run, (events = readEvents(run)));
  return events;
}

const eventsByRun = new NodeSlot<RunInstruction, readonly IndexEvent[]>();

const NO_FAMILIES: typeof FAMILIES = [];
const NOTHING_PENDING: ReadonlyMap<IndexFamily, Pending> = new Map();

function readEvents(run: RunInstruction): IndexEvent[] {
  const events: IndexEvent[] = [];
  for (const script of scriptsOf(run)) {
    if (!FAMILY_STEMS.anywhere.test(script.text)) continue;
    for (const step of stepsOf(script)) {
      if (!FAMILY_STEMS.name.test(step.name)) continue;
      for (const family of FAMILIES) {
        if (!startsWithOneOf(step.name, family.stems)) continue;
        const update = matchStep(script, step, family.update);
        if (update) events.push({ family, kind: 'update', match: update });
        const install = matchStep(script, step, family.install);
        if (install && !family.refreshes?.(step.text) && !family.installsNothing?.(step.text)) {
          events.push({ family, kind: 'install', match: install });
        }
      }
    }
  }
  return events;
}

/**
 * Instructions an update may move past: they run nothing and touch no files, and the variables they set are
 * the ones the install already runs with.
 */
const MOVABLE = new Set(['ENV', 'ARG', 'LABEL']);

/** Whether the command's steps are joined only by `&&` and pipes, so a prefixed `update &&` guards all of them. */
function onlyAndChains(text: string): boolean {
  return !/;|\|\||\n|(?<![<>&])&(?![>&])/.test(text.replace(/&&/g, ''));
}

export const aptUpdateSeparate: RuleModule = {
  meta: {
    id: 'apt-update-separate',
    severity: 'warning',
    category: 'cache',
    fixable: 'safe',
    docs: {
      summary: 'Update the package index in the same RUN as the install',
      description:
        'Flags a `RUN` that updates a package index (`apt-get update`, `apt update`, `apk update`, `yum`/`dnf` ' +
        '`makecache`) when a later `RUN` of the same stage, or of a stage built on it, installs with that ' +
        'package manager without updating first. The finding points at the update word. `apk add --no-cache` ' +
        'and `apk add --update` fetch their own index and are not affected; an install that installs nothing ' +
        '(`apt-get install -s` and its other spellings, `apk add --simulate`, `dnf install --assumeno`) does ' +
        'not count as one.',
      rationale:
        'Each RUN is a layer cached on its command text. The update\'s command never changes, so its layer ' +
        '— and the index in it — is reused on every build, while the install re-runs whenever its package ' +
        'list or an earlier step changes. The install then works from an index that can be months old: it ' +
        'installs outdated versions, or fails because the mirror no longer has the packages the index names. ' +
        'Updating in the same RUN refreshes the index exactly when the install runs.',
      example: 'FROM debian:12\nRUN apt-get update\nRUN apt-get install -y --no-install-recommends curl',
      useInstead: 'FROM debian:12\nRUN apt-get update && apt-get install -y --no-install-recommends curl',
      fixSafety:
        'Offered when the update RUN holds nothing but the update (no flags, no heredoc) and the install RUN ' +
        'is the next RUN of the stage with only ENV, ARG or LABEL between: the update RUN is removed and the ' +
        'update is prefixed to the install RUN as `<update> && `, keeping the install RUN\'s flags. Not offered ' +
        'when the install RUN joins commands with `;`, `||`, `&` or line breaks, where a failed update would ' +
        'no longer stop the build. The image gets the same packages, from a current index.',
    },
  },
  create(context) {
    const { text } = context;
    const finalPending = new Map<StageInfo, ReadonlyMap<IndexFamily, Pending>>();
    const reported = new Set<RunInstruction>();

    const fixFor = (pending: Pending, install: RunInstruction, between: readonly Instruction[]): Fix | undefined => {
      const { run, update } = pending;
      const updateCommand = run.command;
      const installCommand = install.command;
      if (!updateCommand || updateCommand.form !== 'shell' || !installCommand || installCommand.form !== 'shell') return undefined;
      if (run.flags.length > 0 || run.heredocs.length > 0 || install.heredocs.length > 0) return undefined;
      if (!between.every((i) => MOVABLE.has(i.name))) return undefined;
      const steps = stepsOf(scriptsOf(run)[0] as Script);
      const only = steps.length === 1 && steps[0]?.start === 0 && /^(?:\s+-\S+)*$/.test(updateCommand.text.slice(update.end).trimEnd());
      if (!only || !onlyAndChains(installCommand.text)) return undefined;
      const removed = wholeLinesOf(text, run.range.start.offset, run.range.end.offset);
      const at = installCommand.range.start.offset;
      return {
        description: `Run ${update.words} in the same RUN as the install`,
        edits: [
          { start: removed.start, end: removed.end, text: '' },
          { start: at, end: at, text: `${updateCommand.text.trim()} && ` },
        ],
      };
    };

    return {
      Stage(stage) {
        // Copied from the parent only when this stage changes what is pending: most stages update nothing.
        let pending: ReadonlyMap<IndexFamily, Pending> = (stage.parent && finalPending.get(stage.parent)) || NOTHING_PENDING;
        const instructions = stage.stage.instructions;
        let lastRun: RunInstruction | null = null;
        let lastRunIndex = -1;
        for (let index = 0; index < instructions.length; index++) {
          const instruction = instructions[index] as Instruction;
          if (instruction.kind !== 'RUN') continue;
          const events = eventsOf(instruction);
          // Every stage is walked on every lint, so the family's first event and last update are found
          // without making a list per family and RUN.
          for (const family of events.length === 0 ? NO_FAMILIES : FAMILIES) {
            let first: IndexEvent | undefined;
            let lastUpdate: IndexEvent | undefined;
            for (const event of events) {
              if (event.family !== family) continue;
              first ??= event;
              if (event.kind === 'update') lastUpdate = event;
            }
            const previous = pending.get(family);
            if (first?.kind === 'install' && previous && !reported.has(previous.run)) {
              reported.add(previous.run);
              const updateWord = trailingWord(previous.update.words) || 'update';
              const wordEnd = previous.update.end;
              const fix =
                lastRun === previous.run ? fixFor(previous, instruction, instructions.slice(lastRunIndex + 1, index)) : undefined;
              context.report({
                message:
                  `${previous.update.words} on line ${previous.update.range.start.line + 1} is cached as a layer of its own: ` +
                  `when the ${first.match.words} on line ${first.match.range.start.line + 1} re-runs (its package list ` +
                  `or an earlier step changed), it still reads ${family.consequence}; run the update and the ` +
                  `install in the same RUN`,
                range: previous.update.script.range(wordEnd - updateWord.length, wordEnd),
                ...(fix ? { fix } : {}),
              });
            }
            if (lastUpdate) pending = new Map(pending).set(family, { run: instruction, update: lastUpdate.match });
          }
          lastRun = instruction;
          lastRunIndex = index;
        }
        finalPending.set(stage, pending);
      },
    };
  },
};
