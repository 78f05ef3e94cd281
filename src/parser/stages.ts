/** Build stages: a FROM and the instructions that follow it up to the next FROM. */
import type { Dockerfile, FromInstruction, Instruction, Stage } from './ast.js';
import { endOffsetOf, startOffsetOf } from './source.js';

export function getStages(ast: Dockerfile): Stage[] {
  const stages: Stage[] = [];
  let current: { from: FromInstruction; instructions: Instruction[] } | null = null;
  const close = (): void => {
    if (!current) return;
    const last = current.instructions[current.instructions.length - 1] ?? current.from;
    stages.push({
      index: stages.length,
      name: current.from.stageName?.value ?? null,
      from: current.from,
      instructions: current.instructions,
      range: { start: current.from.range.start, end: last.range.end },
    });
  };
  for (const instruction of ast.instructions) {
    if (instruction.kind === 'FROM') {
      close();
      current = { from: instruction, instructions: [] };
    } else if (current) {
      current.instructions.push(instruction);
    }
  }
  close();
  return stages;
}

/** Instructions before the first FROM (only ARG is allowed there). */
export function getGlobalInstructions(ast: Dockerfile): Instruction[] {
  const out: Instruction[] = [];
  for (const instruction of ast.instructions) {
    if (instruction.kind === 'FROM') break;
    out.push(instruction);
  }
  return out;
}

/** Finds a stage by name (case-insensitive, as BuildKit compares stage names) or by index. */
export function findStage(stages: readonly Stage[], nameOrIndex: string): Stage | undefined {
  if (/^\d+$/.test(nameOrIndex)) return stages[Number(nameOrIndex)];
  const wanted = nameOrIndex.toLowerCase();
  return stages.find((stage) => stage.name?.toLowerCase() === wanted);
}

/**
 * The top-level instruction whose range contains `offset` (its end included), or `null`: a binary search over
 * instructions in source order.
 *
 * @example
 * ```ts
 * const { ast } = parse('FROM a\nRUN b\n');
 * instructionAt(ast.instructions, 8)?.name; // 'RUN'
 * ```
 */
export function instructionAt(instructions: readonly Instruction[], offset: number): Instruction | null {
  let low = 0;
  let high = instructions.length - 1;
  let found: Instruction | undefined;
  while (low <= high) {
    const mid = (low + high) >>> 1;
    const candidate = instructions[mid] as Instruction;
    if (startOffsetOf(candidate.range) <= offset) {
      found = candidate;
      low = mid + 1;
    } else high = mid - 1;
  }
  return found && offset <= endOffsetOf(found.range) ? found : null;
}

/**
 * The instructions a stage's ONBUILD lines register as triggers, in order: what a build based on its image runs
 * first. Those of the stage's own base ran while the stage was built and are not passed on.
 */
export function onbuildTriggers(stage: Stage): Instruction[] {
  const triggers: Instruction[] = [];
  for (const instruction of stage.instructions) if (instruction.kind === 'ONBUILD' && instruction.trigger) triggers.push(instruction.trigger);
  return triggers;
}
