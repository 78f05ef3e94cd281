/**
 * The planner's Node entry point: scans the context directory (with `.dockerignore`), hashes what each
 * COPY/ADD takes (with a persistent stat cache), and computes the plan. Also the "what if these files
 * changed?" question, answered without a second context.
 */
import { createIgnoreMatcher, parseDockerignore } from '../parser/dockerignore/index.js';
import { createContentHasher, createNodeRecordHash } from './hash.js';
import { scanContext } from './context.js';
import type { BuildContext, BuilderModel, ContentHasher, ContextEntry, SourceSelection } from './context-types.js';
import { explainChanges, type Explanation } from './explain.js';
import type { ContextAccess } from './keys.js';
import { planWithContext, type PlanCoreOptions } from './plan-core.js';
import { createRemoteSourceFetcher } from './remote-source.js';
import type { Plan } from './plan-types.js';
import { digestSelection, type SelectionDigest } from './source-digest.js';
import { selectSources, type SourceSelectionResult } from './sources.js';
import { withoutTrailing } from '../parser/trailing.js';

export interface PlanOptions extends PlanCoreOptions {
  /**
   * The build context: a directory (scanned with its `.dockerignore`), an already scanned or in-memory
   * context (then `hasher` must read its files), or `null`/absent to plan without one (COPY sources are then
   * keyed on their names only).
   */
  readonly context?: string | BuildContext | null | undefined;
  /** Reads file contents of a `BuildContext` given directly. */
  readonly hasher?: ContentHasher | undefined;
  /** Where file digests are cached between runs; `false` disables the cache. */
  readonly cacheDir?: string | false | undefined;
  /** Environment for locating the user cache directory (`DFKIT_CACHE_DIR`, `XDG_CACHE_HOME`…). */
  readonly env?: Readonly<Record<string, string | undefined>> | undefined;
  /**
   * Download every `ADD <url>` source (over the network, once per URL) so that its step is keyed on what the
   * builder would download. Off by default: a plan then reads nothing but the context. `remoteSources` given
   * too takes precedence.
   */
  readonly fetchRemoteSources?: boolean | undefined;
}

interface PreparedContext {
  readonly context: BuildContext;
  readonly hasher: ContentHasher;
  flush(): Promise<void>;
}

async function prepareContext(options: PlanOptions): Promise<PreparedContext | null> {
  const given = options.context;
  if (given === null || given === undefined) return null;
  if (typeof given !== 'string') {
    if (!options.hasher) throw new TypeError('plan(): a BuildContext given directly needs a `hasher` for its files');
    return { context: given, hasher: options.hasher, flush: async () => {} };
  }
  let hasher = options.hasher;
  let cacheRead: Promise<void> | undefined;
  if (!hasher) {
    const own = createContentHasher(given, {
      ...(options.cacheDir !== undefined ? { cacheDir: options.cacheDir } : {}),
      ...(options.env ? { env: options.env } : {}),
    });
    // The stat cache is read while the context is scanned, so that the file read overlaps the walk.
    cacheRead = own.preload();
    hasher = own;
  }
  const scanned = scanContext(given, options.dockerfilePath ? { dockerfile: options.dockerfilePath } : {});
  const [context] = await Promise.all([scanned, cacheRead]);
  const flush = 'flush' in hasher && typeof hasher.flush === 'function' ? () => (hasher.flush as () => Promise<void>)() : async () => {};
  return { context, hasher, flush };
}

/** Memoises content digests for one plan, so that files several steps copy are read once. */
function memoised(hasher: ContentHasher): ContentHasher {
  const seen = new Map<string, Promise<string>>();
  return {
    // Known digests need no read, so there is nothing to join.
    ...(hasher.knownDigest && { knownDigest: hasher.knownDigest.bind(hasher) }),
    ...(hasher.answersKey && { answersKey: hasher.answersKey.bind(hasher) }),
    contentDigest(entry: ContextEntry): Promise<string> {
      let digest = seen.get(entry.path);
      if (!digest) {
        digest = hasher.contentDigest(entry);
        seen.set(entry.path, digest);
      }
      return digest;
    },
  };
}

/**
 * Selections and their digests, remembered per context object, for plans of a context that has not changed:
 * a scan of an unchanged directory gives back the same context (see `scanContext`), and contexts are never
 * changed once made. At 100k files, selecting and digesting `COPY . /app` again is a third of a warm re-plan.
 */
const selectionsMade = new WeakMap<BuildContext, Map<string, SourceSelectionResult>>();
/** A digest is reused only for a hasher that gives the same answers key (see `ContentHasher.answersKey`). */
const digestsMade = new WeakMap<SourceSelection, Map<BuilderModel, { readonly answers: object; readonly digest: SelectionDigest }>>();

function contextAccess(context: BuildContext, hasher: ContentHasher, builder: BuilderModel): ContextAccess {
  // Records and lists are hashed natively in Node; the pure fallback is for browsers.
  const createHash = createNodeRecordHash;
  return {
    select(sources, options) {
      let made = selectionsMade.get(context);
      if (!made) selectionsMade.set(context, (made = new Map()));
      const key = JSON.stringify([builder, sources, options.parents, options.exclude, options.literal === true]);
      let result = made.get(key);
      if (!result) made.set(key, (result = selectSources(context, sources, { ...options, builder })));
      return result;
    },
    async digest(selection: SourceSelection, model: BuilderModel): Promise<SelectionDigest> {
      const answers = hasher.answersKey?.();
      const made = digestsMade.get(selection)?.get(model);
      if (answers !== undefined && made?.answers === answers) return made.digest;
      const digest = await digestSelection(selection, model, hasher, { createHash });
      // Kept only when no file was read meanwhile: then every digest it holds came from the same answers.
      if (answers !== undefined && hasher.answersKey?.() === answers) {
        let byModel = digestsMade.get(selection);
        if (!byModel) digestsMade.set(selection, (byModel = new Map()));
        byModel.set(model, { answers, digest });
      }
      return digest;
    },
  };
}

function contextInfo(context: BuildContext | null): Plan['context'] {
  if (!context) return { root: null, ignoreFile: null, files: 0, bytes: 0 };
  let files = 0;
  let bytes = 0;
  for (const entry of context.entries.values()) {
    if (entry.type !== 'file') continue;
    files++;
    bytes += entry.size;
  }
  return { root: context.root, ignoreFile: context.ignoreFile, files, bytes };
}

async function planPrepared(text: string, prepared: PreparedContext | null, options: PlanOptions): Promise<Plan> {
  const builder = options.builder ?? 'buildkit';
  const access = prepared ? contextAccess(prepared.context, memoised(prepared.hasher), builder) : null;
  const remoteSources = options.remoteSources ?? (options.fetchRemoteSources ? createRemoteSourceFetcher() : undefined);
  return planWithContext(text, { context: access, contextInfo: contextInfo(prepared?.context ?? null) }, { ...options, remoteSources });
}

/**
 * Plans a build: every stage and step with its cache key under the chosen builder model.
 *
 * @example
 * ```ts
 * import { plan } from 'dfkit/planner';
 * const result = await plan(dockerfileText, { context: '.', target: 'app', buildArgs: { VERSION: '2' } });
 * result.stages.at(-1)?.steps.map((step) => [step.line, step.key]);
 * ```
 */
export async function plan(text: string, options: PlanOptions = {}): Promise<Plan> {
  const prepared = await prepareContext(options);
  try {
    return await planPrepared(text, prepared, options);
  } finally {
    await prepared?.flush();
  }
}

/** What the what-if question returns: the plan with edits assumed, the plan as things are, and the comparison. */
export interface WhatIf {
  readonly plan: Plan;
  readonly previous: Plan;
  readonly explanation: Explanation;
}

/**
 * "What rebuilds if I edit these files?": plans the context as it is, then again with the given context paths
 * (files, or directories meaning every file below them; paths that do not exist yet count as new files)
 * assumed edited, and explains the difference.
 */
export async function planWhatIf(text: string, options: PlanOptions, changedPaths: readonly string[]): Promise<WhatIf> {
  const prepared = await prepareContext(options);
  try {
    const previous = await planPrepared(text, prepared, options);
    if (!prepared) {
      const current = await planPrepared(text, null, options);
      return { plan: current, previous, explanation: explainChanges(current, previous) };
    }
    const edited = assumeEdited(prepared, changedPaths);
    const current = await planPrepared(text, edited, options);
    return { plan: current, previous, explanation: explainChanges(current, previous) };
  } finally {
    await prepared?.flush();
  }
}

function normalisePath(path: string): string {
  return withoutTrailing(path.replace(/\\/g, '/').replace(/^(\.\/)+/, ''), '/');
}

/** A context in which the given paths have new content (and new paths exist). */
function assumeEdited(prepared: PreparedContext, changedPaths: readonly string[]): PreparedContext {
  const wanted = changedPaths.map(normalisePath).filter((path) => path !== '' && !path.startsWith('../'));
  const entries = new Map(prepared.context.entries);
  // A new file the ignore file excludes never reaches the builder, so it changes nothing.
  const ignore = createIgnoreMatcher(parseDockerignore(prepared.context.ignorePatterns.join('\n')));
  const isChanged = (path: string): boolean => wanted.some((w) => path === w || path.startsWith(`${w}/`));
  for (const path of wanted) {
    if (entries.has(path) || ignore.matches(path)) continue;
    // A new file (and its missing parent directories) appears in the context.
    const parts = path.split('/');
    for (let i = 1; i < parts.length; i++) {
      const dir = parts.slice(0, i).join('/');
      if (!entries.has(dir)) entries.set(dir, { path: dir, type: 'dir', mode: 0o755, size: 0, mtimeMs: 0, ino: 0, dev: 0 });
    }
    entries.set(path, { path, type: 'file', mode: 0o644, size: 0, mtimeMs: 0, ino: 0, dev: 0 });
  }
  const sorted = new Map([...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  const base = prepared.hasher;
  const hasher: ContentHasher = {
    async contentDigest(entry: ContextEntry): Promise<string> {
      if (!isChanged(entry.path)) return base.contentDigest(entry);
      const original = prepared.context.entries.has(entry.path) ? await base.contentDigest(entry) : 'new';
      return `edited:${original}`;
    },
  };
  return { context: { ...prepared.context, entries: sorted }, hasher, flush: async () => {} };
}
