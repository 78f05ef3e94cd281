import type { Instruction, LabelInstruction } from '../../parser/index.js';
import { moveAbove, moveBelow } from '../move-instruction.js';
import { rememberedVerdicts } from '../name-verdicts.js';
import { firstBetween, StageLookups } from '../stage-lookups.js';
import type { ReportDescriptor, RuleModule } from '../types.js';
import { findInstalls, matchStep, scriptsOf, stepsOf } from './package-cache-mount.js';
import { withoutTrailing } from '../../parser/trailing.js';

/** CI variables that name one pipeline run or commit and do not end like the patterns below. */
const CI_NAMES = new Set([
  'CI_PIPELINE_ID',
  'CI_PIPELINE_IID',
  'CI_JOB_ID',
  'GITHUB_SHA',
  'GITHUB_RUN_ID',
  'GITHUB_RUN_NUMBER',
  'GITHUB_RUN_ATTEMPT',
  'BUILD_BUILDID',
  'BUILD_BUILDNUMBER',
  'BUILD_SOURCEVERSION',
  'BITBUCKET_COMMIT',
  'BITBUCKET_BUILD_NUMBER',
  'CIRCLE_SHA1',
  'CIRCLE_BUILD_NUM',
  'TRAVIS_COMMIT',
  'TRAVIS_BUILD_NUMBER',
  'BUILDKITE_COMMIT',
  'CODEBUILD_RESOLVED_SOURCE_VERSION',
  'SHORT_SHA',
  'REVISION',
  'SOURCE_VERSION',
]);

/**
 * Names (upper-cased, `.` and `-` read as `_`, so label keys match too) of values that change with every
 * build or commit: build dates and numbers, commit hashes, `org.opencontainers.image.created|revision`.
 * SOURCE_DATE_EPOCH is left out on purpose: reproducible builds feed it to the tools inside RUN steps.
 */
const VOLATILE_NAME =
  /(?:^|_)(?:BUILD_?(?:DATE|TIME|TIMESTAMP|NUMBER|NUM|ID)|(?:GIT|VCS|SCM|SOURCE)_?(?:COMMIT|SHA1?|HASH|REF|REV|REVISION)|COMMIT(?:_?(?:SHA1?|HASH|ID|REF))?|PIPELINE_I?ID|RUN_ID|JOB_ID|IMAGE_CREATED|IMAGE_REVISION|TIMESTAMP)$/;

/** Whether a name as written (an ARG name, a label key) says its value changes with every build or commit. */
const isVolatileName = rememberedVerdicts((name) => {
  const normal = name.replace(/^["']|["']$/g, '').toUpperCase().replace(/[.-]/g, '_');
  return CI_NAMES.has(normal) || VOLATILE_NAME.test(normal);
});

/** A default written as a command substitution shows the value is meant to be computed per build. */
const COMPUTED_VALUE = /\$\(\s*(?:date|git)\b|`\s*(?:date|git)\b/;

const VARIABLE = /\$\{?([A-Za-z_][A-Za-z0-9_]*)/g;

/** Commands that build, compile or download, beyond the package installs `findInstalls` knows. */
const BUILD_COMMAND = new RegExp(
  '^(?:\\S*\\/)?(?:make|cmake|ninja|meson|bazel(?:isk)?|gcc|g\\+\\+|clang(?:\\+\\+)?|javac|rustc|tsc|configure|' +
    '(?:npm|pnpm|bun)\\s+run|yarn\\s+(?:run\\s+)?build|go\\s+generate|curl|wget|git\\s+clone|' +
    'python\\d*(?:\\.\\d+)?\\s+setup\\.py|(?:conda|mamba|micromamba)\\s+(?:install|create|env)|poetry\\s+install|' +
    'pipenv\\s+(?:install|sync)|gem\\s+install|(?:yum|dnf|microdnf|zypper)(?:\\s+-\\S+)*\\s+(?:install|in|upgrade|update))\\b',
);

/** Sources that are a directory, a glob, the whole context or a download, rather than one file. */
function copiesSources(instruction: Instruction): boolean {
  if ((instruction.kind !== 'COPY' && instruction.kind !== 'ADD') || instruction.options.from) return false;
  return instruction.sources.some((source) => {
    if (source.heredoc) return false;
    const path = source.value.replace(/^["']|["']$/g, '');
    if (/^[a-z]+:\/\//i.test(path)) return instruction.kind === 'ADD';
    const last = withoutTrailing(path, '/').split('/').pop() ?? '';
    return path === '.' || path.endsWith('/') || /[*?[]/.test(path) || !last.includes('.');
  });
}

/** A label key as the image's config holds it. */
function labelKey(key: string): string {
  return key.replace(/^["']|["']$/g, '');
}

/**
 * Moving a LABEL to the end of its stage leaves the stage's image as it was when nothing after it sets one of its
 * keys again or defines a variable its values read: the labels are a map in the image's config, and each value
 * expands to what it did.
 */
function labelMovesSafely(label: LabelInstruction, position: number, lookups: StageLookups, labelsByKey: () => ReadonlyMap<string, readonly number[]>): boolean {
  const keys = label.pairs.map((pair) => labelKey(pair.key.value));
  const variables = label.pairs.flatMap((pair) => [...pair.value.value.matchAll(VARIABLE)].map((m) => m[1] ?? ''));
  return (
    keys.every((key) => firstBetween(labelsByKey().get(key) ?? [], position) === -1) &&
    variables.every((name) => firstBetween(lookups.definitions(name), position) === -1)
  );
}

export const volatileBuildArg: RuleModule = {
  meta: {
    id: 'volatile-build-arg',
    severity: 'warning',
    category: 'cache',
    locality: 'stage',
    citesLines: true,
    fixable: 'safe',
    docs: {
      summary: 'Per-build ARGs and LABELs declared before expensive steps',
      description:
        'Flags an `ARG` whose name says it changes on every build or commit (BUILD_DATE, BUILD_NUMBER, ' +
        'GIT_COMMIT, GIT_SHA, COMMIT_SHA, VCS_REF, SOURCE_COMMIT, CI_PIPELINE_ID, GITHUB_SHA…, or a default ' +
        'written as `$(date …)`) when a RUN comes after it and, before the ARG is first used, an expensive ' +
        'step: a RUN that installs packages, builds or downloads, or a COPY/ADD of sources. Also flags a ' +
        '`LABEL` such as `org.opencontainers.image.created=$BUILD_DATE` or `…revision=$GIT_SHA` (a volatile key ' +
        'with a variable value, or a value taken from a volatile ARG) declared before an expensive step.',
      rationale:
        'In both of Docker\'s builders an ARG with a value becomes part of the cache key of every later RUN ' +
        'in the stage, whether the command uses it or not: BuildKit puts every ARG in scope into the RUN\'s ' +
        'environment, and the classic builder records the build arguments in the RUN\'s command. An ARG that ' +
        'is different on every build therefore makes the first RUN after it, and everything after that, ' +
        'rebuild every time — package installs and compilation included. A LABEL is not part of any ' +
        'BuildKit cache key, but the classic builder and Buildah commit it as a step and compare labels, so ' +
        'a changing label invalidates every later step there. Declaring the ARG just before the step that ' +
        'uses it, and the labels at the end of the final stage, keeps the expensive steps cached.',
      example:
        'FROM node:20\nARG GIT_SHA\nLABEL org.opencontainers.image.revision=$GIT_SHA\nCOPY package.json package-lock.json ./\nRUN npm ci\nCOPY . .\nRUN npm run build',
      useInstead:
        'FROM node:20\nCOPY package.json package-lock.json ./\nRUN npm ci\nCOPY . .\nRUN npm run build\nARG GIT_SHA\nLABEL org.opencontainers.image.revision=$GIT_SHA',
      fixSafety:
        'The LABEL fix is safe: the LABEL (with the comment lines directly above it) moves below the stage\'s ' +
        'last instruction, offered only when nothing after it in the stage sets one of its keys again or ' +
        'defines a variable its values read, so the image\'s labels stay exactly as they were. The ARG fix is ' +
        'unsafe: an ARG declaring only the flagged name moves to just above the instruction that first uses ' +
        'it, or below the stage\'s last instruction when nothing uses it by name; not offered when an ENV ' +
        'copies it or the name is declared or set again before that place. What can change: the RUNs it ' +
        'moves past no longer have the variable in their environment, which a script that reads it without ' +
        'the Dockerfile naming it would notice.',
    },
  },
  create(context) {
    const known = new Map<Instruction, string | null>();

    /** What makes a step expensive, for the message, or `null` when it is cheap. */
    const describe = (instruction: Instruction): string | null => {
      if (copiesSources(instruction)) return `the ${instruction.name} on line ${instruction.startLine}`;
      if (instruction.kind !== 'RUN') return null;
      const scripts = scriptsOf(instruction);
      const install = findInstalls(scripts)[0];
      if (install) return `the RUN on line ${instruction.startLine} (${install.words})`;
      for (const script of scripts) {
        for (const step of stepsOf(script)) {
          const build = matchStep(script, step, BUILD_COMMAND);
          if (build) return `the RUN on line ${instruction.startLine} (${build.words})`;
        }
      }
      return null;
    };

    const expensive = (instruction: Instruction): string | null => {
      if (!known.has(instruction)) known.set(instruction, describe(instruction));
      return known.get(instruction) ?? null;
    };

    return {
      Stage(stage) {
        const instructions = stage.stage.instructions;
        // What the rest of the stage holds, in tables made for the few stages with a per-build ARG or LABEL.
        let lookups: StageLookups | null = null;
        const lookup = (): StageLookups => (lookups ??= new StageLookups(instructions));
        let expensivePositions: number[] | null = null;
        /** The first expensive step at or after `from` (and before `before`), with what makes it expensive. */
        const firstExpensive = (from: number, before = Infinity): { position: number; what: string } | null => {
          expensivePositions ??= lookup().positionsWhere((instruction) => expensive(instruction) !== null);
          const position = firstBetween(expensivePositions, from - 1, before);
          return position === -1 ? null : { position, what: expensive(instructions[position] as Instruction) as string };
        };
        const usesByKind = new Map<string, { other: number[]; env: number[] }>();
        const usesOf = (name: string): { other: number[]; env: number[] } => {
          let split = usesByKind.get(name);
          if (!split) {
            split = { other: [], env: [] };
            for (const position of lookup().uses(name)) {
              (instructions[position]?.kind === 'ENV' ? split.env : split.other).push(position);
            }
            usesByKind.set(name, split);
          }
          return split;
        };
        let labelPositions: ReadonlyMap<string, readonly number[]> | null = null;
        const labelsByKey = (): ReadonlyMap<string, readonly number[]> =>
          (labelPositions ??= lookup().positionsByKey((instruction) =>
            instruction.kind === 'LABEL' ? instruction.pairs.map((pair) => labelKey(pair.key.value)) : [],
          ));

        /** The ARG moved to where it is first used, or to the end of the stage; nothing declares or sets it on the way. */
        const argFix = (arg: Instruction, position: number, use: number, name: string): ReportDescriptor['fix'] => {
          if (firstBetween(lookup().definitions(name), position, use === -1 ? Infinity : use) !== -1) return undefined;
          const target = instructions[use === -1 ? instructions.length - 1 : use] as Instruction;
          const fix =
            use === -1
              ? moveBelow(context.text, arg, target, `Declare ARG ${name} at the end of the stage`)
              : moveAbove(context.text, arg, target, `Declare ARG ${name} just before line ${target.startLine}, where it is first used`);
          return fix && { ...fix, safety: 'unsafe' };
        };

        for (const [index, instruction] of instructions.entries()) {
          if (instruction.kind === 'ARG') {
            for (const declaration of instruction.declarations) {
              const name = declaration.name.value;
              const computed = declaration.defaultValue && COMPUTED_VALUE.test(declaration.defaultValue.value);
              if (!isVolatileName(name) && !computed) continue;
              const firstRun = lookup().nextRun(index);
              // An ENV that copies the value puts it in every later RUN's environment too, so it is no use.
              const uses = usesOf(name);
              const use = firstBetween(uses.other, index);
              const envCopyAt = firstBetween(uses.env, index, use === -1 ? Infinity : use);
              const envCopy = envCopyAt === -1 ? undefined : (instructions[envCopyAt] as Instruction);
              if (firstRun === -1 || (use !== -1 && use <= firstRun)) continue;
              const hit = firstExpensive(firstRun, use === -1 ? Infinity : use);
              if (!hit) continue;
              const run = instructions[firstRun] as Instruction;
              const note = computed
                ? ` (its default ${declaration.defaultValue?.value ?? ''} is not run by the builder, so the real value presumably comes from --build-arg)`
                : '';
              const rebuilt =
                hit.position === firstRun
                  ? `${hit.what} and every step after it rebuild on every build`
                  : `every step from the RUN on line ${run.startLine} on rebuilds on every build, including ${hit.what}`;
              const where =
                (use === -1
                  ? 'just before the step that needs it, or at the end of the final stage'
                  : `just before line ${(instructions[use] as Instruction).startLine}, where it is first used`) +
                (envCopy ? `, and move the ENV on line ${envCopy.startLine} that copies it along` : '');
              context.report({
                message:
                  `ARG ${name} changes on every build${note}, and its value is part of the cache key of every ` +
                  `later RUN in the stage, used or not (BuildKit adds each ARG in scope to the RUN's environment; ` +
                  `the classic builder records it in the RUN's command): ${rebuilt}; declare it ${where}`,
                range: declaration.name.range,
                ...optional(envCopy === undefined && instruction.declarations.length === 1 ? argFix(instruction, index, use, name) : undefined),
              });
            }
          } else if (instruction.kind === 'LABEL') {
            for (const pair of instruction.pairs) {
              const value = pair.value.value;
              // Either way a volatile label's value holds a variable; most labels are plain text.
              if (!value.includes('$')) continue;
              const args = context.scopeOf(instruction).args;
              const fromArg = [...value.matchAll(VARIABLE)]
                .map((m) => m[1] ?? '')
                .find((name) => args.has(name) && isVolatileName(name));
              const volatile = fromArg !== undefined || (isVolatileName(pair.key.value) && value.includes('$'));
              if (!volatile) continue;
              const hit = firstExpensive(index + 1);
              if (!hit) continue;
              const key = labelKey(pair.key.value);
              const last = instructions[instructions.length - 1] as Instruction;
              const fix = labelMovesSafely(instruction, index, lookup(), labelsByKey)
                ? moveBelow(context.text, instruction, last, 'Move the LABEL to the end of the stage')
                : undefined;
              context.report({
                ...optional(fix),
                message:
                  `LABEL ${key} changes on every build${fromArg ? ` (it takes its value from ARG ${fromArg})` : ''}: ` +
                  `BuildKit keeps labels out of cache keys, but the classic builder (and Buildah) commit each LABEL as ` +
                  `a step and compare labels, so there every step after it rebuilds on every build, including ` +
                  `${hit.what}; move it to the end of the final stage`,
                range: pair.key.range,
              });
            }
          }
        }
      },
    };
  },
};

/** `{ fix }` to spread into a report, or nothing. */
function optional(fix: ReportDescriptor['fix'] | undefined): { fix?: NonNullable<ReportDescriptor['fix']> } {
  return fix ? { fix } : {};
}
