/**
 * "What rebuilds, and why": compares a plan with an earlier one (a saved `plan.json`, another context, or the
 * same context with some files assumed edited) and marks every step that will run again, in words.
 *
 * The engine's cache is a store of results by key, so a step reruns exactly when its key was not produced
 * before. Explaining *why* takes a second look: a step whose parent state was cached but whose own key is new
 * changed by itself (its text, a variable, a copied file…); a step whose parent state is new simply follows
 * the first step that missed.
 */
import type { Plan, PlanStage, PlanStep, StepSource } from './plan-types.js';

/** Per stage: what reruns. */
export interface StageExplanation {
  readonly index: number;
  readonly name: string | null;
  /** 1-based line of the first step that misses, or `null` when the whole stage is cached. */
  readonly firstMiss: number | null;
  /** Lines of every step that reruns. */
  readonly rebuilds: readonly number[];
  /** One sentence for the stage, e.g. "`src/app.ts` changed; it is copied by `COPY . .` on line 7, so lines 7–9 rebuild". */
  readonly summary: string;
}

export interface Explanation {
  readonly stages: readonly StageExplanation[];
  /** Warnings about the comparison itself (e.g. plans made for different builders). */
  readonly warnings: readonly string[];
}

/** A short display of an instruction for messages. */
function quoteInstruction(step: PlanStep): string {
  const text = step.instruction.trim().replace(/\s+/g, ' ');
  return `\`${text.length > 60 ? `${text.slice(0, 57)}…` : text}\``;
}

function code(text: string): string {
  return `\`${text}\``;
}

function listOf(items: readonly string[], limit = 3): string {
  if (items.length <= limit) return items.join(', ');
  return `${items.slice(0, limit).join(', ')} and ${items.length - limit} more`;
}

function stageLabel(stage: PlanStage): string {
  return stage.name ? `stage ${code(stage.name)}` : `stage ${stage.index}`;
}

/** Index of the previous plan: every key it produced, and its steps by the state they built on. */
interface PreviousIndex {
  readonly keys: ReadonlySet<string>;
  readonly keysIfOutputsUnchanged: ReadonlySet<string>;
  readonly byParent: ReadonlyMap<string, PlanStep[]>;
  readonly plan: Plan;
}

function indexPrevious(previous: Plan): PreviousIndex {
  const keys = new Set<string>();
  const unchanged = new Set<string>();
  const byParent = new Map<string, PlanStep[]>();
  for (const stage of previous.stages) {
    if (!stage.needed) continue;
    for (const step of stage.steps) {
      if (step.key === null) continue;
      keys.add(step.key);
      unchanged.add(step.keyIfOutputsUnchanged ?? step.key);
      if (step.parentKey !== null) {
        const list = byParent.get(step.parentKey) ?? [];
        list.push(step);
        byParent.set(step.parentKey, list);
      }
    }
  }
  return { keys, keysIfOutputsUnchanged: unchanged, byParent, plan: previous };
}

/**
 * Marks `current`'s steps with `rebuild`, `conditional` and `reason` against `previous`, and returns a
 * per-stage summary. `current` is modified in place (its steps gain those fields).
 */
export function explainChanges(current: Plan, previous: Plan): Explanation {
  const warnings: string[] = [];
  if (current.builder !== previous.builder) {
    warnings.push(
      `the earlier plan was made for the ${previous.builder} builder and this one for ${current.builder}; their keys never match`,
    );
  }
  const index = indexPrevious(previous);
  const stages = current.stages.map((stage) => explainStage(stage, current, index));
  return { stages, warnings };
}

function explainStage(stage: PlanStage, current: Plan, previous: PreviousIndex): StageExplanation {
  const rebuilds: number[] = [];
  let firstMiss: PlanStep | null = null;
  let firstReason = '';
  let allConditional = true;
  for (const step of stage.steps) {
    const verdict = judgeStep(step, stage, current, previous, firstMiss);
    step.rebuild = verdict.rebuild;
    if (verdict.conditional) step.conditional = true;
    else delete step.conditional;
    if (verdict.reason) step.reason = verdict.reason;
    else delete step.reason;
    if (verdict.notes.length > 0) step.notes = [...(step.notes ?? []), ...verdict.notes];
    if (!verdict.rebuild) continue;
    rebuilds.push(step.line);
    if (!verdict.conditional) allConditional = false;
    if (!firstMiss) {
      firstMiss = step;
      firstReason = verdict.reason ?? '';
    }
  }
  if (!stage.needed) {
    return { index: stage.index, name: stage.name, firstMiss: null, rebuilds: [], summary: `${stageLabel(stage)} is not built for this target` };
  }
  if (!firstMiss) {
    return { index: stage.index, name: stage.name, firstMiss: null, rebuilds: [], summary: `${stageLabel(stage)}: every step is cached` };
  }
  const last = stage.steps.filter((step) => step.rebuild).at(-1) ?? firstMiss;
  const several = last.endLine > firstMiss.line;
  const span = several ? `lines ${firstMiss.line}–${last.endLine}` : `line ${firstMiss.line}`;
  const verb = allConditional ? 'may rebuild' : several ? 'rebuild' : 'rebuilds';
  const summary = `${firstReason}, so ${span} ${verb}`;
  return { index: stage.index, name: stage.name, firstMiss: firstMiss.line, rebuilds, summary };
}

interface Verdict {
  readonly rebuild: boolean;
  readonly conditional: boolean;
  readonly reason?: string;
  readonly notes: string[];
}

function judgeStep(
  step: PlanStep,
  stage: PlanStage,
  current: Plan,
  previous: PreviousIndex,
  firstMiss: PlanStep | null,
): Verdict {
  if (!stage.needed) return { rebuild: false, conditional: false, notes: [] };
  if (step.key === null) return { rebuild: false, conditional: false, notes: [] };
  const notes = staleHitNotes(step, previous);
  if (previous.keys.has(step.key)) return { rebuild: false, conditional: false, notes };
  const conditional =
    step.keyIfOutputsUnchanged !== undefined && previous.keysIfOutputsUnchanged.has(step.keyIfOutputsUnchanged);
  const parentCached = step.parentKey === null || previous.keys.has(step.parentKey);
  let reason: string;
  if (step.kind === 'FROM') {
    reason = triggerReason(step, current, previous) ?? baseReason(step, current);
  } else if (!parentCached && firstMiss) {
    reason = `follows line ${firstMiss.line}, which ${firstMiss.conditional ? 'may rebuild' : 'rebuilds'}`;
  } else {
    reason = ownChangeReason(step, current, previous);
  }
  if (conditional && !reason.includes('output')) {
    reason = `${reason}; it reruns only if that stage's output really changes (the engine compares it by content)`;
  }
  return { rebuild: true, conditional, reason, notes };
}

/** When the base is as before but a file an ONBUILD trigger of it copies changed: which, and through what. */
function triggerReason(step: PlanStep, current: Plan, previous: PreviousIndex): string | null {
  if (!step.inputs.sources || !step.inputs.triggers) return null;
  const changed = changedFiles(step.inputs.sources, current, previous.plan);
  if (changed.length === 0) return null;
  const triggers = step.inputs.triggers.map((trigger) => code(trigger.instruction)).join(', ');
  return `${listOf(changed.map(code))} changed; ${changed.length === 1 ? 'it is' : 'they are'} copied by the ONBUILD trigger${step.inputs.triggers.length === 1 ? '' : 's'} ${triggers} of the base, which run${step.inputs.triggers.length === 1 ? 's' : ''} at line ${step.line}`;
}

function baseReason(step: PlanStep, current: Plan): string {
  const base = step.inputs.base ?? '';
  if (base.startsWith('stage:')) {
    const name = base.slice('stage:'.length);
    const source = current.stages.find((stage) => (stage.name ?? String(stage.index)) === name);
    const line = source?.steps.find((candidate) => candidate.rebuild)?.line;
    return `the base ${stageLabelByName(name)} rebuilds${line !== undefined ? ` (from line ${line})` : ''}`;
  }
  return `the base image ${code(base)} is new or changed`;
}

/** A URL source the plan downloaded (its digest is the content's), as opposed to one keyed on its text. */
function isDownload(source: StepSource): boolean {
  return source.origin === 'url' && source.files === 1;
}

function stageLabelByName(name: string): string {
  return /^\d+$/.test(name) ? `stage ${name}` : `stage ${code(name)}`;
}

/** Why a step whose parent state was cached has a new key: compare it with the step that followed that state. */
function ownChangeReason(step: PlanStep, current: Plan, previous: PreviousIndex): string {
  const candidates = (step.parentKey !== null ? previous.byParent.get(step.parentKey) : undefined) ?? [];
  const before = candidates.find((candidate) => candidate.kind === step.kind) ?? candidates[0];
  const where = `${quoteInstruction(step)} on line ${step.line}`;
  if (step.inputs.sources) {
    const changed = changedFiles(step.inputs.sources, current, previous.plan);
    if (changed.length > 0) {
      const how = step.kind === 'RUN' ? 'mounted' : 'copied';
      return `${listOf(changed.map(code))} changed; ${changed.length === 1 ? 'it is' : 'they are'} ${how} by ${where}`;
    }
    const fromStage = step.inputs.sources.find((source) => source.origin === 'stage');
    if (fromStage) return `${where} copies from a stage that rebuilds`;
  }
  if (!before) return `${where} is new or moved (nothing cached follows the state before it)`;
  if (before.inputs.text !== step.inputs.text) {
    return `${where} changed (was ${quoteInstruction(before)})`;
  }
  const download = step.inputs.sources?.find(
    (source) =>
      isDownload(source) &&
      before.inputs.sources?.some((earlier) => isDownload(earlier) && earlier.source === source.source && earlier.digest !== source.digest),
  );
  if (download) return `the content downloaded from ${code(download.source)} changed; it is added by ${where}`;
  const image = step.inputs.sources?.find(
    (source) =>
      source.origin === 'image' &&
      before.inputs.sources?.some((earlier) => earlier.origin === 'image' && earlier.image === source.image && earlier.digest !== source.digest),
  );
  if (image?.image !== undefined) return `the image ${code(image.image)} is new or changed; ${where} ${step.kind === 'RUN' ? 'mounts' : 'copies from'} it`;
  const envChanges = diffRecords(before.inputs.env ?? {}, step.inputs.env ?? {});
  if (envChanges.length > 0) return `${listOf(envChanges)} changed for ${where}`;
  // BuildKit keys the environment in its order: the same variables set in another order are another command.
  if (Object.keys(before.inputs.env ?? {}).join('\0') !== Object.keys(step.inputs.env ?? {}).join('\0')) {
    return `the environment variables come in another order for ${where}`;
  }
  if ((before.inputs.network ?? '') !== (step.inputs.network ?? '')) {
    return `the network mode changed (${before.inputs.network ?? 'default'} → ${step.inputs.network ?? 'default'}) for ${where}`;
  }
  if ((before.inputs.workdir ?? '') !== (step.inputs.workdir ?? '')) {
    return `the working directory changed (${before.inputs.workdir ?? '/'} → ${step.inputs.workdir ?? '/'}) for ${where}`;
  }
  if ((before.inputs.user ?? '') !== (step.inputs.user ?? '')) return `the user changed for ${where}`;
  if (step.inputs.sources && before.inputs.sources) {
    const gained = sourceMatchChanges(before.inputs.sources, step.inputs.sources);
    if (gained) return `${gained} for ${where}`;
    return `the content selected by ${where} changed (file modes or links)`;
  }
  return `the inputs of ${where} changed`;
}

/** Context files (by path) whose digest differs, that appeared, or that disappeared under a step's sources. */
function changedFiles(sources: readonly StepSource[], current: Plan, previous: Plan): string[] {
  const changed: string[] = [];
  const covers = (path: string): boolean =>
    sources.some((source) =>
      source.matches.some((match) => match === '' || path === match || path.startsWith(`${match}/`)),
    );
  for (const [path, digest] of Object.entries(current.files)) {
    if (!covers(path)) continue;
    if (previous.files[path] !== digest) changed.push(path);
  }
  for (const path of Object.keys(previous.files)) {
    if (!Object.hasOwn(current.files, path) && covers(path)) changed.push(`${path} (removed)`);
  }
  return changed.sort();
}

function sourceMatchChanges(before: readonly StepSource[], after: readonly StepSource[]): string | null {
  const old = new Set(before.flatMap((source) => source.matches));
  const now = new Set(after.flatMap((source) => source.matches));
  const added = [...now].filter((path) => !old.has(path));
  const removed = [...old].filter((path) => !now.has(path));
  if (added.length > 0) return `${listOf(added.map(code))} now ${added.length === 1 ? 'matches' : 'match'}`;
  if (removed.length > 0) return `${listOf(removed.map(code))} no longer ${removed.length === 1 ? 'matches' : 'match'}`;
  return null;
}

function diffRecords(before: Readonly<Record<string, string>>, after: Readonly<Record<string, string>>): string[] {
  const out: string[] = [];
  for (const [name, value] of Object.entries(after)) {
    if (!Object.hasOwn(before, name)) out.push(`${code(name)} (now ${JSON.stringify(value)})`);
    else if (before[name] !== value) out.push(`${code(name)} (${JSON.stringify(before[name])} → ${JSON.stringify(value)})`);
  }
  for (const name of Object.keys(before)) if (!Object.hasOwn(after, name)) out.push(`${code(name)} (removed)`);
  return out;
}

/**
 * A change only in directory modes makes a new key, but Docker 20.10's BuildKit does not see it and reports a
 * cached step with the old directory modes: say so next to the step.
 */
function staleHitNotes(step: PlanStep, previous: PreviousIndex): string[] {
  const sources = step.inputs.sources;
  if (!sources || previous.plan.builder !== 'buildkit') return [];
  const before = step.parentKey !== null ? previous.byParent.get(step.parentKey) : undefined;
  const match = before?.find((candidate) => candidate.inputs.text === step.inputs.text);
  if (!match?.inputs.sources) return [];
  const notes: string[] = [];
  sources.forEach((source, i) => {
    const old = match.inputs.sources?.[i];
    if (!old || old.digest === source.digest) return;
    const oldBlind = old.digestWithoutDirModes ?? old.digest;
    const newBlind = source.digestWithoutDirModes ?? source.digest;
    if (oldBlind === newBlind) {
      notes.push(
        `only directory permissions under ${code(source.source)} changed; with a context sent by the docker CLI, Docker 20.10's BuildKit misses such changes and reports this step as cached (a stale hit)`,
      );
    }
  });
  return notes;
}
