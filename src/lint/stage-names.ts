/** Looking stages up by name, for rules that ask for each instruction which stage bears a name. */
import type { StageInfo } from './types.js';

/** Each file's stage names (lower case, as stages are named) with the index of the first stage bearing each. */
const firstIndexes = new WeakMap<readonly StageInfo[], ReadonlyMap<string, number>>();

/**
 * The index of the first stage named `name` (in lower case), or `Infinity` when no stage is: such a name comes
 * after every stage. A table made once per file, not a walk over the stages per instruction.
 */
export function firstStageNamed(stages: readonly StageInfo[], name: string): number {
  let first = firstIndexes.get(stages);
  if (!first) {
    const table = new Map<string, number>();
    for (const stage of stages) if (stage.name !== null && !table.has(stage.name)) table.set(stage.name, stage.index);
    firstIndexes.set(stages, (first = table));
  }
  return first.get(name) ?? Infinity;
}
