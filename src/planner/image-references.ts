/**
 * The images a plan takes content from: what a caller resolves with the engine (`--resolve-images`,
 * `baseImages`) so that keys follow the images' identities rather than their names.
 */
import type { PlanStage } from './plan-types.js';

/**
 * Every image the given stages use, each once, in order of appearance: their bases (not another stage, not
 * `scratch`) and the images `COPY --from=<image>` and `RUN --mount=from=<image>` take.
 *
 * @example
 * imageReferences(plan.stages.filter((stage) => stage.needed)); // ['golang:1.22', 'alpine:3.20']
 */
export function imageReferences(stages: readonly PlanStage[]): string[] {
  const found = new Set<string>();
  for (const stage of stages) {
    if (!stage.base.startsWith('stage:') && stage.base !== 'scratch') found.add(stage.base);
    for (const step of stage.steps) {
      for (const source of step.inputs.sources ?? []) if (source.origin === 'image' && source.image !== undefined) found.add(source.image);
    }
  }
  return [...found];
}
