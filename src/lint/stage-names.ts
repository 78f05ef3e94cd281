/** Looking stages up by name, for rules that ask for each instruction whether an earlier stage bears one. */
import type { StageInfo } from './types.js';

/** Each stage name (in lower case, as stages are named) with the index of the first stage that bears it. */
export function firstIndexByName(stages: readonly StageInfo[]): ReadonlyMap<string, number> {
  const first = new Map<string, number>();
  for (const stage of stages) if (stage.name !== null && !first.has(stage.name)) first.set(stage.name, stage.index);
  return first;
}
