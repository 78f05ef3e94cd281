/**
 * The session a BuildKit build runs with: the context and the Dockerfile offered for the engine to sync (so a
 * rebuild transfers only changed files, as the docker CLI's builds do), the build's secrets and SSH agents, and
 * registry credentials for the images it pulls.
 */
import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import type { ContextEntry } from '../../../planner/index.js';
import type { BuildSecret } from '../../adapter.js';
import type { EngineClient } from '../engine-client.js';
import { exportHandlers, type ExportProgress, type ExportTarget } from './file-receive.js';
import { fileSyncHandlers, type SyncEntry, type SyncProgress } from './file-sync.js';
import type { GrpcHandler } from './grpc-server.js';
import { registryAuthHandlers } from './auth.js';
import { secretsHandlers } from './secrets.js';
import { sshHandlers } from './ssh.js';
import { openBuildSession, type BuildSession } from './session.js';

/** A file offered with its bytes rather than read from disk (the Dockerfile as planned, the ignore file). */
export interface OfferedFile {
  readonly path: string;
  readonly content: Uint8Array | string;
  /** Default `0o644`. */
  readonly mode?: number;
}

export interface OfferedContext {
  readonly entries: readonly ContextEntry[];
  readonly files: readonly OfferedFile[];
}

export interface BuildSessionInputs {
  readonly client: EngineClient;
  /** The context directory. */
  readonly root: string;
  /** When set, the engine syncs the context and the Dockerfile from the session. */
  readonly sync?: {
    /**
     * The context entries the build may read, and the files offered with their bytes (they replace entries of
     * the same path); a promise when the build starts before they are known.
     */
    readonly context: OfferedContext | Promise<OfferedContext>;
    /** The Dockerfile's name in the synced Dockerfile directory, and its text. */
    readonly dockerfileName: string;
    readonly dockerfileText: string;
    /** The Dockerfile-specific ignore file, offered next to it (`<name>.dockerignore`), when one applies. */
    readonly dockerfileIgnore?: Uint8Array;
  };
  readonly secrets: readonly BuildSecret[];
  /** SSH agents by ID: their sockets. */
  readonly sshAgents?: ReadonlyMap<string, string | undefined>;
  /** Where the build's export goes, when it exports files instead of an image. */
  readonly exportTarget?: ExportTarget;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly signal?: AbortSignal;
}

export interface OpenedBuildSession {
  readonly session: BuildSession;
  /** What the engine pulled through the file sync so far. */
  readonly progress: SyncProgress;
  /** What the build's export delivered so far. */
  readonly exported: ExportProgress;
}

/** Opens the session; rejects with an `EngineError` when the engine does not offer sessions. */
export async function openSessionForBuild(inputs: BuildSessionInputs): Promise<OpenedBuildSession> {
  const progress: SyncProgress = { bytes: 0, files: 0 };
  const exported: ExportProgress = { bytes: 0, files: 0 };
  const handlers = new Map<string, GrpcHandler>([...secretsHandlers(inputs.secrets, inputs.env), ...registryAuthHandlers(inputs.env)]);
  if (inputs.sshAgents && inputs.sshAgents.size > 0) for (const [method, handler] of sshHandlers(inputs.sshAgents)) handlers.set(method, handler);
  if (inputs.exportTarget) for (const [method, handler] of exportHandlers(inputs.exportTarget, exported)) handlers.set(method, handler);
  const { sync } = inputs;
  if (sync) {
    const context = Promise.resolve(sync.context).then(contextListing);
    // Nobody may be waiting yet; a failure reaches the engine's request when it comes.
    context.catch(() => undefined);
    const dockerfileDir: SyncEntry[] = [contentEntry(sync.dockerfileName, Buffer.from(sync.dockerfileText, 'utf8'), 0o644)];
    if (sync.dockerfileIgnore) dockerfileDir.push(contentEntry(`${sync.dockerfileName}.dockerignore`, sync.dockerfileIgnore, 0o644));
    const directories = new Map([
      ['context', { root: inputs.root, entries: context }],
      ['dockerfile', { root: inputs.root, entries: dockerfileDir }],
    ]);
    for (const [method, handler] of fileSyncHandlers(directories, progress)) handlers.set(method, handler);
  }
  const session = await openBuildSession(inputs.client, {
    name: basename(inputs.root) || 'context',
    // One key per context directory: the engine keeps its synced copy under it, so the next build of the same
    // directory sends only what changed.
    sharedKey: createHash('sha256').update(`dfkit:${inputs.root}`).digest('hex'),
    handlers,
    ...(inputs.signal && { signal: inputs.signal }),
  });
  return { session, progress, exported };
}

function contextListing({ entries, files }: OfferedContext): SyncEntry[] {
  const offered = new Map(files.map((file) => [file.path, contentEntry(file.path, bytesOf(file.content), file.mode ?? 0o644)]));
  const listing: SyncEntry[] = [];
  for (const entry of entries) {
    if (entry.type === 'other' || offered.has(entry.path)) continue;
    listing.push(syncEntryOf(entry));
  }
  listing.push(...offered.values());
  return listing;
}

function bytesOf(content: Uint8Array | string): Uint8Array {
  return typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
}

function syncEntryOf(entry: ContextEntry): SyncEntry {
  return {
    path: entry.path,
    type: entry.type === 'dir' ? 'dir' : entry.type === 'symlink' ? 'symlink' : 'file',
    mode: entry.mode,
    size: entry.type === 'file' ? entry.size : 0,
    // The engine re-requests a file when its size or modification time changes.
    mtimeNs: BigInt(Math.round(entry.mtimeMs * 1e6)),
    ...(entry.linkTarget !== undefined && { linkTarget: entry.linkTarget }),
  };
}

/**
 * A file offered with its bytes. Its modification time is derived from the bytes, so that the engine, which
 * compares size and time, re-requests it whenever the content changes, even to the same size.
 */
function contentEntry(path: string, content: Uint8Array, mode: number): SyncEntry {
  const digest = createHash('sha256').update(content).digest();
  // 2^52 ns is about 52 days after the epoch: a time no real file has, and exact as a double.
  const mtimeNs = BigInt(digest.readUIntBE(0, 6) % 2 ** 52);
  return { path, type: 'file', mode, size: content.length, mtimeNs, content };
}
