/**
 * Which Dockerfile instruction an engine step comes from, and whether the engine's cache hits agree with the
 * planner's prediction.
 *
 * The builders name steps differently. The classic builder numbers every instruction of the file, global ARGs
 * included (`Step 4/9 : RUN make`). BuildKit numbers only the operations inside each stage (`[build 2/4] RUN
 * make`: FROM, RUN, COPY, ADD, WORKDIR — exactly the steps a BuildKit plan gives a key), names an unnamed stage
 * `stage-N` in multi-stage files and no stage at all in single-stage ones, and substitutes ARG values in the text.
 */
import { getStages, onbuildTriggers, type Dockerfile, type Range, type Stage } from '../../parser/index.js';
import { explainChanges, type Plan, type PlanStage, type PlanStep } from '../../planner/index.js';
import type { BuilderModel } from '../../planner/index.js';
import type { BuildStep } from './build-progress.js';

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

// `[1/3] FROM …`, `[build 2/4] RUN …`, `[linux/arm64 build 2/4] …`, with the index padded (`[ 2/12]`).
const BUILDKIT_STEP = /^\[(?:([^\]]*?) +)?\s*(\d+)\/(\d+)\] (.*)$/s;

/** Reads a BuildKit vertex name as a step (`null` for internal vertices such as `[internal] load …`). */
export function parseBuildKitStepName(name: string): EngineStepName | null {
  const match = BUILDKIT_STEP.exec(name);
  if (!match) return null;
  // Before the index: an optional platform (it has a `/`, which a stage name cannot), then the stage name.
  const stage = (match[1] ?? '').split(/\s+/).filter((word) => word !== '' && !word.includes('/')).pop();
  return { index: Number(match[2]), instruction: match[4] ?? '', ...(stage !== undefined && { stage }) };
}

/** Maps engine steps of one build to the steps of the plan made for it. */
export class PlanStepLocator {
  private readonly byLine = new Map<number, PlanStep>();
  private readonly ranges = new Map<number, Range>();
  private readonly stages: readonly Stage[];

  constructor(
    private readonly plan: Plan,
    private readonly ast: Dockerfile,
    private readonly builder: BuilderModel,
  ) {
    for (const stage of plan.stages) for (const step of stage.steps) this.byLine.set(step.line, step);
    for (const instruction of ast.instructions) this.ranges.set(instruction.startLine, instruction.range);
    this.stages = getStages(ast);
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
    const planned = stage?.steps[step.index - 1];
    return planned && step.instruction.toUpperCase().startsWith(planned.kind) ? planned : null;
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
    // A FROM of another stage is no operation BuildKit numbers; the ONBUILD triggers that stage left run first,
    // numbered before the stage's own steps, and the plan folds them into that FROM step.
    const fromStage = stage.steps[0]?.kind === 'FROM' && stage.base.startsWith('stage:') ? stage.steps[0] : null;
    const triggers = fromStage ? this.triggerCount(stage) : 0;
    if (fromStage && step.index <= triggers) return fromStage;
    const keyed = stage.steps.filter((s) => s.key !== null && s !== fromStage);
    const planned = keyed[step.index - triggers - 1];
    return planned && step.instruction.toUpperCase().startsWith(planned.kind) ? planned : null;
  }

  /** How many ONBUILD triggers the base stage of `stage` (a `stage:` base) leaves for it to run. */
  private triggerCount(stage: PlanStage): number {
    const reference = stage.base.slice('stage:'.length);
    const base = this.plan.stages.find((s) => s.name === reference) ?? this.plan.stages.find((s) => String(s.index) === reference);
    const parsed = base ? this.stages[base.index] : undefined;
    return parsed ? onbuildTriggers(parsed).length : 0;
  }
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
    seen.add(step.line);
    const predicted = step.rebuild ? 'miss' : 'hit';
    const engine = engineStep.cached ? 'hit' : 'miss';
    if (predicted !== engine) mismatches.push({ line: step.line, predicted, engine });
  }
  return mismatches.sort((a, b) => a.line - b.line);
}
