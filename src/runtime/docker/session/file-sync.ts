/**
 * The file-sync service of a build session: the engine keeps a copy of each synced directory and, on every
 * build, asks the client to list it; it compares the listing with its copy by metadata and requests only the
 * files that differ. So a rebuild after an edit transfers the edited files, not the whole context.
 *
 * The exchange (one bidirectional stream of packets per directory): the client sends a STAT packet per entry in
 * walk order and an empty STAT to end the listing; the engine sends REQ packets naming entries by their position
 * in the listing; the client answers each with DATA packets and an empty DATA packet; when the engine has all it
 * wanted it sends FIN and the client answers FIN.
 */
import { createReadStream, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createIgnoreMatcher, parsePatternList } from '../../../parser/dockerignore/index.js';
import { compareGoStrings } from '../../../parser/dockerignore/go-path.js';
import { decodeString } from '../protobuf.js';
import { ProtoWriter } from '../protobuf-writer.js';
import {
  GO_MODE_DIR,
  GO_MODE_SETGID,
  GO_MODE_SETUID,
  GO_MODE_STICKY,
  GO_MODE_SYMLINK,
  PACKET_DATA,
  PACKET_ERR,
  PACKET_FIN,
  PACKET_REQ,
  readPacket,
  type TransferProgress,
} from './file-packets.js';
import { GrpcCode, GrpcError, type GrpcCall, type GrpcHandler } from './grpc-server.js';

/** One entry of a synced directory. */
export interface SyncEntry {
  /** Slash-separated path relative to the directory, without `./`. */
  readonly path: string;
  readonly type: 'file' | 'dir' | 'symlink';
  /** Permission bits with setuid/setgid/sticky (`mode & 0o7777`). */
  readonly mode: number;
  readonly size: number;
  /** Modification time in nanoseconds: the engine re-requests a file when it changes. */
  readonly mtimeNs: bigint;
  readonly linkTarget?: string;
  /** The file's bytes when they do not come from disk (a Dockerfile given as text). */
  readonly content?: Uint8Array;
}

/** A directory the engine may sync, by the name builds use for it (`context`, `dockerfile`). */
export interface SyncedDirectory {
  /** Where files without `content` are read from. */
  readonly root: string;
  /**
   * Its entries, or their promise: a build can start before its context is worked out, and the engine's request
   * for the listing waits for it. A rejected promise fails the request with its message.
   */
  readonly entries: readonly SyncEntry[] | Promise<readonly SyncEntry[]>;
}

/** What a file-sync service has sent so far: the bytes and files the engine requested. */
export type SyncProgress = TransferProgress;

const DIFF_COPY = '/moby.filesync.v1.FileSync/DiffCopy';

/** Larger than BuildKit's own 32 KiB chunks (fewer packets), far below gRPC's 4 MiB message limit. */
const CHUNK_SIZE = 256 * 1024;

/** Files up to this size are read in one call (the scan said so; a file grown since is still read whole). */
const SMALL_FILE = 64 * 1024;

/** The file-sync handlers for `directories`, adding what they send to `progress`. */
export function fileSyncHandlers(directories: ReadonlyMap<string, SyncedDirectory>, progress: SyncProgress): Map<string, GrpcHandler> {
  return new Map([[DIFF_COPY, (call: GrpcCall) => diffCopy(call, directories, progress)]]);
}

async function diffCopy(call: GrpcCall, directories: ReadonlyMap<string, SyncedDirectory>, progress: SyncProgress): Promise<void> {
  const options = requestOptions(call.metadata);
  const directory = directories.get(options.dirName);
  if (!directory) throw new GrpcError(GrpcCode.NOT_FOUND, `no access allowed to dir "${options.dirName}"`);
  let entries: readonly SyncEntry[];
  try {
    entries = await directory.entries;
  } catch (error) {
    throw new GrpcError(GrpcCode.UNAVAILABLE, `the ${options.dirName} directory cannot be offered: ${error instanceof Error ? error.message : String(error)}`);
  }
  const listing = orderForSync(filterEntries(entries, options));
  const byId = new Map<number, SyncEntry>();

  // The listing and the engine's requests overlap: requests may arrive before the listing ends.
  let sending: Promise<void> = Promise.resolve();
  const listed = (async () => {
    for (let id = 0; id < listing.length; id++) {
      const entry = listing[id] as SyncEntry;
      if (entry.type === 'file') byId.set(id, entry);
      await call.send(new ProtoWriter().bytes(2, statOf(entry)).finish());
    }
    await call.send(new Uint8Array(0)); // an empty STAT packet ends the listing
  })();
  // A failure in either direction ends the call; the other side's promise must not go unhandled.
  listed.catch(() => undefined);

  for await (const message of call.messages()) {
    const packet = readPacket(message);
    if (packet.type === PACKET_REQ) {
      const entry = byId.get(packet.id);
      if (!entry) throw new GrpcError(GrpcCode.INVALID_ARGUMENT, `invalid file id ${packet.id}`);
      byId.delete(packet.id);
      const id = packet.id;
      sending = sending.then(() => sendFile(call, directory.root, entry, id, progress));
      sending.catch(() => undefined);
    } else if (packet.type === PACKET_FIN) {
      await listed;
      await sending;
      await call.send(new ProtoWriter().varint(1, PACKET_FIN).finish());
      return;
    } else if (packet.type === PACKET_ERR) {
      throw new GrpcError(GrpcCode.UNKNOWN, `the engine could not sync the build context: ${decodeString(packet.data)}`);
    }
  }
  await listed;
  await sending;
}

async function sendFile(call: GrpcCall, root: string, entry: SyncEntry, id: number, progress: SyncProgress): Promise<void> {
  progress.files++;
  const send = async (data: Uint8Array): Promise<void> => {
    if (data.length === 0) return;
    progress.bytes += data.length;
    await call.send(new ProtoWriter().varint(1, PACKET_DATA).varint(3, id).bytes(4, data).finish());
  };
  const unreadable = (error: unknown): GrpcError =>
    new GrpcError(GrpcCode.UNKNOWN, `cannot read ${entry.path} from the build context: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  if (entry.content) {
    for (let at = 0; at < entry.content.length; at += CHUNK_SIZE) await send(entry.content.subarray(at, at + CHUNK_SIZE));
  } else if (entry.size <= SMALL_FILE) {
    // Small files are read in one synchronous call: a stream costs several thread-pool round trips per file,
    // which for a few hundred source files is most of the transfer.
    let data: Buffer;
    try {
      data = readFileSync(join(root, ...entry.path.split('/')));
    } catch (error) {
      throw unreadable(error);
    }
    for (let at = 0; at < data.length; at += CHUNK_SIZE) await send(data.subarray(at, at + CHUNK_SIZE));
  } else {
    const stream = createReadStream(join(root, ...entry.path.split('/')), { highWaterMark: CHUNK_SIZE });
    try {
      for await (const chunk of stream) await send(chunk as Buffer);
    } catch (error) {
      throw unreadable(error);
    } finally {
      stream.destroy();
    }
  }
  // A DATA packet without data marks the end of the file.
  await call.send(new ProtoWriter().varint(1, PACKET_DATA).varint(3, id).finish());
}

function statOf(entry: SyncEntry): Uint8Array {
  let mode = entry.mode & 0o777;
  if (entry.mode & 0o4000) mode += GO_MODE_SETUID;
  if (entry.mode & 0o2000) mode += GO_MODE_SETGID;
  if (entry.mode & 0o1000) mode += GO_MODE_STICKY;
  if (entry.type === 'dir') mode += GO_MODE_DIR;
  else if (entry.type === 'symlink') mode += GO_MODE_SYMLINK;
  // Owner and group are sent as 0, as the docker CLI does, so the engine's copy does not depend on who owns
  // the files here.
  const stat = new ProtoWriter().bytes(1, entry.path).varint(2, mode);
  if (entry.type === 'file' && entry.size > 0) stat.varint(5, entry.size);
  if (entry.mtimeNs !== 0n) stat.varint(6, entry.mtimeNs);
  if (entry.type === 'symlink' && entry.linkTarget) stat.bytes(7, entry.linkTarget);
  return stat.finish();
}

interface SyncRequestOptions {
  readonly dirName: string;
  readonly includePatterns: readonly string[];
  readonly excludePatterns: readonly string[];
  readonly followPaths: readonly string[];
}

/** The request's metadata; values are percent-encoded when the `<key>-encoded` flag says so. */
function requestOptions(metadata: ReadonlyMap<string, readonly string[]>): SyncRequestOptions {
  const values = (key: string): readonly string[] => {
    const list = metadata.get(key) ?? [];
    const encoded = metadata.get(`${key}-encoded`)?.[0];
    if (encoded !== 'true' && encoded !== '1') return list;
    return list.map((value) => {
      try {
        return decodeURIComponent(value.replace(/\+/g, ' '));
      } catch {
        return value;
      }
    });
  };
  return {
    dirName: values('dir-name')[0] ?? '',
    includePatterns: values('include-patterns'),
    excludePatterns: values('exclude-patterns'),
    followPaths: values('followpaths'),
  };
}

/**
 * The entries the request selects: not excluded, and, when there are include patterns or follow paths, matching
 * one of them or inside a directory that does. Follow paths are patterns too (`COPY package*.json` sends
 * `package*.json`), and a symlink they match brings its target along, as BuildKit resolves them. Every directory
 * above a selected entry is listed as well, because the engine refuses an entry whose parent it has not seen.
 */
export function filterEntries(entries: readonly SyncEntry[], options: Omit<SyncRequestOptions, 'dirName'>): SyncEntry[] {
  const excluded = options.excludePatterns.length > 0 ? createIgnoreMatcher(parsePatternList(options.excludePatterns)) : null;
  const byPath = new Map(entries.map((entry) => [entry.path, entry]));
  const includes = [...options.includePatterns, ...options.followPaths];
  if (options.followPaths.length > 0) {
    const follow = createIgnoreMatcher(parsePatternList(options.followPaths));
    for (const entry of entries) {
      if (entry.type !== 'symlink' || !follow.matches(entry.path)) continue;
      let link: SyncEntry | undefined = entry;
      for (let hops = 0; link?.type === 'symlink' && link.linkTarget && hops < 16; hops++) {
        const target = resolveLink(link.path, link.linkTarget);
        if (target === null) break;
        includes.push(target);
        link = byPath.get(target);
      }
    }
  }
  const included = includes.length > 0 ? createIgnoreMatcher(parsePatternList(includes.map(literalPattern))) : null;
  const selected = new Map<string, SyncEntry>();
  for (const entry of entries) {
    if (excluded?.matches(entry.path)) continue;
    if (included && !included.matches(entry.path)) continue;
    selected.set(entry.path, entry);
  }
  for (const path of [...selected.keys()]) {
    for (let slash = path.lastIndexOf('/'); slash > 0; slash = path.lastIndexOf('/', slash - 1)) {
      const parent = path.slice(0, slash);
      if (selected.has(parent)) break;
      selected.set(parent, byPath.get(parent) ?? { path: parent, type: 'dir', mode: 0o755, size: 0, mtimeNs: 0n });
    }
  }
  return [...selected.values()];
}

/** Include patterns never exclude: a leading `!` is part of the name. */
function literalPattern(pattern: string): string {
  return pattern.startsWith('!') ? `\\${pattern}` : pattern;
}

function resolveLink(path: string, target: string): string | null {
  const base = target.startsWith('/') ? [] : path.split('/').slice(0, -1);
  for (const part of target.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (base.length > 0) base.pop();
      continue;
    }
    base.push(part);
  }
  return base.length > 0 ? base.join('/') : null;
}

/**
 * Walk order: a directory right before its contents, names in byte order within a directory. This is byte
 * order on whole paths with `/` ranked below every other character, which the engine checks.
 */
export function orderForSync(entries: readonly SyncEntry[]): SyncEntry[] {
  // NUL ranks below every character a path can hold, as the engine ranks `/`.
  const keyed = entries.map((entry) => ({ entry, key: entry.path.replaceAll('/', '\0') }));
  keyed.sort((a, b) => compareGoStrings(a.key, b.key));
  return keyed.map(({ entry }) => entry);
}
