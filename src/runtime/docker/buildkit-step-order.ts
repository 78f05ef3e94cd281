/**
 * A stable order for BuildKit's Dockerfile steps. BuildKit announces the vertices of a build in no fixed order
 * (the same build lists `[2/3] COPY` before `[1/3] FROM` one time and after it the next), so the order of first
 * appearance is not something to report. Steps are ordered stage by stage — a stage after the stages it takes
 * input from, independent stages by name — and by their position inside a stage.
 */

/** What ordering needs to know of a step. */
export interface OrderableStep {
  readonly stage?: string;
  readonly index: number;
  readonly digest?: string;
}

/** Returns `steps` in stage-dependency order, then by index; `inputsOf(digest)` gives a vertex's inputs. */
export function orderBuildKitSteps<T extends OrderableStep>(steps: readonly T[], inputsOf: (digest: string) => readonly string[]): T[] {
  const stageOf = new Map<string, string>();
  for (const step of steps) if (step.digest) stageOf.set(step.digest, step.stage ?? '');

  // Edges between stages: a step whose input is a step of another stage depends on that stage.
  const dependsOn = new Map<string, Set<string>>();
  for (const step of steps) {
    const stage = step.stage ?? '';
    const deps = dependsOn.get(stage) ?? new Set<string>();
    dependsOn.set(stage, deps);
    for (const input of step.digest ? inputsOf(step.digest) : []) {
      const from = stageOf.get(input);
      if (from !== undefined && from !== stage) deps.add(from);
    }
  }

  // Kahn's algorithm, always taking the alphabetically first ready stage, so that the order is stable.
  const rank = new Map<string, number>();
  const pending = new Set(dependsOn.keys());
  while (pending.size > 0) {
    const ready = [...pending].filter((s) => [...(dependsOn.get(s) ?? [])].every((d) => rank.has(d))).sort();
    // A cycle cannot come from a Dockerfile; should one appear anyway, fall back to names.
    const next = ready[0] ?? [...pending].sort()[0] ?? '';
    rank.set(next, rank.size);
    pending.delete(next);
  }

  return [...steps].sort((a, b) => (rank.get(a.stage ?? '') ?? 0) - (rank.get(b.stage ?? '') ?? 0) || a.index - b.index);
}
