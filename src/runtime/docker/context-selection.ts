/**
 * Which part of a build context a build needs. The engine reads the context only through COPY/ADD sources and
 * `RUN --mount=type=bind` (without `from`); when the plan shows every such read of the stages the target needs,
 * only what those sources select has to be sent. Whenever the plan cannot prove that, the whole context (after
 * `.dockerignore`) is sent: a smaller upload is an optimisation, a missing file is a broken build.
 */
import { detectSyntax, getStages, type Dockerfile, type Instruction } from '../../parser/index.js';
import type { BuildContext, ContextEntry, Plan } from '../../planner/index.js';

export interface ContextSelection {
  /** The entries to send, in the context's (sorted) order. */
  readonly entries: readonly ContextEntry[];
  /** True when only part of the context is sent. */
  readonly partial: boolean;
  /** Why the whole context is sent, when it is. */
  readonly reason?: string;
}

export interface SelectionInputs {
  readonly context: BuildContext;
  readonly plan: Plan;
  readonly ast: Dockerfile;
  /** The Dockerfile text (a `# syntax=` frontend may read the context in ways the plan cannot see). */
  readonly text: string;
  /**
   * Whether every base image of a needed stage is known to have no ONBUILD triggers: a trigger runs in the
   * child build and may copy anything from the context.
   */
  readonly baseImagesWithoutTriggers: boolean;
}

/** The parent directories of a context path, outermost first (`a/b/c` → `a`, `a/b`). */
function parentsOf(path: string): string[] {
  const parts = path.split('/');
  return parts.slice(0, -1).map((_, i) => parts.slice(0, i + 1).join('/'));
}

/** The instructions of the stages the plan says are built, or `null` when they cannot be lined up. */
function neededInstructions(ast: Dockerfile, plan: Plan): Instruction[] | null {
  const stages = getStages(ast);
  if (stages.length !== plan.stages.length) return null;
  return stages.filter((stage) => plan.stages[stage.index]?.needed !== false).flatMap((stage) => [stage.from, ...stage.instructions]);
}

/** Why the context must be sent whole, or `null` when the plan shows all the build reads. */
function needsWholeContext(inputs: SelectionInputs): string | null {
  const { plan, ast, text } = inputs;
  if (plan.diagnostics.some((diagnostic) => diagnostic.severity === 'error')) return 'the plan has errors';
  if (detectSyntax(text)) return 'a `# syntax=` frontend decides what it reads';
  if (!inputs.baseImagesWithoutTriggers) return 'a base image may have ONBUILD triggers';
  const instructions = neededInstructions(ast, plan);
  if (!instructions) return 'the stages could not be lined up with the plan';
  for (const instruction of instructions) {
    if (instruction.kind === 'RUN' && instruction.mounts.some((mount) => mount.type === 'bind' && mount.from === null)) {
      return `line ${instruction.startLine} bind-mounts the context`;
    }
    if ((instruction.kind === 'COPY' || instruction.kind === 'ADD') && instruction.options.parents) {
      return `line ${instruction.startLine} uses --parents`;
    }
  }
  for (const stage of plan.stages) {
    if (!stage.needed) continue;
    for (const step of stage.steps) {
      for (const source of step.inputs.sources ?? []) {
        if (source.origin !== 'context') continue;
        if (source.matches.length === 0 && !/[*?[]/.test(source.source)) return `line ${step.line}: ${source.source} was not found`;
        if (source.matches.includes('')) return `line ${step.line} copies the whole context`;
      }
    }
  }
  return null;
}

/**
 * The entries a build needs: everything the COPY/ADD sources of the needed stages select (a directory with all
 * it holds), their parent directories, and every symlink of the context (a source may reach its target
 * through one; links are tiny). The Dockerfile and the ignore file are the caller's to add.
 *
 * @example
 * const { entries, partial } = selectContextEntries({ context, plan, ast, text, baseImagesWithoutTriggers: true });
 */
export function selectContextEntries(inputs: SelectionInputs): ContextSelection {
  const all = [...inputs.context.entries.values()].filter((entry) => entry.type !== 'other');
  const reason = needsWholeContext(inputs);
  if (reason !== null) return { entries: all, partial: false, reason };

  const trees = new Set<string>();
  for (const stage of inputs.plan.stages) {
    if (!stage.needed) continue;
    for (const step of stage.steps) {
      for (const source of step.inputs.sources ?? []) if (source.origin === 'context') for (const match of source.matches) trees.add(match);
    }
  }
  const wanted = new Set<string>();
  const insideTree = (path: string): boolean => trees.has(path) || parentsOf(path).some((parent) => trees.has(parent));
  for (const entry of all) {
    if (!insideTree(entry.path) && entry.type !== 'symlink') continue;
    wanted.add(entry.path);
    for (const parent of parentsOf(entry.path)) wanted.add(parent);
  }
  const entries = all.filter((entry) => wanted.has(entry.path));
  return { entries, partial: entries.length < all.length };
}
