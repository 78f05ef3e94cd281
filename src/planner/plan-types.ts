/**
 * The plan: every stage and step of a Dockerfile with the cache key a builder gives it. This is the stable,
 * documented JSON shape (`schema: "dfkit.plan/v1"`) that `dfkit plan --format json` writes and `--since` reads.
 */
import type { Range } from '../parser/index.js';
import type { BuilderModel } from './context-types.js';

export const PLAN_SCHEMA = 'dfkit.plan/v1';

export type NetworkMode = 'none' | 'host' | 'default';

/** A problem found while planning, with the range of the text it concerns. */
export interface PlanDiagnostic {
  /** Stable kebab-case identifier, e.g. `source-not-found`. */
  readonly code: string;
  readonly severity: 'error' | 'warning' | 'info';
  readonly message: string;
  readonly range: Range;
}

/** One source of a COPY/ADD as it entered the key. */
export interface StepSource {
  /** The source after expansion, as written. */
  readonly source: string;
  /**
   * Where the content comes from: the build context, another stage (`stage:<name or index>`), an image, a URL,
   * or a heredoc.
   */
  readonly origin: 'context' | 'stage' | 'image' | 'url' | 'heredoc';
  /** For an `image` source: the image reference (`COPY --from=<image>`, `RUN --mount=from=<image>`). */
  readonly image?: string;
  /** Context-relative paths the source resolved to (for `context` sources). */
  readonly matches: readonly string[];
  /** Digest of the selected content as the builder hashes it. */
  readonly digest: string;
  /**
   * The digest without directory permission bits, present when it differs from `digest`. Docker 20.10's
   * BuildKit does not notice directory mode changes, so a change only here gives a stale hit on that engine.
   */
  readonly digestWithoutDirModes?: string;
  /** Number of files and bytes the source takes from the context (for a URL the plan downloaded: 1 and its size). */
  readonly files: number;
  readonly bytes: number;
}

/** An ONBUILD trigger run at the start of a stage: its instruction as the base left it, and its key. */
export interface TriggerStep {
  readonly instruction: string;
  readonly key: string | null;
}

/**
 * What went into a step's key, kept so that two plans can be compared in words. Fields that do not apply to
 * the instruction are absent.
 */
export interface StepInputs {
  /** The instruction as the builder reads it (keyword, flags and arguments; continuations joined). */
  readonly text: string;
  /** Environment of a RUN (image ENV, Dockerfile ENV and the ARGs with a value that enter the key). */
  readonly env?: Readonly<Record<string, string>>;
  /** Working directory and user the step runs with. */
  readonly workdir?: string;
  readonly user?: string;
  readonly network?: string;
  readonly sources?: readonly StepSource[];
  /** For FROM: the base (image reference, `scratch` or `stage:<name>`) and the identity used for it. */
  readonly base?: string;
  /**
   * For FROM: the ONBUILD triggers the base leaves, which run first and whose keys are folded into the FROM
   * step's; each with the key it has as a step of this builder model (`null` where it is none, e.g. an ENV
   * under BuildKit).
   */
  readonly triggers?: readonly TriggerStep[];
}

/** One instruction of a stage. */
export interface PlanStep {
  /** 1-based first line of the instruction. */
  readonly line: number;
  readonly endLine: number;
  /** The instruction keyword, e.g. `COPY`. */
  readonly kind: string;
  /** The instruction's logical line (continuations joined), for display. */
  readonly instruction: string;
  /**
   * The cache key, or `null` when the instruction is not a cached step in this builder model (e.g. LABEL under
   * BuildKit). Equal keys mean the engine reuses the cached result.
   */
  readonly key: string | null;
  /** The state key this step builds on (the previous step's result). */
  readonly parentKey: string | null;
  /**
   * For a step that consumes another stage's output (`COPY --from`, `RUN --mount=from=`, a stage base) the key
   * it would have if that output were byte-identical to last time: the engine compares such inputs by content,
   * so a rebuilt stage with unchanged output still gives a hit (early cut-off).
   */
  readonly keyIfOutputsUnchanged?: string;
  readonly inputs: StepInputs;
  /** With `--since`/`--changed`: whether the step runs again. */
  rebuild?: boolean;
  /** With `--since`/`--changed`: `true` when the step reruns only if another stage's output really changes. */
  conditional?: boolean;
  /** With `--since`/`--changed`: why the step runs again (or why it may), in words. */
  reason?: string;
  /** Engine behaviour worth knowing for this step (e.g. a change a Docker engine is known to miss). */
  notes?: string[];
}

export interface PlanStage {
  readonly index: number;
  /** The stage name after `AS`, as written; `null` when unnamed. */
  readonly name: string | null;
  /** The base: an image reference (expanded), `scratch`, or `stage:<name or index>`. */
  readonly base: string;
  /** Whether the builder builds this stage for the target. */
  readonly needed: boolean;
  /** Indexes of the stages this one uses (FROM, COPY --from, RUN --mount=from). */
  readonly dependsOn: readonly number[];
  /** Depth in the stage graph: stages with the same level can build in parallel. */
  readonly level: number;
  readonly steps: PlanStep[];
}

export interface Plan {
  readonly schema: typeof PLAN_SCHEMA;
  readonly builder: BuilderModel;
  /** The target stage (name or index) the plan was made for. */
  readonly target: string | null;
  readonly platform: string;
  readonly network: NetworkMode;
  /** `--build-arg` values the plan was made with. */
  readonly buildArgs: Readonly<Record<string, string>>;
  readonly dockerfile: { readonly path: string | null };
  readonly context: {
    readonly root: string | null;
    readonly ignoreFile: string | null;
    readonly files: number;
    readonly bytes: number;
  };
  readonly stages: PlanStage[];
  /** Content digests of every context file a step takes, by context-relative path (used to explain changes). */
  readonly files: Readonly<Record<string, string>>;
  readonly diagnostics: readonly PlanDiagnostic[];
}

/** How a base image is identified in cache keys when a runtime can say more than its reference. */
export interface BaseImageIdentity {
  /** Image ID (config digest): what the classic builder's cache chains on. */
  readonly id?: string;
  /** Manifest digest of a registry image. */
  readonly digest?: string;
  /** Layer diff IDs, bottom first: BuildKit keys a local image on their chain. */
  readonly layers?: readonly string[];
  /** The image's environment, working directory and user, which later RUN steps inherit. */
  readonly env?: readonly string[];
  readonly workdir?: string;
  readonly user?: string;
  /** The image's SHELL, which shell-form RUN steps run under (`/bin/sh -c` when absent). */
  readonly shell?: readonly string[];
  /**
   * The image's ONBUILD triggers (`COPY . /app`, `RUN make`), which both builders run at the start of a stage
   * built on it, before the stage's own instructions.
   */
  readonly onbuild?: readonly string[];
}
