/**
 * Building through the Docker Engine API with the planner in the loop. The planner scans the context (with
 * `.dockerignore`, which the engine does not apply to an uploaded tar), the plan decides what part of the
 * context the build needs, the engine's progress becomes adapter events that name Dockerfile lines, and the
 * engine's cache hits are checked against the plan's prediction.
 *
 * Nothing is written to disk: the context is streamed from the directory into the request. An aborted build is
 * cancelled by the engine client (the connection closes; BuildKit builds are also cancelled by ID), and classic
 * builds run with `rm`/`forcerm`, so neither a failure nor an abort leaves a container behind.
 */
import { createHash } from 'node:crypto';
import { lstat, readFile, realpath } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { Readable } from 'node:stream';
import { decodeDockerfile, describeEncoding, isConcreteImageReference, parse, type DecodedSource } from '../../parser/index.js';
import {
  createContentHasher,
  imageReferences,
  plan as planBuild,
  scanContext,
  type BaseImageIdentity,
  type BuilderModel,
  type BuildContext,
  type ContextEntry,
  type Plan,
  type PlanOptions,
} from '../../planner/index.js';
import { DFKIT_IMAGE_VALUE, DFKIT_LABEL, type BuildEvent, type BuildOutcome, type BuildRequest, type BuildStepRef, type OperationOptions } from '../adapter.js';
import { ContextTarError, createContextTar, openFromDirectory, type InMemoryFile, type TarEntry } from '../context-tar.js';
import type { BuildEvent as EngineBuildEvent, BuildResult } from './build-progress.js';
import { EngineError, type BuildParams, type EngineClient } from './engine-client.js';
import { baseImageIdentity } from './image-identity.js';
import { cacheMismatches, parseBuildKitStepName, PlanStepLocator, type CacheMismatch, type EngineStepName } from './plan-steps.js';
import { selectContextEntries } from './context-selection.js';
import { countUpload, expectedArchiveSize } from '../upload-progress.js';
import { openSessionForBuild, type BuildSessionInputs, type OfferedContext, type OpenedBuildSession } from './session/build-session.js';
import type { ExportTarget } from './session/file-receive.js';
import { checkSecrets } from './session/secrets.js';
import { checkSshAgents, resolveSshAgents } from './session/ssh.js';
import { RegistryAuthError, registryConfigFor, registryHostOf, type RegistryAuth } from './registry-auth.js';
import { isLoopbackRegistry } from './registry.js';

/** What was sent as the build context. */
export interface ContextReport {
  /**
   * `tar`: the files were uploaded as one archive; `session`: the engine synced them and requested only what its
   * copy from earlier builds lacked.
   */
  readonly transport: 'tar' | 'session';
  /**
   * File bytes sent (Dockerfile and ignore file included): the archive's files, or, for a synced context, the
   * files the engine requested.
   */
  readonly bytesSent: number;
  /** File bytes the whole context (after `.dockerignore`) would have sent. */
  readonly bytesTotal: number;
  /** Files in the archive, or files the engine requested. */
  readonly files: number;
  /** Files the whole context holds. */
  readonly filesTotal: number;
  /** True when only the part the build needs was sent. */
  readonly partial: boolean;
  /** Why the whole context was sent, when the plan could not prove less would do. */
  readonly reason?: string;
}

export interface PlannedBuildOutcome extends BuildOutcome {
  /** The plan the build was made with (`null` when the build did not get that far). */
  readonly plan: Plan | null;
  readonly context: ContextReport | null;
  /** For a build that exported files (`request.output`): where they went and how much arrived. */
  readonly output?: { readonly type: 'local' | 'tar'; readonly dest: string; readonly files: number; readonly bytes: number };
}

/**
 * The last plan of each distinct request (context, Dockerfile, target, builder) whose build succeeded, so the
 * next build of it can compare the engine's cache hits with the prediction. An adapter keeps one per instance.
 */
export class BuildPlanMemory {
  private readonly plans = new Map<string, Plan>();

  static keyOf(context: string, dockerfile: string, target: string | undefined, builder: string): string {
    return JSON.stringify([context, dockerfile, target ?? null, builder]);
  }

  get(key: string): Plan | undefined {
    return this.plans.get(key);
  }

  set(key: string, plan: Plan): void {
    this.plans.set(key, plan);
  }
}

export interface PlannedBuildOptions extends OperationOptions<BuildEvent> {
  /** Where plans of earlier builds are kept (and this build's plan is stored when it succeeds). */
  readonly plans?: BuildPlanMemory;
  /** A plan of an earlier build of the same request to compare with; takes precedence over `plans`. */
  readonly previousPlan?: Plan;
  /** Send the whole context even when the plan shows less would do. */
  readonly fullContext?: boolean;
  /** The planner's file digest cache; `false` for none. Default: the user cache directory. */
  readonly cacheDir?: string | false;
  /** Environment for locating the default digest cache directory and reading secrets given by variable. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /**
   * The cache model to plan with and to read step names by, when the engine is not Docker: `podman` plans with
   * buildah's rules and sends a classic (`version=1`) build request. Default: the request's builder.
   */
  readonly model?: BuilderModel;
  /**
   * How BuildKit gets the context: `session` lets the engine sync it (only changed files travel on a rebuild),
   * `tar` uploads the files the build needs as one archive, `auto` (the default) uses a session and falls back
   * to the archive when the engine offers no sessions. The classic builder and podman always take the archive.
   */
  readonly contextTransport?: 'auto' | 'session' | 'tar';
}

const DEFAULT_DOCKERFILE = 'Dockerfile';

function toSlash(path: string): string {
  return path.split(sep).join('/');
}

function isInside(rel: string): boolean {
  return rel !== '' && rel !== '..' && !rel.startsWith('../') && !isAbsolute(rel);
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function failed(message: string, extra: Partial<PlannedBuildOutcome> = {}): PlannedBuildOutcome {
  return { imageId: null, steps: [], error: { message }, plan: null, context: null, ...extra };
}

function tarEntryOf(entry: ContextEntry): TarEntry {
  return {
    path: entry.path,
    type: entry.type === 'other' ? 'file' : entry.type,
    mode: entry.mode,
    ...(entry.type === 'file' ? { size: entry.size } : {}),
    ...(entry.linkTarget !== undefined ? { linkTarget: entry.linkTarget } : {}),
  };
}

interface BaseImages {
  readonly identities: Record<string, BaseImageIdentity>;
  /** False when some base image is unknown to the engine or has ONBUILD triggers. */
  readonly withoutTriggers: boolean;
}

/**
 * What the engine knows of the needed stages' base images: identities for the plan, and ONBUILD triggers.
 * Docker reports an image's triggers in its config. podman does not (measured on podman 4.3: its inspect shows
 * the OCI config, which has no triggers, while buildah keeps and runs them), so there an image whose history
 * records an ONBUILD may have triggers the plan cannot see.
 */
async function resolveBaseImages(
  client: EngineClient,
  references: readonly string[],
  builder: BuilderModel,
  signal?: AbortSignal,
): Promise<BaseImages> {
  const identities: Record<string, BaseImageIdentity> = {};
  let withoutTriggers = true;
  for (const reference of new Set(references)) {
    try {
      const image = await client.inspectImage(reference, signal ? { signal } : {});
      const identity = baseImageIdentity(image);
      identities[reference] = identity;
      if (identity.onbuild) withoutTriggers = false;
      else if (builder === 'podman') {
        const history = await client.imageHistory(reference, signal ? { signal } : {});
        if (history.some((entry) => /\bONBUILD\s/.test(entry.CreatedBy ?? ''))) withoutTriggers = false;
      }
    } catch (error) {
      // The engine will pull it (or fail the build itself); until then nothing is known of its triggers.
      if (!(error instanceof EngineError && error.notFound)) throw error;
      withoutTriggers = false;
    }
  }
  return { identities, withoutTriggers };
}

/** Where the Dockerfile lives relative to the context, or `null` when it is outside. */
async function dockerfileInContext(root: string, dockerfilePath: string): Promise<string | null> {
  let real: string;
  try {
    real = join(await realpath(dirname(dockerfilePath)), basename(dockerfilePath));
  } catch {
    return null;
  }
  const rel = toSlash(relative(root, real));
  return isInside(rel) ? rel : null;
}

/** A file the tar must hold whatever `.dockerignore` says (the engine reads it before filtering). */
async function alwaysSent(root: string, path: string, content?: string): Promise<InMemoryFile & { size: number }> {
  const absolute = join(root, ...path.split('/'));
  const info = await lstat(absolute);
  const bytes = content !== undefined ? Buffer.from(content, 'utf8') : await readFile(absolute);
  return { path, content: bytes, mode: info.mode & 0o7777, size: bytes.length };
}

/**
 * Translates the engine's events into adapter events, naming the Dockerfile line of each step. Errors are held
 * back until the build ends, when the failing step is known for both builders.
 */
class EventTranslator {
  private classicStep: { index: number; ref: BuildStepRef; cached: boolean } | null = null;
  private readonly vertices = new Map<string, { ref: BuildStepRef; started: boolean; cached: boolean; done: boolean }>();

  constructor(
    private readonly locator: PlanStepLocator,
    private readonly emit: (event: BuildEvent) => void,
  ) {}

  refOf(name: string, step: EngineStepName): BuildStepRef {
    const line = this.locator.locate(step)?.step.line;
    return line === undefined ? { name } : { name, line };
  }

  push(event: EngineBuildEvent): void {
    switch (event.type) {
      case 'step': {
        this.closeClassicStep();
        const name = `Step ${event.index}/${event.total} : ${event.instruction}`;
        const ref = this.refOf(name, { index: event.index, instruction: event.instruction, ...(event.stage !== undefined && { stage: event.stage }) });
        this.classicStep = { index: event.index, ref, cached: false };
        this.emit({ type: 'step-started', step: ref });
        return;
      }
      case 'cached':
        if (this.classicStep) {
          this.classicStep.cached = true;
          this.emit({ type: 'step-cached', step: this.classicStep.ref });
        }
        return;
      case 'vertex':
        this.vertex(event);
        return;
      case 'output': {
        const ref =
          event.vertex !== undefined
            ? this.vertices.get(event.vertex)?.ref
            : event.step !== undefined && this.classicStep?.index === event.step
              ? this.classicStep.ref
              : undefined;
        this.emit({ type: 'log', stream: event.stream, text: event.text, ...(ref && { step: ref }) });
        return;
      }
      case 'warning':
        this.emit({ type: 'warning', message: event.message });
        return;
      case 'error':
        // The engine's failure is reported once the build ends; an unreadable line is only worth a warning.
        if (event.source === 'decoder') this.emit({ type: 'warning', message: event.message });
        return;
      case 'image':
        // The classic builder reports an image ID at the end of every stage; the build's image is the last one,
        // reported once the build has succeeded.
        return;
      case 'status':
        return;
    }
  }

  /** Closes the step still open and reports the build's failure, if any. */
  finish(result: BuildResult): BuildOutcome['error'] {
    if (!result.error) {
      this.closeClassicStep();
      if (result.imageId) this.emit({ type: 'image', id: result.imageId });
      return undefined;
    }
    const failing = result.steps.find((step) => step.error !== undefined);
    const located = failing ? this.locator.locate(failing) : null;
    // A Dockerfile the engine cannot parse is named by line in the message.
    const line = located?.step.line ?? lineInMessage(result.error.message);
    const range = line === undefined ? undefined : this.locator.rangeOfLine(line);
    const step = failing ? { name: failing.name, ...(line !== undefined && { line }) } : undefined;
    this.emit({ type: 'error', message: result.error.message, ...(step && { step }), ...(range && { range }) });
    return { message: result.error.message, ...(line !== undefined && { line }), ...(range && { range }) };
  }

  private closeClassicStep(): void {
    if (!this.classicStep) return;
    this.emit({ type: 'step-done', step: this.classicStep.ref, cached: this.classicStep.cached });
    this.classicStep = null;
  }

  private vertex(event: Extract<EngineBuildEvent, { type: 'vertex' }>): void {
    let known = this.vertices.get(event.digest);
    if (!known) {
      const step = parseBuildKitStepName(event.name);
      if (!step) return; // internal vertices: loading the context, exporting the image
      known = { ref: this.refOf(event.name, step), started: false, cached: false, done: false };
      this.vertices.set(event.digest, known);
    }
    if (!known.started && (event.started !== undefined || event.cached)) {
      known.started = true;
      this.emit({ type: 'step-started', step: known.ref });
    }
    if (event.cached && !known.cached) {
      known.cached = true;
      this.emit({ type: 'step-cached', step: known.ref });
    }
    if (event.completed !== undefined && event.error === undefined && !known.done) {
      known.done = true;
      this.emit({ type: 'step-done', step: known.ref, cached: known.cached });
    }
  }
}

/** The archive upload of the tar transport, with its progress reported as upload events. */
function archiveOf(entries: readonly ContextEntry[], extras: Array<InMemoryFile & { size: number }>, root: string, emit: (event: BuildEvent) => void): Readable {
  const tarEntries = entries.map(tarEntryOf);
  const archive = createContextTar({
    entries: tarEntries,
    openFile: openFromDirectory(root),
    extraFiles: extras,
  });
  const tar = countUpload({
    bytesExpected: expectedArchiveSize([...extras.map((file) => ({ type: 'file' as const, size: file.size })), ...tarEntries]),
    onProgress: (upload) => emit({ type: 'upload', ...upload, transport: 'tar' }),
  });
  // A failure while writing the archive (a file changed under us) reaches the request through the counter.
  archive.on('error', (error) => tar.destroy(error));
  tar.on('close', () => {
    if (!archive.readableEnded) archive.destroy();
  });
  archive.pipe(tar);
  return tar;
}

/**
 * Whether every base image the engine has to pull lives in a loopback registry: then podman may pull over plain
 * HTTP, which is what Docker does for loopback registries (podman would insist on HTTPS). A build that also
 * pulls from anywhere else keeps TLS verification for all.
 */
function pullsOnlyFromLoopback(references: readonly string[], bases: BaseImages): boolean {
  const pulled = references.filter((reference) => bases.identities[reference] === undefined);
  return pulled.length > 0 && pulled.every((reference) => isLoopbackRegistry(registryHostOf(reference)));
}

/** How often a synced context's progress is reported while the engine pulls files. */
const SYNC_PROGRESS_INTERVAL_MS = 250;

/**
 * Upload events for a synced context: the bytes the engine has pulled, out of the bytes it could pull (it asks
 * only for what changed, so it usually stops well short), and a final event when the build ends.
 */
function reportSyncProgress(opened: OpenedBuildSession, bytesOffered: () => number, emit: (event: BuildEvent) => void): { stop(): void } {
  let reported = 0;
  const timer = setInterval(() => {
    if (opened.progress.bytes === reported) return;
    reported = opened.progress.bytes;
    emit({ type: 'upload', bytesUploaded: reported, bytesExpected: bytesOffered(), done: false, transport: 'session' });
  }, SYNC_PROGRESS_INTERVAL_MS);
  timer.unref();
  return {
    stop(): void {
      clearInterval(timer);
      emit({ type: 'upload', bytesUploaded: opened.progress.bytes, bytesExpected: bytesOffered(), done: true, transport: 'session' });
    },
  };
}

/**
 * The Dockerfile-specific ignore file (`<Dockerfile>.dockerignore`), offered next to the Dockerfile when it exists:
 * BuildKit then applies it instead of the context's `.dockerignore`, as the planner's scan does.
 */
async function dockerfileIgnoreNextTo(dockerfilePath: string): Promise<{ dockerfileIgnore?: Uint8Array }> {
  try {
    return { dockerfileIgnore: await readFile(`${dockerfilePath}.dockerignore`) };
  } catch {
    return {};
  }
}

function lineInMessage(message: string): number | undefined {
  const match = /\bline (\d+)\b/i.exec(message);
  return match ? Number(match[1]) : undefined;
}

/**
 * Builds `request` with the engine behind `client`, sending the context the plan says the build needs.
 *
 * Resolves with the outcome whether the build succeeded or failed (`error` names the Dockerfile line of the
 * failing step when there is one); rejects when the engine cannot be reached ({@link EngineError} with
 * `status: null`) or when `signal` aborts.
 *
 * @example
 * const plans = new BuildPlanMemory();
 * const outcome = await buildWithPlan(new EngineClient(), { context: '.', tags: ['app:dev'] }, {
 *   plans,
 *   onEvent: (event) => event.type === 'log' && process.stdout.write(event.text),
 * });
 * if (outcome.error) console.error(`Dockerfile:${outcome.error.line}: ${outcome.error.message}`);
 */
export async function buildWithPlan(
  client: EngineClient,
  request: BuildRequest,
  options: PlannedBuildOptions = {},
): Promise<PlannedBuildOutcome> {
  const { signal } = options;
  signal?.throwIfAborted();
  const builder: BuilderModel = options.model ?? request.builder ?? 'buildkit';
  const contextDir = resolve(request.context);
  const dockerfilePath = resolve(contextDir, request.dockerfile ?? DEFAULT_DOCKERFILE);
  const secrets = request.secrets ?? [];
  const ssh = request.ssh ?? [];
  const env = options.env ?? process.env;
  if (request.output && builder !== 'buildkit') return failed(`exporting files needs the BuildKit builder; the ${builder} builder only makes images`);
  if (secrets.length > 0 || ssh.length > 0) {
    const what = secrets.length > 0 ? 'secrets' : 'SSH agents';
    if (builder !== 'buildkit') return failed(`${what} need the BuildKit builder; the ${builder} builder cannot mount them`);
    const problem = (await checkSecrets(secrets, env)) ?? (await checkSshAgents(ssh, env));
    if (problem !== null) return failed(problem);
  }

  let source: DecodedSource;
  try {
    source = decodeDockerfile(await readFile(dockerfilePath));
  } catch (error) {
    return failed(`cannot read the Dockerfile ${dockerfilePath}: ${errorText(error)}`);
  }
  // The engine would stop at line 1 with "unknown instruction" and a line of NUL-separated letters.
  if (source.encoding !== 'utf-8') {
    return failed(`the Dockerfile ${dockerfilePath} is encoded as ${describeEncoding(source.encoding)}; Docker reads Dockerfiles as UTF-8: save it as UTF-8`);
  }
  const text = source.text;
  const transport = builder === 'buildkit' ? (options.contextTransport ?? 'auto') : 'tar';
  const inputs: BuildInputs = {
    transport: transport === 'tar' ? 'tar' : 'session',
    client,
    request,
    options,
    builder,
    network: request.network ?? 'none',
    contextDir,
    dockerfilePath,
    text,
    env,
    emit: (event) => options.onEvent?.(event),
  };
  // Scanning and planning start now; a BuildKit build with a session does not wait for them (below).
  const preparing = prepareBuild(inputs);
  preparing.catch(() => undefined);

  // Secrets, SSH agents and exports travel only through a session: without one the build cannot happen.
  const needsSession = secrets.length > 0 || ssh.length > 0 || request.output !== undefined;
  if (transport !== 'tar') {
    let opened: OpenedBuildSession;
    try {
      opened = await openSessionForBuild({
        client,
        root: contextDir,
        sync: {
          context: preparing.then(offeredContextOf),
          dockerfileName: basename(dockerfilePath),
          dockerfileText: text,
          ...(await dockerfileIgnoreNextTo(dockerfilePath)),
        },
        ...sessionServices(inputs),
      });
    } catch (error) {
      // An engine that cannot be reached, or an abort, ends the build as any request would.
      if (signal?.aborted || (error instanceof EngineError && error.status === null)) throw error;
      // An engine that refuses sessions still takes an archive, unless the build needs the session itself.
      if (!(error instanceof EngineError) || transport === 'session' || needsSession) {
        const prepared = await preparing;
        return failed(`cannot open a build session with the engine: ${errorText(error)}`, prepared.ok ? { plan: prepared.plan, context: prepared.report } : {});
      }
      return buildWithArchive(inputs, await preparing);
    }
    return buildThroughSession(inputs, opened, preparing);
  }
  return buildWithArchive(inputs, await preparing);
}

/** What every step of a build shares. */
interface BuildInputs {
  readonly client: EngineClient;
  readonly request: BuildRequest;
  readonly options: PlannedBuildOptions;
  readonly builder: BuilderModel;
  readonly network: NonNullable<BuildRequest['network']>;
  readonly contextDir: string;
  readonly dockerfilePath: string;
  readonly text: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** How the context is expected to travel (an engine that refuses sessions still gets an archive). */
  readonly transport: 'tar' | 'session';
  readonly emit: (event: BuildEvent) => void;
}

/** The context scanned and the build planned: what to offer the engine, and what to compare its answer with. */
interface PreparedBuild {
  readonly ok: true;
  readonly root: string;
  readonly plan: Plan;
  readonly ast: ReturnType<typeof parse>['ast'];
  readonly references: readonly string[];
  readonly bases: BaseImages;
  readonly registryConfig: Record<string, RegistryAuth>;
  /** The context entries the build needs. */
  readonly entries: readonly ContextEntry[];
  /** The Dockerfile and ignore file, sent whatever `.dockerignore` says. */
  readonly extras: ReadonlyArray<InMemoryFile & { size: number }>;
  /** The Dockerfile's name in the archive. */
  readonly dockerfileInTar: string;
  /** True when the Dockerfile lies inside the context. */
  readonly dockerfileInContext: boolean;
  readonly report: ContextReport;
}

type Preparation = PreparedBuild | { readonly ok: false; readonly outcome: PlannedBuildOutcome };

/** Scans the context, plans the build and works out what part of the context it needs. */
async function prepareBuild(inputs: BuildInputs): Promise<Preparation> {
  const { client, request, options, builder, contextDir, dockerfilePath, text, env } = inputs;
  const { signal } = options;
  const stop = (message: string): Preparation => ({ ok: false, outcome: failed(message) });
  let context: BuildContext;
  try {
    context = await scanContext(contextDir, { dockerfile: dockerfilePath });
  } catch (error) {
    return stop(errorText(error));
  }
  const root = context.root ?? contextDir;

  const planOptions: PlanOptions = {
    builder,
    network: inputs.network,
    target: request.target,
    buildArgs: request.buildArgs,
    platform: request.platform,
    dockerfilePath,
  };
  // A plan without the context is cheap and names the base images; the engine says what they are.
  const outline = await planBuild(text, { ...planOptions, context: null });
  // (A name that is no valid reference is left to the engine, which fails the build with its own message.)
  const references = imageReferences(outline.stages.filter((s) => s.needed)).filter(isConcreteImageReference);
  const bases = await resolveBaseImages(client, references, builder, signal);
  // Credentials go into the request for the classic builder and podman, and decide whether an archive build
  // with BuildKit needs a session; a BuildKit build with a session asks for them itself, only when it pulls.
  let registryConfig: Record<string, RegistryAuth> = {};
  try {
    if (builder !== 'buildkit' || inputs.transport === 'tar') registryConfig = await registryConfigFor(references, env);
  } catch (error) {
    if (error instanceof RegistryAuthError) return stop(`cannot read registry credentials: ${error.message}`);
    throw error;
  }
  const hasher = createContentHasher(root, {
    ...(options.cacheDir !== undefined && { cacheDir: options.cacheDir }),
    ...(options.env && { env: options.env }),
  });
  let planned: Plan;
  try {
    planned = await planBuild(text, { ...planOptions, context, hasher, baseImages: bases.identities });
  } catch (error) {
    return stop(`cannot plan the build: ${errorText(error)}`);
  } finally {
    await hasher.flush();
  }
  signal?.throwIfAborted();
  const ast = parse(text).ast;

  // The Dockerfile and its ignore file go first, whatever `.dockerignore` says; a Dockerfile outside the context
  // gets a name derived from its content, so that the same Dockerfile gives the same tar.
  const inContext = await dockerfileInContext(root, dockerfilePath);
  const dockerfileInTar = inContext ?? `.dockerfile.${createHash('sha256').update(text).digest('hex').slice(0, 20)}`;
  const extras: Array<InMemoryFile & { size: number }> = [];
  try {
    if (inContext !== null) extras.push(await alwaysSent(root, inContext, text));
    else {
      const content = Buffer.from(text, 'utf8');
      extras.push({ path: dockerfileInTar, content, mode: 0o644, size: content.length });
    }
    if (context.ignoreFile !== null && isInside(context.ignoreFile) && context.ignoreFile !== inContext) {
      extras.push(await alwaysSent(root, context.ignoreFile));
    }
  } catch (error) {
    return stop(`cannot read ${dockerfilePath}: ${errorText(error)}`);
  }

  const selection = options.fullContext
    ? { entries: [...context.entries.values()].filter((e) => e.type !== 'other'), partial: false, reason: 'the whole context was asked for' }
    : selectContextEntries({ context, plan: planned, ast, text, baseImagesWithoutTriggers: bases.withoutTriggers });
  const extraPaths = new Set(extras.map((file) => file.path));
  const countFiles = (entries: Iterable<ContextEntry>): { files: number; bytes: number } => {
    let files = extras.length;
    let bytes = extras.reduce((sum, file) => sum + file.size, 0);
    for (const entry of entries) {
      if (entry.type !== 'file' || extraPaths.has(entry.path)) continue;
      files++;
      bytes += entry.size;
    }
    return { files, bytes };
  };
  const sent = countFiles(selection.entries);
  const total = countFiles(context.entries.values());
  const report: ContextReport = {
    transport: 'tar',
    bytesSent: sent.bytes,
    bytesTotal: total.bytes,
    files: sent.files,
    filesTotal: total.files,
    partial: selection.partial,
    ...(selection.reason !== undefined && { reason: selection.reason }),
  };
  inputs.emit({ type: 'context', bytesSent: report.bytesSent, bytesTotal: report.bytesTotal, files: report.files, transport: inputs.transport });
  return {
    ok: true,
    root,
    plan: planned,
    ast,
    references,
    bases,
    registryConfig,
    entries: selection.entries,
    extras,
    dockerfileInTar,
    dockerfileInContext: inContext !== null,
    report,
  };
}

/** What a synced context offers: the needed entries, and the Dockerfile and ignore file when they lie inside it. */
function offeredContextOf(prepared: Preparation): OfferedContext {
  if (!prepared.ok) throw new Error(prepared.outcome.error?.message ?? 'the build could not be prepared');
  return {
    entries: prepared.entries,
    files: prepared.extras.filter((file) => file.path !== prepared.dockerfileInTar || prepared.dockerfileInContext),
  };
}

/** What a build's session serves besides the context: secrets, SSH agents, the export's destination. */
function sessionServices(inputs: BuildInputs): Pick<BuildSessionInputs, 'secrets' | 'sshAgents' | 'exportTarget' | 'env' | 'signal'> {
  const { request, env, options } = inputs;
  return {
    secrets: request.secrets ?? [],
    sshAgents: resolveSshAgents(request.ssh ?? [], env),
    ...exportTargetOf(request),
    env,
    ...(options.signal && { signal: options.signal }),
  };
}

/** Where a build's export goes; a relative destination is taken from the working directory, like the context. */
function exportTargetOf(request: BuildRequest): { exportTarget?: ExportTarget } {
  const output = request.output;
  if (!output) return {};
  const dest = resolve(output.dest);
  return { exportTarget: output.type === 'tar' ? { type: 'tar', file: dest } : { type: 'local', directory: dest } };
}

/** The build parameters every transport shares. */
function commonParams(inputs: BuildInputs): Omit<BuildParams, 'builder' | 'dockerfile'> {
  const { request } = inputs;
  return {
    networkMode: inputs.network,
    ...(request.tags && { tags: request.tags }),
    ...(request.target && { target: request.target }),
    ...(request.buildArgs && { buildArgs: request.buildArgs }),
    // Every image dfkit builds carries its label, so `dfkit gc` can find it. The classic builder and buildah
    // append one `LABEL` step per build label after the last instruction: the steps before it stay cached, and
    // the extra steps match no Dockerfile line, so they never count as a plan/engine mismatch. BuildKit writes
    // the labels into the image config without any step.
    labels: { ...request.labels, [DFKIT_LABEL]: DFKIT_IMAGE_VALUE },
    ...(request.platform && { platform: request.platform }),
    ...(request.noCache && { noCache: true }),
  };
}

/**
 * A BuildKit build whose context the engine syncs from the session. The request goes out before the context is
 * planned: the engine reads the Dockerfile and resolves base images meanwhile, and its request for the context
 * listing waits for the plan. Progress that arrives before the plan is held back until its steps can be named.
 */
async function buildThroughSession(inputs: BuildInputs, opened: OpenedBuildSession, preparing: Promise<Preparation>): Promise<PlannedBuildOutcome> {
  const { client, options, dockerfilePath } = inputs;
  const cancel = new AbortController();
  const signal = options.signal ? AbortSignal.any([options.signal, cancel.signal]) : cancel.signal;
  const held: EngineBuildEvent[] = [];
  let translator: EventTranslator | null = null;
  let offered = 0;
  const uploads = reportSyncProgress(opened, () => offered, inputs.emit);
  const building = client.build(
    null,
    {
      ...commonParams(inputs),
      builder: 'buildkit',
      dockerfile: basename(dockerfilePath),
      session: opened.session.id,
      contextFromSession: true,
      ...(inputs.request.output && { outputs: [{ type: inputs.request.output.type }] }),
    },
    { signal, onEvent: (event) => (translator ? translator.push(event) : held.push(event)) },
  );
  building.catch(() => undefined);
  try {
    let prepared: Preparation;
    try {
      prepared = await preparing;
    } catch (error) {
      cancel.abort(error);
      throw error;
    }
    if (!prepared.ok) {
      // The engine would fail on the missing listing anyway; cancelling says so sooner.
      cancel.abort(new Error(prepared.outcome.error?.message));
      await building.catch(() => undefined);
      return prepared.outcome;
    }
    offered = prepared.report.bytesSent;
    const locator = new PlanStepLocator(prepared.plan, prepared.ast, 'buildkit');
    const ready = new EventTranslator(locator, inputs.emit);
    for (const event of held.splice(0)) ready.push(event);
    translator = ready;
    const result = await building;
    const report: ContextReport = { ...prepared.report, bytesSent: opened.progress.bytes, files: opened.progress.files, transport: 'session' };
    return withExport(finishBuild(inputs, prepared, result, ready, locator, report), inputs.request, opened);
  } finally {
    uploads.stop();
    opened.session.close();
  }
}

/**
 * A build whose context goes up as one archive: the classic builder, podman, and BuildKit when asked to or when
 * the engine offers no sessions (BuildKit still gets a session, without the context, when it needs secrets, SSH
 * agents or registry credentials).
 */
async function buildWithArchive(inputs: BuildInputs, prepared: Preparation): Promise<PlannedBuildOutcome> {
  if (!prepared.ok) return prepared.outcome;
  const { client, request, options, builder } = inputs;
  const { signal } = options;
  const mountsOrExport = (request.secrets ?? []).length > 0 || (request.ssh ?? []).length > 0 || request.output !== undefined;
  let opened: OpenedBuildSession | null = null;
  if (builder === 'buildkit' && (mountsOrExport || Object.keys(prepared.registryConfig).length > 0)) {
    try {
      opened = await openSessionForBuild({ client, root: prepared.root, ...sessionServices(inputs) });
    } catch (error) {
      if (signal?.aborted || (error instanceof EngineError && error.status === null)) throw error;
      return failed(`cannot open a build session with the engine: ${errorText(error)}`, { plan: prepared.plan, context: prepared.report });
    }
  }
  const body = archiveOf(prepared.entries, [...prepared.extras], prepared.root, inputs.emit);
  const locator = new PlanStepLocator(prepared.plan, prepared.ast, builder);
  const translator = new EventTranslator(locator, inputs.emit);
  let result: BuildResult;
  try {
    result = await client.build(
      body,
      {
        ...commonParams(inputs),
        builder: builder === 'podman' ? 'classic' : builder,
        dockerfile: prepared.dockerfileInTar,
        ...(opened && { session: opened.session.id }),
        ...(builder !== 'buildkit' && { registryConfig: prepared.registryConfig }),
        ...(builder === 'podman' && pullsOnlyFromLoopback(prepared.references, prepared.bases) && { tlsVerify: false }),
        ...(request.output && { outputs: [{ type: request.output.type }] }),
      },
      { ...(signal && { signal }), onEvent: (event) => translator.push(event) },
    );
  } catch (error) {
    // A file that changed or vanished between the scan and the upload: the build did not happen.
    if (error instanceof ContextTarError) return failed(`the build context changed while it was sent: ${error.message}`, { plan: prepared.plan, context: prepared.report });
    throw error;
  } finally {
    opened?.session.close();
  }
  return withExport(finishBuild(inputs, prepared, result, translator, locator, prepared.report), request, opened);
}

/** The outcome with what the export delivered, for a build that exported files. */
function withExport(outcome: PlannedBuildOutcome, request: BuildRequest, opened: OpenedBuildSession | null): PlannedBuildOutcome {
  if (!request.output || !opened || outcome.error) return outcome;
  return { ...outcome, output: { type: request.output.type, dest: resolve(request.output.dest), files: opened.exported.files, bytes: opened.exported.bytes } };
}

/** The outcome: steps named by line, the engine's cache hits against the previous plan, the plan remembered. */
function finishBuild(
  inputs: BuildInputs,
  prepared: PreparedBuild,
  result: BuildResult,
  translator: EventTranslator,
  locator: PlanStepLocator,
  report: ContextReport,
): PlannedBuildOutcome {
  const { request, options } = inputs;
  const error = translator.finish(result);
  const steps = result.steps.map((step) => {
    const line = locator.locate(step)?.step.line;
    return { name: step.name, ...(line !== undefined && { line }), cached: step.cached };
  });

  const memoryKey = BuildPlanMemory.keyOf(prepared.root, inputs.dockerfilePath, request.target, inputs.builder);
  const previous = options.previousPlan ?? options.plans?.get(memoryKey);
  let mismatches: CacheMismatch[] | undefined;
  // With --no-cache every step reruns by request; there is nothing to compare.
  if (previous && !request.noCache) mismatches = cacheMismatches(prepared.plan, previous, result.steps, locator);
  // Only a successful build leaves every step in the engine's cache.
  if (!result.error) options.plans?.set(memoryKey, prepared.plan);

  return {
    // A failed multi-stage classic build still reports the image of the last stage it finished.
    imageId: result.error ? null : result.imageId,
    steps,
    ...(error && { error }),
    ...(mismatches && { mismatches }),
    plan: prepared.plan,
    context: report,
  };
}
