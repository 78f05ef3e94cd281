import type { Instruction } from '../../parser/index.js';
import type { RuleContext, RuleModule, StageInfo } from '../types.js';
import { labelEntries } from './empty-label.js';

/** Stages a COPY --from or RUN --mount from= of any stage reads, by name or index. */
export function copiedStages(context: RuleContext): Set<StageInfo> {
  const byName = new Map<string, StageInfo>();
  for (const info of context.stages) if (info.name) byName.set(info.name, info);
  const copied = new Set<StageInfo>();
  const mark = (reference: string | null): void => {
    if (!reference) return;
    const target = /^\d+$/.test(reference) ? context.stages[Number(reference)] : byName.get(reference.toLowerCase());
    if (target) copied.add(target);
  };
  for (const info of context.stages) {
    for (const instruction of info.stage.instructions) {
      if (instruction.kind === 'COPY' || instruction.kind === 'ADD') mark(instruction.options.from?.value ?? null);
      else if (instruction.kind === 'RUN') for (const mount of instruction.mounts) mark(mount.from);
    }
  }
  return copied;
}

/**
 * The stages that miss something they neither set themselves nor inherit from a stage of this file, and that no
 * later stage makes up for: a stage is exempt when another stage copies from it, or when a stage built on it
 * has the thing or is exempt itself (it is then only a step towards that stage).
 */
export function stagesMissing(
  context: RuleContext,
  sets: (instruction: Instruction) => boolean,
): StageInfo[] {
  const stages = context.stages;
  // Parents always come earlier in the file, so one pass forwards settles what each stage has.
  const has = new Map<StageInfo, boolean>();
  const children = new Map<StageInfo, StageInfo[]>();
  for (const info of stages) {
    has.set(info, info.stage.instructions.some(sets) || (info.parent !== null && has.get(info.parent) === true));
    if (info.parent) {
      const siblings = children.get(info.parent);
      if (siblings) siblings.push(info);
      else children.set(info.parent, [info]);
    }
  }
  const copied = copiedStages(context);
  const exempt = new Map<StageInfo, boolean>();
  // Children come later in the file, so walking backwards settles them first.
  for (const info of [...stages].reverse()) {
    exempt.set(
      info,
      copied.has(info) ||
        (children.get(info) ?? []).some((child) => has.get(child) === true || exempt.get(child) === true),
    );
  }
  return stages.filter((info) => has.get(info) !== true && exempt.get(info) !== true);
}

/** DL3049: a stage lacks a label the label schema requires. */
export const requiredLabel: RuleModule = {
  meta: {
    id: 'required-label',
    hadolint: 'DL3049',
    severity: 'info',
    category: 'maintainability',
    docs: {
      summary: 'Stages should set the labels of the label schema',
      description:
        'For every label listed in the `label-schema` setting, flags each stage (at its `FROM`) that neither sets ' +
        'the label nor builds on a stage of this file that does. Stages that only feed other stages are exempt: ' +
        'those another stage copies from (`COPY --from`, `RUN --mount=from=`), and those a stage with the label ' +
        'is built on. Labels set in ONBUILD triggers do not count. Does nothing without a schema.',
      rationale: 'Organisations rely on required labels (owner, source, version) to track and audit images.',
      example: '# label-schema: { org.opencontainers.image.source: url }\nFROM alpine\nRUN apk add curl',
      useInstead: 'FROM alpine\nLABEL org.opencontainers.image.source="https://github.com/acme/app"\nRUN apk add curl',
    },
  },
  create(context) {
    return {
      'Dockerfile:exit'() {
        const escapeChar = context.ast.escapeChar;
        for (const label of Object.keys(context.settings.labelSchema)) {
          const sets = (instruction: Instruction): boolean =>
            instruction.kind === 'LABEL' && labelEntries(instruction, escapeChar).some((entry) => entry.key === label);
          for (const info of stagesMissing(context, sets)) {
            context.report({ message: `Label \`${label}\` is missing.`, range: info.stage.from.range });
          }
        }
      },
    };
  },
};
