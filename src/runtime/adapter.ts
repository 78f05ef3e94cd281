/**
 * The runtime adapter interface: what any container engine must offer for dfkit to build images and run
 * containers on it. The Docker adapter talks to the Docker Engine API; others (Podman…) implement the same
 * shape. Build and run report typed events as they happen; every result is a value, and an aborted
 * operation leaves nothing behind (no container, no temp file).
 */
import type { Range } from '../parser/index.js';

/** The labels dfkit puts on what it creates, so that leftovers can be found (`dfkit gc`). */
export const DFKIT_LABEL = 'dev.dfkit.managed';

/** The value of {@link DFKIT_LABEL} on the containers dfkit creates. */
export const DFKIT_CONTAINER_VALUE = '1';

/**
 * The value of {@link DFKIT_LABEL} on the images dfkit builds. A container inherits its image's labels, so this
 * must differ from {@link DFKIT_CONTAINER_VALUE}: a container someone else creates from a dfkit image is not
 * dfkit's to remove (dfkit's own containers set their value, which overrides the inherited one).
 */
export const DFKIT_IMAGE_VALUE = 'image';

export type NetworkMode = 'none' | 'host';

export interface EngineInfo {
  /** The adapter's name, e.g. `docker`. */
  readonly adapter: string;
  readonly engineVersion: string;
  readonly apiVersion: string;
  readonly os: string;
  readonly architecture: string;
}

export interface BuildRequest {
  /** The build context directory (the adapter sends what the planner selects, `.dockerignore` applied). */
  readonly context: string;
  /** The Dockerfile path (absolute, or relative to the context); default `<context>/Dockerfile`. */
  readonly dockerfile?: string;
  readonly tags?: readonly string[];
  readonly target?: string;
  readonly buildArgs?: Readonly<Record<string, string>>;
  readonly labels?: Readonly<Record<string, string>>;
  readonly platform?: string;
  readonly builder?: 'buildkit' | 'classic';
  /** Default `none`: hosts without a bridge network cannot run RUN steps otherwise. */
  readonly network?: NetworkMode;
  readonly noCache?: boolean;
  /**
   * Secrets for `RUN --mount=type=secret,id=…` (BuildKit only): the build reads them while it runs; they never
   * enter the image or a cache key.
   */
  readonly secrets?: readonly BuildSecret[];
  /** SSH agents for `RUN --mount=type=ssh` (BuildKit only): the step can ask them to sign, never read a key. */
  readonly ssh?: readonly BuildSshAgent[];
  /**
   * Where the result goes instead of an image (BuildKit only): the target stage's files written into a directory
   * (`local`), or packed into a tar file (`tar`). Files already in the directory are kept unless replaced.
   */
  readonly output?: BuildOutput;
}

/** A build's result as files rather than an image. */
export type BuildOutput = { readonly type: 'local'; readonly dest: string } | { readonly type: 'tar'; readonly dest: string };

/** An SSH agent offered to a build. */
export interface BuildSshAgent {
  /** The ID `RUN --mount=type=ssh,id=…` names; `default` when empty. */
  readonly id: string;
  /** The agent's socket; default `SSH_AUTH_SOCK`. */
  readonly socket?: string;
}

/** A secret offered to a build: the contents of a file, or the value of an environment variable. */
export interface BuildSecret {
  /** The ID `RUN --mount=type=secret,id=…` names. */
  readonly id: string;
  /** A file whose contents are the secret. */
  readonly file?: string;
  /** An environment variable whose value is the secret. */
  readonly env?: string;
}

/** What a build reports while it runs. */
export type BuildEvent =
  /**
   * The part of the context the build needs: `files` files of `bytesSent` bytes, out of `bytesTotal`. With the
   * `session` transport these are offered, and the engine takes only what its copy lacks (see `upload`).
   */
  | {
      readonly type: 'context';
      readonly bytesSent: number;
      readonly bytesTotal: number;
      readonly files: number;
      readonly transport?: 'tar' | 'session';
    }
  /**
   * The context on its way to the engine: `bytesUploaded` of about `bytesExpected` (for an archive, its size worked
   * out from its entries; extended headers for long names can make it a little larger; for a synced context, the
   * bytes offered, of which the engine usually takes far fewer). Reported a few times a second while sending, and
   * once when done.
   */
  | {
      readonly type: 'upload';
      readonly bytesUploaded: number;
      readonly bytesExpected: number;
      readonly done: boolean;
      readonly transport?: 'tar' | 'session';
    }
  | { readonly type: 'step-started'; readonly step: BuildStepRef }
  | { readonly type: 'step-cached'; readonly step: BuildStepRef }
  | { readonly type: 'step-done'; readonly step: BuildStepRef; readonly cached: boolean }
  | { readonly type: 'log'; readonly stream: 'stdout' | 'stderr'; readonly text: string; readonly step?: BuildStepRef }
  | { readonly type: 'warning'; readonly message: string; readonly range?: Range }
  | { readonly type: 'error'; readonly message: string; readonly step?: BuildStepRef; readonly range?: Range }
  | { readonly type: 'image'; readonly id: string };

/** A step of a build, with the Dockerfile line it comes from when known. */
export interface BuildStepRef {
  /** The step as the engine names it, e.g. `[build 2/4] RUN make`. */
  readonly name: string;
  /** 1-based Dockerfile line of the instruction, when it could be matched. */
  readonly line?: number;
}

export interface BuildOutcome {
  readonly imageId: string | null;
  readonly steps: ReadonlyArray<BuildStepRef & { readonly cached: boolean }>;
  readonly error?: { readonly message: string; readonly line?: number; readonly range?: Range };
  /** Steps whose cache hit or miss differed from the planner's prediction (engine cache bugs surface here). */
  readonly mismatches?: ReadonlyArray<{ readonly line: number; readonly predicted: 'hit' | 'miss'; readonly engine: 'hit' | 'miss' }>;
}

export interface RunRequest {
  readonly image: string;
  readonly command?: readonly string[];
  readonly entrypoint?: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
  readonly workdir?: string;
  readonly user?: string;
  /** `name:/path` (named volume), `/host/path:/path` (bind mount), optional `:ro`. */
  readonly volumes?: readonly string[];
  readonly network?: NetworkMode;
  readonly tty?: boolean;
  /** Remove the container when it ends (default true). */
  readonly remove?: boolean;
  /** Kill the container after this many milliseconds. */
  readonly timeoutMs?: number;
  readonly name?: string;
  readonly labels?: Readonly<Record<string, string>>;
}

export interface RunOutcome {
  readonly containerId: string;
  readonly exitCode: number;
  /** True when the run was ended by `timeoutMs` or an abort. */
  readonly killed: boolean;
}

export interface OperationOptions<E> {
  readonly signal?: AbortSignal;
  readonly onEvent?: (event: E) => void;
}

export type RunEvent = { readonly type: 'output'; readonly stream: 'stdout' | 'stderr'; readonly data: Uint8Array };

export interface ContainerRef {
  readonly id: string;
  readonly name: string;
  readonly image: string;
  readonly state: string;
  readonly labels: Readonly<Record<string, string>>;
}

/** An image carrying dfkit's label, as {@link RuntimeAdapter.listImages} reports it. */
export interface ImageRef {
  readonly id: string;
  /** Its `name:tag` references; none for a dangling image (untagged, and no other image built on it). */
  readonly tags: readonly string[];
  /** When the image was created, in milliseconds since the epoch. */
  readonly created: number;
  readonly labels: Readonly<Record<string, string>>;
  /** The containers (running or not, dfkit's or not) created from it: removing it would break them. */
  readonly containers: readonly string[];
}

/** What every engine adapter implements. */
export interface RuntimeAdapter {
  readonly name: string;
  ping(options?: { signal?: AbortSignal }): Promise<EngineInfo>;
  build(request: BuildRequest, options?: OperationOptions<BuildEvent>): Promise<BuildOutcome>;
  run(request: RunRequest, options?: OperationOptions<RunEvent>): Promise<RunOutcome>;
  inspectImage(reference: string): Promise<{ readonly id: string; readonly layers: readonly string[]; readonly digests: readonly string[] } | null>;
  removeImage(reference: string, options?: { force?: boolean }): Promise<void>;
  /** Containers carrying dfkit's label (and the given ones). */
  listContainers(labels?: Readonly<Record<string, string>>): Promise<ContainerRef[]>;
  /** Images carrying dfkit's label (and the given ones): dangling ones and tagged ones, not intermediate layers. */
  listImages(labels?: Readonly<Record<string, string>>): Promise<ImageRef[]>;
  stop(containerId: string, options?: { timeoutSeconds?: number }): Promise<void>;
  remove(containerId: string, options?: { force?: boolean }): Promise<void>;
  tag?(source: string, target: string): Promise<void>;
  push?(reference: string, options?: { signal?: AbortSignal }): Promise<{ readonly digest: string | null }>;
  pull?(reference: string, options?: { signal?: AbortSignal }): Promise<{ readonly id: string }>;
  /** The manifest digest a registry serves for a reference. */
  resolveDigest?(reference: string): Promise<string | null>;
}

/** Creates an adapter, or says why it cannot (e.g. no socket). */
export type AdapterFactory = (environment: Readonly<Record<string, string | undefined>>) => RuntimeAdapter;

const factories = new Map<string, AdapterFactory>();

/** Registers an adapter under a name (third parties register their own engines the same way). */
export function registerAdapter(name: string, factory: AdapterFactory): void {
  factories.set(name, factory);
}

/** The names of the registered adapters. */
export function adapterNames(): string[] {
  return [...factories.keys()];
}

/** Creates the adapter registered under `name`; throws for an unknown name (a programmer error). */
export function createAdapter(name: string, environment: Readonly<Record<string, string | undefined>> = process.env): RuntimeAdapter {
  const factory = factories.get(name);
  if (!factory) throw new Error(`unknown runtime adapter "${name}" (registered: ${adapterNames().join(', ') || 'none'})`);
  return factory(environment);
}
