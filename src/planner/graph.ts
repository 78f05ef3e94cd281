/**
 * The stage graph: which stage builds on, copies from or mounts which other stage; which stages a target
 * needs under each builder; and in what order (and how parallel) they can build.
 */
import {
  changedByExpansion,
  expandWord,
  getStages,
  goQuote,
  parseImageReference,
  type Dockerfile,
  type EscapeChar,
  type Range,
  type Stage,
} from '../parser/index.js';
import { expandOrKeep, fromLineEnv, readPlatformSpecifier } from './args.js';
import type { BuilderModel } from './context-types.js';
import type { PlanDiagnostic } from './plan-types.js';

/** How one stage uses another. */
export type StageEdgeKind = 'from' | 'copy-from' | 'mount-from';

export interface StageEdge {
  readonly kind: StageEdgeKind;
  /** Index of the stage that is used. */
  readonly stage: number;
  /** 1-based line of the instruction that uses it. */
  readonly line: number;
  readonly range: Range;
}

/** What a stage starts from. */
export type StageBase =
  | { readonly kind: 'scratch' }
  | { readonly kind: 'stage'; readonly stage: number }
  | { readonly kind: 'image'; readonly reference: string };

export interface StageNode {
  readonly index: number;
  /** The name after `AS`, lower-cased as the builders compare it; `null` when unnamed. */
  readonly name: string | null;
  readonly stage: Stage;
  readonly base: StageBase;
  /** Every use of another stage, in source order. */
  readonly edges: readonly StageEdge[];
}

export interface StageGraph {
  readonly stages: readonly StageNode[];
  /** Index of the target stage (the last stage when no target is given); -1 for a file without stages. */
  readonly target: number;
  /** Per stage: whether the builder builds it for this target. */
  readonly needed: readonly boolean[];
  /** Needed stages in an order where every stage comes after the stages it uses. */
  readonly order: readonly number[];
  /** Per stage: its depth in the graph (0 = uses no other stage); stages of one level can build in parallel. */
  readonly levels: readonly number[];
  readonly diagnostics: readonly PlanDiagnostic[];
}

export interface StageGraphOptions {
  readonly target?: string | undefined;
  readonly builder: BuilderModel;
  readonly globalArgs: ReadonlyMap<string, string | undefined>;
  readonly predefinedArgs: Readonly<Record<string, string>>;
}

/** Looks a `--from` / `FROM` name up among stages: a name (case-insensitive) or, for `--from`, an index. */
export function lookupStage(
  nodes: readonly { name: string | null }[],
  reference: string,
  allowIndex: boolean,
): number | null {
  if (allowIndex && /^\d+$/.test(reference)) {
    const index = Number(reference);
    return index < nodes.length ? index : null;
  }
  const wanted = reference.toLowerCase();
  const index = nodes.findIndex((node) => node.name === wanted);
  return index < 0 ? null : index;
}

/** Builds the stage graph of a parsed Dockerfile. */
export function buildStageGraph(ast: Dockerfile, options: StageGraphOptions): StageGraph {
  const stages = getStages(ast);
  const diagnostics: PlanDiagnostic[] = [];
  const fromEnv = fromLineEnv(options.globalArgs, options.predefinedArgs);
  const names = stages.map((stage) => ({ name: stage.name?.toLowerCase() ?? null }));
  const classic = options.builder === 'classic';
  // What fails the build while the builder reads a stage's FROM line and `--from` values: BuildKit reads every
  // stage before it knows which ones the target needs, the classic builder only the stages it builds. Kept
  // until the needed stages are known, as are uses of later stages (which fail only in a built stage).
  const readProblems: Array<{ readonly stage: number; readonly diagnostic: PlanDiagnostic }> = [];
  const readProblem = (stage: number, code: string, message: string, range: Range): void => {
    readProblems.push({ stage, diagnostic: { code, severity: 'error', message, range } });
  };
  const forwardUses: ForwardUse[] = [];

  const nodes: StageNode[] = stages.map((stage, index) => {
    const edges: StageEdge[] = [];
    const reference = expandOrKeep(stage.from.image?.raw ?? '', fromEnv, ast.escapeChar);
    let base: StageBase;
    // FROM can only name a stage defined earlier; a later name is an image reference. BuildKit looks the name
    // up as written among stage names it has lower-cased, so `FROM Build` is not stage `build` there (it is
    // then an image name, invalid in upper case); the classic builder compares without case.
    const wanted = classic ? reference.toLowerCase() : reference;
    const earlier = names.slice(0, index).findIndex((node) => node.name === wanted);
    if (earlier >= 0) {
      base = { kind: 'stage', stage: earlier };
      edges.push({ kind: 'from', stage: earlier, line: stage.from.startLine, range: stage.from.range });
    } else if (reference === 'scratch') {
      base = { kind: 'scratch' };
    } else {
      base = { kind: 'image', reference };
      // A FROM with no image at all is the parser's error already.
      const problem = stage.from.image ? baseImageProblem(stage.from.image.raw, reference, classic) : null;
      if (problem) readProblem(index, problem.code, problem.message, stage.from.image?.range ?? stage.from.range);
    }
    const platformProblem = stagePlatformProblem(stage, fromEnv, ast.escapeChar, classic);
    if (platformProblem) readProblem(index, 'invalid-platform', platformProblem, stage.from.platform!.range);
    for (const instruction of stage.instructions) {
      const uses: Array<{ kind: StageEdgeKind; name: string; range: Range; target?: string | null }> = [];
      if ((instruction.kind === 'COPY' || instruction.kind === 'ADD') && instruction.options.from?.value) {
        const flag = instruction.options.from;
        uses.push({ kind: 'copy-from', name: flag.value!, range: flag.valueRange ?? flag.range });
      } else if (instruction.kind === 'RUN') {
        for (const mount of instruction.mounts) {
          if (mount.from) uses.push({ kind: 'mount-from', name: mount.from, range: mount.range, target: mount.target });
        }
      }
      for (const use of uses) {
        // Neither builder expands `--from`: BuildKit refuses a value that expansion would change, and the
        // classic builder takes it for an image name, which `$` makes invalid. (A mount's `from` with a
        // variable is already a parse error.)
        if (use.kind === 'copy-from' && changedByExpansion(use.name, ast.escapeChar)) {
          readProblem(
            index,
            'from-flag-variable',
            classic
              ? `invalid from flag value ${use.name}: invalid reference format (the classic builder does not expand --from)`
              : 'variable expansion is not supported for --from, define a new stage with FROM using ARG from global scope as a workaround',
            use.range,
          );
          continue;
        }
        const used = lookupStage(names, use.name, use.kind === 'copy-from');
        if (used === null) {
          if (use.kind === 'copy-from' && /^\d+$/.test(use.name)) {
            const message = classic ? `invalid from flag value ${use.name}: index out of bounds` : `invalid stage index ${use.name}`;
            readProblem(index, 'invalid-stage-index', message, use.range);
          }
          continue; // otherwise an image reference, not a stage
        }
        if (used === index) {
          diagnostics.push({
            code: 'stage-self-reference',
            severity: 'error',
            message: `circular dependency detected on stage: ${stage.name ?? index}`,
            range: use.range,
          });
          continue;
        }
        if (used > index) forwardUses.push({ stage: index, used, kind: use.kind, range: use.range, name: use.name, target: use.target ?? null });
        edges.push({ kind: use.kind, stage: used, line: instruction.startLine, range: use.range });
      }
    }
    return { index, name: names[index]!.name, stage, base, edges };
  });

  let target = nodes.length - 1;
  if (options.target !== undefined && options.target !== '') {
    const found = lookupStage(names, options.target, false);
    if (found === null) {
      diagnostics.push({
        code: 'unknown-target',
        severity: 'error',
        message: `target stage "${options.target}" could not be found`,
        range: ast.range,
      });
    } else {
      target = found;
    }
  }

  const cycle = findCycle(nodes);
  if (cycle) {
    const [first] = cycle;
    const node = nodes[first!]!;
    diagnostics.push({
      code: 'stage-cycle',
      severity: 'error',
      message: `circular dependency detected on stage: ${node.stage.name ?? node.index} (${cycle
        .map((i) => nodes[i]!.stage.name ?? String(i))
        .join(' → ')})`,
      range: node.stage.from.range,
    });
  }

  const needed = neededStages(nodes, target, options.builder);
  // The classic builder refuses to build a stage whose name an earlier stage has (measured); BuildKit only
  // warns (DuplicateStageName) and lets the later stage take the name.
  if (classic) {
    nodes.forEach((node, at) => {
      if (!needed[at] || node.name === null || !nodes.slice(0, at).some((earlier) => earlier.name === node.name)) return;
      diagnostics.push({
        code: 'duplicate-stage-name',
        severity: 'error',
        message: `${node.name} stage name already used`,
        range: node.stage.from.stageName?.range ?? node.stage.from.range,
      });
    });
  }
  if (classic && !cycle && target >= 0 && buildsNoImage(nodes, target)) {
    const stage = nodes[target]!.stage;
    diagnostics.push({
      code: 'no-image-generated',
      severity: 'error',
      message: 'No image was generated. Is your Dockerfile empty? (the classic builder makes an image only by running an instruction on top of scratch)',
      range: stage.from.range,
    });
  }
  for (const { stage: at, diagnostic } of readProblems) if (!classic || needed[at]) diagnostics.push(diagnostic);
  for (const use of forwardUses) {
    // BuildKit reports a cycle before anything else; the classic builder refuses every `--mount`, which the
    // step's own diagnostic says.
    if (!needed[use.stage] || (cycle && !classic) || (classic && use.kind === 'mount-from')) continue;
    diagnostics.push({
      code: 'stage-used-before-definition',
      severity: 'error',
      message: forwardUseMessage(use, nodes[use.stage]!.name ?? `stage-${use.stage}`, classic),
      range: use.range,
    });
  }
  const levels = stageLevels(nodes);
  const order = nodes
    .map((node) => node.index)
    .filter((index) => needed[index])
    .sort((a, b) => levels[a]! - levels[b]! || a - b);
  return { stages: nodes, target, needed, order, levels, diagnostics };
}

/**
 * Whether the target stage is `scratch` with nothing on it: no instruction in it, nor in the stages it is
 * built `FROM` down to `scratch`. The classic builder has no image to return then and fails the build
 * (measured); BuildKit returns the empty filesystem.
 */
function buildsNoImage(nodes: readonly StageNode[], target: number): boolean {
  for (let node = nodes[target]; node; node = node.base.kind === 'stage' ? nodes[node.base.stage] : undefined) {
    if (node.stage.instructions.length > 0) return false;
    if (node.base.kind === 'scratch') return true;
    if (node.base.kind === 'image') return false;
  }
  return false;
}

/** Why a base image name fails the build, in the builder's words, or `null`. */
function baseImageProblem(raw: string, reference: string, classic: boolean): { code: string; message: string } | null {
  if (reference === '') return { code: 'blank-base-image', message: `base name (${raw}) should not be blank` };
  const parsed = parseImageReference(reference);
  if (parsed.valid || parsed.hasVariables) return null;
  const reason = parsed.reason ?? 'invalid reference format';
  // The classic builder says only what the reference grammar says.
  const message = classic ? reason : (parsed.problem ?? `failed to parse stage name ${goQuote(reference)}: ${reason}`);
  return { code: 'invalid-base-image', message };
}

/**
 * What the builder says of a `FROM --platform` value it cannot read, or `null`. Current BuildKit names an empty
 * value so (Docker 20.10's passed it on to the platform parser, which refused the empty part) and quotes the
 * value as written; the classic builder quotes it expanded and, defining no platform ARGs, fails on
 * `--platform=$BUILDPLATFORM` (measured).
 */
function stagePlatformProblem(stage: Stage, env: ReadonlyMap<string, string>, escapeChar: EscapeChar, classic: boolean): string | null {
  const raw = stage.from.platform?.value;
  if (raw == null) return null;
  const expanded = expandWord(raw, env, { escapeChar });
  if (!expanded.ok) return null; // the parser or another check reports a failing expansion
  if (expanded.value === '' && !classic) return `empty platform value from expression ${raw}`;
  // The host only completes one-part values; whether the value reads does not depend on it.
  const read = readPlatformSpecifier(expanded.value, { os: 'linux', architecture: 'amd64', variant: '' });
  return 'error' in read ? `failed to parse platform ${classic ? expanded.value : raw}: ${read.error}` : null;
}

interface ForwardUse {
  /** Index of the stage whose instruction has the use. */
  readonly stage: number;
  readonly range: Range;
  /** The `--from` / `from=` value as written. */
  readonly name: string;
  /** Index of the later stage it names. */
  readonly used: number;
  readonly kind: StageEdgeKind;
  /** A mount's target, which BuildKit's message names. */
  readonly target: string | null;
}

/**
 * A stage used before it is defined, in the builder's words. Current BuildKit refuses it (Docker 20.10's
 * BuildKit silently used the later stage's base image without its instructions, as measured: no build anyone
 * means). The classic builder knows only the stages it has built, so it takes a name for an image to pull and
 * an index for one out of bounds.
 */
function forwardUseMessage(use: ForwardUse, stageName: string, classic: boolean): string {
  if (classic) {
    return /^\d+$/.test(use.name)
      ? `invalid from flag value ${use.name}: index out of bounds`
      : `invalid from flag value ${use.name}: a stage defined further down is not built yet, so the builder pulls an image of that name`;
  }
  return use.kind === 'mount-from'
    ? `cannot mount from stage ${goQuote(use.name)} to ${goQuote(use.target ?? '')}, stage needs to be defined before current command`
    : `cannot copy from stage ${goQuote(use.name)}, it needs to be defined before current stage ${goQuote(stageName)}`;
}

/**
 * BuildKit solves only what the target reaches; the classic builder builds every stage up to and including the
 * target, used or not.
 */
function neededStages(nodes: readonly StageNode[], target: number, builder: BuilderModel): boolean[] {
  const needed = nodes.map(() => false);
  if (target < 0) return needed;
  if (builder === 'classic') return nodes.map((node) => node.index <= target);
  const pending = [target];
  while (pending.length > 0) {
    const index = pending.pop()!;
    if (needed[index]) continue;
    needed[index] = true;
    for (const edge of nodes[index]!.edges) pending.push(edge.stage);
  }
  return needed;
}

/** Depth of every stage in the dependency graph; members of a cycle get the depth they reached. */
function stageLevels(nodes: readonly StageNode[]): number[] {
  const levels = nodes.map(() => -1);
  const visiting = new Set<number>();
  const levelOf = (index: number): number => {
    if (levels[index]! >= 0) return levels[index]!;
    if (visiting.has(index)) return 0;
    visiting.add(index);
    let level = 0;
    for (const edge of nodes[index]!.edges) level = Math.max(level, levelOf(edge.stage) + 1);
    visiting.delete(index);
    levels[index] = level;
    return level;
  };
  nodes.forEach((node) => levelOf(node.index));
  return levels;
}

/** A cycle among stage uses (only `--from` can point forward), as the list of stage indexes on it. */
function findCycle(nodes: readonly StageNode[]): number[] | null {
  const state = nodes.map(() => 0); // 0 unvisited, 1 on the stack, 2 done
  const stack: number[] = [];
  const visit = (index: number): number[] | null => {
    state[index] = 1;
    stack.push(index);
    for (const edge of nodes[index]!.edges) {
      if (state[edge.stage] === 1) return [...stack.slice(stack.indexOf(edge.stage)), edge.stage];
      if (state[edge.stage] === 0) {
        const found = visit(edge.stage);
        if (found) return found;
      }
    }
    stack.pop();
    state[index] = 2;
    return null;
  };
  for (const node of nodes) {
    if (state[node.index] !== 0) continue;
    const found = visit(node.index);
    if (found) return found;
  }
  return null;
}
