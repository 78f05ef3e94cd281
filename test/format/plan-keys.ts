/**
 * Cache keys of every step, as the planner computes them, so formatting can be checked against the planner
 * (the oracle for what each builder keys on).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { planWithContext } from '../../src/planner/plan-core.js';
import { contextFromFiles, type MemoryFile } from '../../src/planner/memory-context.js';
import { memoryHasher } from '../../src/planner/memory-hasher.js';
import { selectSources } from '../../src/planner/sources.js';
import { digestSelection } from '../../src/planner/source-digest.js';
import type { ContextAccess } from '../../src/planner/keys.js';
import type { CacheBuilder } from '../../src/format/index.js';

export type Files = Readonly<Record<string, MemoryFile>>;

/** One step: its stage, position, instruction kind and keys. */
export interface StepKey {
  readonly stage: number;
  readonly line: number;
  readonly kind: string;
  readonly key: string | null;
  readonly keyIfOutputsUnchanged: string | null;
}

export async function stepKeys(text: string, builder: CacheBuilder, files: Files = {}): Promise<StepKey[]> {
  const context = contextFromFiles(files);
  const hasher = memoryHasher(context);
  const access: ContextAccess = {
    select: (sources, options) => selectSources(context, sources, { ...options, builder }),
    digest: (selection, model) => digestSelection(selection, model, hasher),
  };
  const plan = await planWithContext(text, { context: access, contextInfo: { root: null, ignoreFile: null, files: 0, bytes: 0 } }, { builder });
  return plan.stages.flatMap((stage) =>
    stage.steps.map((step) => ({
      stage: stage.index,
      line: step.line,
      kind: step.kind,
      key: step.key,
      keyIfOutputsUnchanged: step.keyIfOutputsUnchanged ?? null,
    })),
  );
}

/** The steps whose keys differ between two texts (compared position by position), as `line:KIND`. */
export async function changedSteps(before: string, after: string, builder: CacheBuilder, files: Files = {}): Promise<string[]> {
  const a = await stepKeys(before, builder, files);
  const b = await stepKeys(after, builder, files);
  if (a.length !== b.length) return [`step count ${a.length} → ${b.length}`];
  const changed: string[] = [];
  a.forEach((step, index) => {
    const other = b[index] as StepKey;
    if (step.kind !== other.kind || step.stage !== other.stage || step.key !== other.key || step.keyIfOutputsUnchanged !== other.keyIfOutputsUnchanged) {
      changed.push(`${step.line}:${step.kind}`);
    }
  });
  return changed;
}

const SKIPPED = new Set(['node_modules', '.git', 'target']);

/** The files of an example folder as an in-memory build context (small text files only). */
export function filesOf(directory: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      if (SKIPPED.has(name)) continue;
      const path = join(dir, name);
      const info = statSync(path);
      if (info.isDirectory()) walk(path);
      else if (info.size < 200_000) files[relative(directory, path).split('\\').join('/')] = readFileSync(path, 'utf8');
    }
  };
  walk(directory);
  return files;
}
