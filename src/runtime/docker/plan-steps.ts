/**
 * Which Dockerfile instruction an engine step comes from, and whether the engine's cache hits agree with the
 * planner's prediction.
 *
 * The builders name steps differently. The classic builder numbers every instruction of the file, global ARGs
 * included (`Step 4/9 : RUN make`). BuildKit numbers only the operations inside each stage (`[build 2/4] RUN
 * make`: FROM, RUN, COPY, ADD, WORKDIR — exactly the steps a BuildKit plan gives a key), names an unnamed stage
 * `stage-N` in multi-stage files and no stage at all in single-stage ones, and substitutes ARG values in the text.
 */
import type { Dockerfile, Range } from '../../parser/index.js';
import { explainChanges, type Plan, type PlanStage, type PlanStep } from '../../planner/index.js';
import type { BuilderModel } from '../../planner/index.js';
import type { BuildStep } from './build-progress.js';
import { readBuildKitStepName } from './buildkit-step-name.js';

/** A plan step with the source range of its instruction. */
export interface LocatedStep {
  readonly step: PlanStep;
  readonly range: Range | undefined;
}

/** What locating needs to know of an engine step (a {@link BuildStep} has all of it). */
export interface EngineStepName {
  readonly index: number;
  readonly instruction: string;
  /** BuildKit: the stage name in the step's label; buildah: the stage's 1-based position. */
  readonly stage?: string;
}

/** Reads a BuildKit vertex name as a step (`null` for internal vertices such as `[internal] load …`). */
export function parseBuildKitStepName(name: string): EngineStepName | null {
  const read = readBuildKitStepName(name);
  if (!read) return null;
  return { index: read.index, instruction: read.instruction, ...(read.stage !== undefined && { stage: read.stage }) };
}

/** Maps engine steps of one build to the steps of the plan made for it. */
export class PlanStepLocator {
  private readonly byLine = new Map<number, PlanStep>();
  private readonly ranges = new Map<number, Range>();

  constructor(
    private readonly plan: Plan,
    private readonly ast: Dockerfile,
    private readonly builder: BuilderModel,
  ) {
    for (const stage of plan.stages) for (const step of stage.steps) this.byLine.set(step.line, step);
    for (const instruction of ast.instructions) this.ranges.set(instruction.startLine, instruction.range);
  }

  /** The plan step an engine step reports on, or `null` (global ARGs, the classic builder's `labels` step…). */
  locate(step: EngineStepName): LocatedStep | null {
    const planned = this.builder === 'classic' ? this.classic(step) : this.builder === 'podman' ? this.podman(step) : this.buildkit(step);
    return planned ? { step: planned, range: this.ranges.get(planned.line) } : null;
  }

  /** The range of the instruction starting on a 1-based line. */
  rangeOfLine(line: number): Range | undefined {
    return this.ranges.get(line);
  }

  private classic(step: EngineStepName): PlanStep | null {
    const instruction = this.ast.instructions[step.index - 1];
    if (!instruction) return null;
    const planned = this.byLine.get(instruction.startLine);
    // The header repeats the instruction text; anything else means the numbering is not the file's.
    const keyword = instruction.keyword.toUpperCase();
    return planned && step.instruction.toUpperCase().startsWith(keyword) ? planned : null;
  }

  /**
   * buildah numbers every instruction of a stage, FROM first, and names the stage by its position in the file
   * when there are several (`[2/3] STEP 1/4: …`).
   */
  private podman(step: EngineStepName): PlanStep | null {
    const stages = this.plan.stages;
    const stage =
      step.stage === undefined ? (stages.length === 1 ? stages[0] : stages.filter((s) => s.needed).at(-1)) : stages[Number(step.stage) - 1];
    if (!stage) return null;
    // Every instruction is a step, and so is every ONBUILD trigger of the base.
    const found = numberedStep(stage, step.index, stage.steps, stage.steps[0]?.inputs.triggers?.length ?? 0);
    if (!found || found.trigger) return found?.step ?? null;
    const planned = found.step;
    // buildah prints each instruction as written (a FROM of a stage names the stage's image ID instead); one that
    // reads otherwise is not the step the plan has there (a base image's triggers, which podman does not report,
    // shift the numbers).
    if (planned.kind === 'FROM') return /^FROM\b/i.test(step.instruction) ? planned : null;
    return sameInstruction(step.instruction, planned.instruction) ? planned : null;
  }

  private buildkit(step: EngineStepName): PlanStep | null {
    const stages = this.plan.stages;
    const wanted = step.stage?.toLowerCase();
    const stage =
      wanted === undefined
        ? stages.length === 1
          ? stages[0]
          : // A single needed stage in a multi-stage file is also shown without a name.
            stages.filter((s) => s.needed).at(-1)
        : stages.find((s) => s.name?.toLowerCase() === wanted || `stage-${s.index}` === wanted);
    if (!stage) return null;
    // BuildKit numbers only the keyed steps: a FROM of an image (not of another stage, nor scratch), the ONBUILD
    // triggers the base left that are steps (RUN, COPY, ADD, WORKDIR; not ENV…), the stage's own steps.
    const from = stage.steps[0];
    const numbered = stage.steps.filter((s) => s.key !== null && (s !== from || !stage.base.startsWith('stage:')));
    const triggers = from?.inputs.triggers?.filter((trigger) => trigger.key !== null).length ?? 0;
    const found = numberedStep(stage, step.index, numbered, triggers);
    if (!found || found.trigger) return found?.step ?? null;
    return step.instruction.toUpperCase().startsWith(found.step.kind) ? found.step : null;
  }
}

/**
 * The plan step at an engine's 1-based step number, where the engine counts the `numbered` steps of a stage and,
 * right after its FROM (first, when the FROM is not counted), `triggers` ONBUILD triggers of the base: those
 * are the FROM step's, into which the plan folds them (`trigger`).
 */
function numberedStep(
  stage: PlanStage,
  index: number,
  numbered: readonly PlanStep[],
  triggers: number,
): { readonly step: PlanStep; readonly trigger: boolean } | undefined {
  const from = stage.steps[0]?.kind === 'FROM' ? stage.steps[0] : undefined;
  const before = from !== undefined && numbered[0] === from ? 1 : 0;
  if (from && index > before && index <= before + triggers) return { step: from, trigger: true };
  const step = numbered[index <= before ? index - 1 : index - 1 - triggers];
  return step && { step, trigger: false };
}

/** Whether two instruction texts are one, keyword case and runs of white space aside. */
function sameInstruction(a: string, b: string): boolean {
  const normal = (text: string): string => {
    const words = text.trim().split(/\s+/);
    return [words[0]!.toUpperCase(), ...words.slice(1)].join(' ');
  };
  return normal(a) === normal(b);
}

/** A step whose cache hit or miss differed from the prediction. */
export interface CacheMismatch {
  readonly line: number;
  readonly predicted: 'hit' | 'miss';
  readonly engine: 'hit' | 'miss';
}

/**
 * Compares the engine's cache report with what the plan predicts relative to the plan of the previous build.
 * FROM steps are left out (the engine's cached flag means nothing for them), as are failed steps and steps
 * whose rerun depends on whether another stage's output really changed.
 */
export function cacheMismatches(
  current: Plan,
  previous: Plan,
  steps: readonly BuildStep[],
  locator: PlanStepLocator,
): CacheMismatch[] {
  // explainChanges annotates the plan it is given; the caller's plan stays as it was.
  const explained = structuredClone(current);
  explainChanges(explained, previous);
  const byLine = new Map<number, PlanStep>();
  for (const stage of explained.stages) for (const step of stage.steps) byLine.set(step.line, step);
  const mismatches: CacheMismatch[] = [];
  const seen = new Set<number>();
  for (const engineStep of steps) {
    if (/^FROM\b/i.test(engineStep.instruction) || engineStep.error !== undefined) continue;
    const line = locator.locate(engineStep)?.step.line;
    const step = line === undefined ? undefined : byLine.get(line);
    if (!step || step.conditional || seen.has(step.line)) continue;
    const predicted = step.rebuild ? 'miss' : 'hit';
    const engine = engineStep.cached ? 'hit' : 'miss';
    // An ONBUILD trigger of the base, which the plan folds into the FROM step: when the FROM reruns, the triggers
    // before the first changed one still hit; when it is cached, every trigger must hit.
    if (step.kind === 'FROM') {
      if (predicted === 'hit' && engine === 'miss') {
        seen.add(step.line);
        mismatches.push({ line: step.line, predicted, engine });
      }
      continue;
    }
    seen.add(step.line);
    if (predicted !== engine) mismatches.push({ line: step.line, predicted, engine });
  }
  return mismatches.sort((a, b) => a.line - b.line);
}
