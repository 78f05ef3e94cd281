/**
 * Planning without I/O: from Dockerfile text, an already scanned context and build options to a {@link Plan}.
 * The Node entry point (`plan()`) scans the context directory and hashes files, then calls this.
 */
import { parse } from '../parser/index.js';
import {
  DEFAULT_PLATFORM,
  formatPlatform,
  parsePlatform,
  platformArgs,
  resolveGlobalArgs,
  type Platform,
} from './args.js';
import { classicHeredocError } from './classic-heredocs.js';
import type { BuilderModel } from './context-types.js';
import { buildStageGraph } from './graph.js';
import { keyStages, type ContextAccess } from './keys.js';
import {
  PLAN_SCHEMA,
  type BaseImageIdentity,
  type NetworkMode,
  type Plan,
  type PlanDiagnostic,
  type PlanStage,
} from './plan-types.js';
import type { RemoteSourceReader } from './remote-source.js';

export interface PlanCoreOptions {
  /** Target stage name (or index); the last stage when absent. */
  readonly target?: string | undefined;
  readonly buildArgs?: Readonly<Record<string, string>> | undefined;
  /** Target platform, e.g. `linux/arm64`; `linux/amd64` when absent. */
  readonly platform?: string | undefined;
  /** Platform of the machine that builds; the target platform when absent. */
  readonly buildPlatform?: string | undefined;
  readonly builder?: BuilderModel | undefined;
  /** Network mode of the build; BuildKit keys RUN steps on it. `default` when absent. */
  readonly network?: NetworkMode | undefined;
  /** Identities of base images, by reference as written after expansion, when a runtime could resolve them. */
  readonly baseImages?: Readonly<Record<string, BaseImageIdentity>> | undefined;
  readonly dockerfilePath?: string | null | undefined;
  /**
   * Reads `ADD <url>` sources so that their steps are keyed as the builders key them (on the download's file
   * name and content). Without it, such a step is keyed on the URL's text and the plan cannot see a new
   * content behind the same URL.
   */
  readonly remoteSources?: RemoteSourceReader | undefined;
}

export interface PlanInputs {
  readonly context: ContextAccess | null;
  readonly contextInfo: Plan['context'];
}

/** Plans a Dockerfile against a context that is already available. Never throws for bad input. */
export async function planWithContext(text: string, inputs: PlanInputs, options: PlanCoreOptions = {}): Promise<Plan> {
  const builder = options.builder ?? 'buildkit';
  const network = options.network ?? 'default';
  const buildArgs = { ...(options.buildArgs ?? {}) };
  const diagnostics: PlanDiagnostic[] = [];
  const { ast, diagnostics: parseDiagnostics } = parse(text);
  for (const diagnostic of parseDiagnostics) {
    if (diagnostic.severity === 'error') diagnostics.push({ ...diagnostic, code: `parse-${diagnostic.code}` });
  }
  const heredocError = builder === 'classic' ? classicHeredocError(ast) : null;
  if (heredocError) diagnostics.push(heredocError);

  const target = readPlatform(options.platform, DEFAULT_PLATFORM, 'platform', ast.range, diagnostics);
  const build = readPlatform(options.buildPlatform, formatPlatform(target), 'build-platform', ast.range, diagnostics);
  // The classic builder defines no platform ARGs: `ARG TARGETARCH` stays empty there (measured on Docker 20.10).
  const predefinedArgs = builder === 'classic' ? {} : platformArgs(target, build);
  const globalArgs = resolveGlobalArgs(ast, buildArgs, predefinedArgs);
  const graph = buildStageGraph(ast, { target: options.target, builder, globalArgs, predefinedArgs });
  diagnostics.push(...graph.diagnostics);

  const baseImages = options.baseImages ?? {};
  const keyed = await keyStages(ast, graph, {
    builder,
    network,
    platform: formatPlatform(target),
    buildPlatform: formatPlatform(build),
    buildArgs,
    globalArgs,
    predefinedArgs,
    baseImage: (reference) => (Object.hasOwn(baseImages, reference) ? baseImages[reference] : undefined),
    context: inputs.context,
    remote: options.remoteSources,
  });
  diagnostics.push(...keyed.diagnostics);

  const stages: PlanStage[] = graph.stages.map((node) => ({
    index: node.index,
    name: node.stage.name,
    base:
      node.base.kind === 'image'
        ? node.base.reference
        : node.base.kind === 'scratch'
          ? 'scratch'
          : `stage:${graph.stages[node.base.stage]!.stage.name ?? node.base.stage}`,
    needed: graph.needed[node.index] ?? false,
    dependsOn: [...new Set(node.edges.map((edge) => edge.stage))].sort((a, b) => a - b),
    level: graph.levels[node.index] ?? 0,
    steps: keyed.steps[node.index] ?? [],
  }));

  const plan: Plan = {
    schema: PLAN_SCHEMA,
    builder,
    target: options.target ?? null,
    platform: formatPlatform(target),
    network,
    buildArgs,
    dockerfile: { path: options.dockerfilePath ?? null },
    context: inputs.contextInfo,
    stages,
    files: {},
    diagnostics,
  };
  return withFilesOnDemand(plan, keyed.files);
}

/**
 * Gives `plan` its `files` record when first read rather than now: at 100k files, building the record is a
 * tenth of a re-plan in a new process, and only explanations and the JSON view read it. The property stays an
 * enumerable own property in its place, so spreads, `JSON.stringify` and deep equality see a plain record.
 */
function withFilesOnDemand(plan: Plan, maps: ReadonlyArray<ReadonlyMap<string, string>>): Plan {
  Object.defineProperty(plan, 'files', {
    enumerable: true,
    configurable: true,
    get(): Record<string, string> {
      const files = fileRecord(maps);
      Object.defineProperty(plan, 'files', { value: files, enumerable: true, writable: false, configurable: false });
      return files;
    },
  });
  return plan;
}

/**
 * The plan's `files`: every copied file's digest, by path in code-unit order. The maps of several sources are
 * merged (a path copied twice has one digest); the usual single map already in order is taken as is, since
 * at 100k files every extra map and sort shows in a re-plan.
 */
function fileRecord(maps: ReadonlyArray<ReadonlyMap<string, string>>): Record<string, string> {
  let merged: ReadonlyMap<string, string>;
  if (maps.length === 1) {
    merged = maps[0]!;
  } else {
    const all = new Map<string, string>();
    for (const map of maps) for (const [path, digest] of map) all.set(path, digest);
    merged = all;
  }
  const files: Record<string, string> = {};
  if (inCodeUnitOrder(merged.keys())) {
    for (const [path, digest] of merged) files[path] = digest;
  } else {
    for (const path of [...merged.keys()].sort()) files[path] = merged.get(path)!;
  }
  return files;
}

function inCodeUnitOrder(paths: Iterable<string>): boolean {
  let previous: string | undefined;
  for (const path of paths) {
    if (previous !== undefined && previous > path) return false;
    previous = path;
  }
  return true;
}

function readPlatform(
  text: string | undefined,
  fallback: string,
  option: string,
  range: PlanDiagnostic['range'],
  diagnostics: PlanDiagnostic[],
): Platform {
  const parsed = parsePlatform(text ?? fallback);
  if (parsed) return parsed;
  diagnostics.push({
    code: 'invalid-platform',
    severity: 'error',
    message: `--${option} "${text ?? ''}" is not a platform (expected os/arch[/variant], e.g. linux/arm64)`,
    range,
  });
  return parsePlatform(DEFAULT_PLATFORM)!;
}
