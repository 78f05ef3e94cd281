/**
 * The fix of package-cache-mount: the suggested `--mount=type=cache,…` put on the RUN, for the package managers
 * whose cache holds downloads and nothing a later step reads as installed state.
 */
import { detectSyntax, type Instruction, type RunInstruction } from '../parser/index.js';
import { stageChainOf } from './scope.js';
import type { InstructionScope, ReportDescriptor, StageInfo } from './types.js';

/**
 * Managers whose cache directory is only a download cache: with it in a mount, the image holds what they
 * installed, and later steps lose nothing. Left out: apt and apk (their package indexes live there, and a later
 * `apt-get install` or `apk add` reads them from the image), go, cargo, maven, gradle, dotnet and bundler (a
 * later build reads the modules, crates, dependencies or gems fetched into it, offline builds included), pnpm
 * (its store is what node_modules links to), pdm (its cache can be where installed packages link to), shards,
 * the JVM tools, stack and cabal (a later build reads what they fetched). poetry's suggestion names only its
 * download folders, not the virtual environments beside them.
 */
const DOWNLOAD_CACHES: ReadonlySet<string> = new Set(['pip', 'uv', 'npm', 'bun', 'yarn', 'mix', 'composer', 'poetry', 'pipenv']);

/**
 * What each stage's fixes ask of the stage and the stages it is built on, worked out once per stage (the stage
 * infos are made afresh for each lint): walked for each RUN, a stage of thousands of installs took the square.
 */
interface StageFacts {
  /** A RUN with a mount in the stage or a stage it is built on. */
  readonly mounts: boolean;
  /** Whether each instruction of the stage runs as root (by the last USER before it). */
  readonly rootAt: ReadonlyMap<Instruction, boolean>;
  /** Whether the stage ends as root. */
  readonly rootAtEnd: boolean;
}

const stageFacts = new WeakMap<StageInfo, StageFacts>();

function factsOf(stage: StageInfo): StageFacts {
  let facts = stageFacts.get(stage);
  if (facts) return facts;
  let mounts = false;
  // The last USER before an instruction in its chain of stages decides; a base image's own USER is not known,
  // and the official images run as root.
  let root = true;
  const rootAt = new Map<Instruction, boolean>();
  for (const member of stageChainOf(stage)) {
    for (const instruction of member.stage.instructions) {
      if (member === stage) rootAt.set(instruction, root);
      if (instruction.kind === 'RUN' && instruction.mounts.length > 0) mounts = true;
      if (instruction.kind === 'USER') root = instruction.user?.value === 'root' || instruction.user?.value === '0';
    }
  }
  stageFacts.set(stage, (facts = { mounts, rootAt, rootAtEnd: root }));
  return facts;
}

/**
 * Whether the stage's builds already need BuildKit, which alone knows `RUN --mount` (the classic builder rejects
 * it): a `# syntax=` directive, or a RUN with a mount in the stage or a stage it is built on.
 */
function needsBuildKit(text: string, stage: StageInfo): boolean {
  return detectSyntax(text) !== null || factsOf(stage).mounts;
}

/** Whether the RUN runs as root with its home at /root, where the suggested mounts point. */
function runsAsRoot(stage: StageInfo, run: RunInstruction, scope: InstructionScope): boolean {
  const home = scope.env.get('HOME');
  if (home !== undefined && home !== '/root') return false;
  const facts = factsOf(stage);
  return facts.rootAt.get(run) ?? facts.rootAtEnd;
}

/**
 * `suggestion` (the manager's mounts) inserted after the RUN keyword. `undefined` unless the manager's cache is a
 * download cache, the cache is where the suggestion points (no option or ENV moved it, the RUN runs as root), and
 * the stage already needs BuildKit.
 */
export function cacheMountFix(
  text: string,
  run: RunInstruction,
  scope: InstructionScope,
  manager: { readonly name: string; readonly suggestion: string },
  cacheMoved: boolean,
): ReportDescriptor['fix'] {
  const stage = scope.stage;
  if (stage === null || !DOWNLOAD_CACHES.has(manager.name) || cacheMoved) return undefined;
  if (!runsAsRoot(stage, run, scope) || !needsBuildKit(text, stage)) return undefined;
  const at = run.keywordRange.end.offset;
  return { description: `Add ${manager.suggestion}`, edits: [{ start: at, end: at, text: ` ${manager.suggestion}` }] };
}
