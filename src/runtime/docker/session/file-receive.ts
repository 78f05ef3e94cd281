/**
 * The receiving end of a BuildKit export (`--output type=local|tar`): the engine calls the session's FileSend
 * service and streams the result. A tar export arrives as plain byte messages, written to a file as they come; a
 * local export uses the file-sync packets in the other direction: the engine lists every entry, the client
 * requests each file's bytes by its position in the listing, writes it, and ends with FIN.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { lstat, rename, rm, symlink, utimes } from 'node:fs/promises';
import { dirname, join, posix } from 'node:path';
import { makeDirectory } from '../../../planner/make-directory.js';
import { decodeString, readFields } from '../protobuf.js';
import { ProtoWriter } from '../protobuf-writer.js';
import {
  GO_MODE_DIR,
  GO_MODE_SPECIAL,
  GO_MODE_SYMLINK,
  PACKET_DATA,
  PACKET_ERR,
  PACKET_FIN,
  PACKET_REQ,
  PACKET_STAT,
  readPacket,
  type TransferProgress,
} from './file-packets.js';
import { GrpcCode, GrpcError, type GrpcCall, type GrpcHandler } from './grpc-server.js';

/** Where an export goes: a tar file, or a directory the files are written into. */
export type ExportTarget = { readonly type: 'tar'; readonly file: string } | { readonly type: 'local'; readonly directory: string };

/** What an export has received so far. */
export type ExportProgress = TransferProgress;

const FILE_SEND = '/moby.filesync.v1.FileSend/DiffCopy';

/** The session handler that receives the build's export into `target`. */
export function exportHandlers(target: ExportTarget, progress: ExportProgress): Map<string, GrpcHandler> {
  return new Map([[FILE_SEND, (call: GrpcCall) => (target.type === 'tar' ? receiveTar(call, target.file, progress) : receiveDirectory(call, target.directory, progress))]]);
}

/** Writes the tar next to its destination and moves it there once complete: a broken export leaves no half file. */
async function receiveTar(call: GrpcCall, file: string, progress: ExportProgress): Promise<void> {
  await makeDirectory(dirname(file));
  const partial = `${file}.${randomBytes(6).toString('hex')}.partial`;
  const out = createWriteStream(partial);
  let complete = false;
  try {
    for await (const message of call.messages()) {
      const data = bytesField(message, 1);
      if (data.length === 0) continue;
      progress.bytes += data.length;
      if (!out.write(data)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
    }
    complete = !call.signal.aborted;
  } finally {
    await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve()))).catch(() => (complete = false));
    if (complete) await rename(partial, file);
    else await rm(partial, { force: true });
  }
  progress.files = 1;
}

interface Stat {
  readonly path: string;
  readonly mode: number;
  readonly mtimeNs: bigint;
  readonly linkname: string;
}

async function receiveDirectory(call: GrpcCall, directory: string, progress: ExportProgress): Promise<void> {
  await makeDirectory(directory);
  const pending = new Map<number, { stat: Stat; out: WriteStream }>();
  let nextId = 0;
  let listed = false;
  let finished = false;
  const finishIfDone = async (): Promise<void> => {
    if (listed && pending.size === 0 && !finished) {
      finished = true;
      await call.send(packet(PACKET_FIN));
    }
  };
  for await (const message of call.messages()) {
    const { type, id, data, stat } = readPacket(message);
    if (type === PACKET_STAT) {
      if (stat === null) {
        listed = true;
        await finishIfDone();
        continue;
      }
      const entry = readStat(stat);
      const position = nextId++;
      const path = safeJoin(directory, entry.path);
      if (entry.mode & GO_MODE_DIR) {
        await makeDirectory(path, entry.mode & 0o7777);
      } else if (entry.mode & GO_MODE_SYMLINK) {
        await removeExisting(path);
        await makeDirectory(dirname(path));
        await symlink(entry.linkname, path);
      } else if ((entry.mode & GO_MODE_SPECIAL) === 0) {
        await removeExisting(path);
        await makeDirectory(dirname(path));
        pending.set(position, { stat: entry, out: createWriteStream(path, { mode: entry.mode & 0o7777 }) });
        await call.send(new ProtoWriter().varint(1, PACKET_REQ).varint(3, position).finish());
      }
    } else if (type === PACKET_DATA) {
      const file = pending.get(id);
      if (!file) throw new GrpcError(GrpcCode.INVALID_ARGUMENT, `data for a file that was not requested (${id})`);
      if (data.length > 0) {
        progress.bytes += data.length;
        if (!file.out.write(data)) await new Promise<void>((resolve) => file.out.once('drain', () => resolve()));
        continue;
      }
      pending.delete(id);
      await new Promise<void>((resolve, reject) => file.out.end((error?: Error | null) => (error ? reject(error) : resolve())));
      const seconds = Number(file.stat.mtimeNs / 1_000_000n) / 1000;
      if (seconds > 0) await utimes(join(directory, ...file.stat.path.split('/')), seconds, seconds);
      progress.files++;
      await finishIfDone();
    } else if (type === PACKET_ERR) {
      throw new GrpcError(GrpcCode.UNKNOWN, `the engine could not export the build: ${decodeString(data)}`);
    } else if (type === PACKET_FIN) {
      // The engine's answer to ours; the stream ends after it.
    }
  }
  for (const { out } of pending.values()) out.destroy();
  if (!finished) throw new GrpcError(GrpcCode.UNKNOWN, 'the export ended before every file arrived');
}

function packet(type: number): Uint8Array {
  return new ProtoWriter().varint(1, type).finish();
}

function bytesField(message: Uint8Array, field: number): Uint8Array {
  const read = readFields(message);
  if (!read.ok) throw new GrpcError(GrpcCode.INVALID_ARGUMENT, `unreadable export message: ${read.error}`);
  for (const found of read.fields) if (found.field === field && found.wireType === 2) return found.value;
  return new Uint8Array(0);
}

function readStat(bytes: Uint8Array): Stat {
  const read = readFields(bytes);
  if (!read.ok) throw new GrpcError(GrpcCode.INVALID_ARGUMENT, `unreadable export entry: ${read.error}`);
  let path = '';
  let mode = 0;
  let mtimeNs = 0n;
  let linkname = '';
  for (const field of read.fields) {
    if (field.field === 1 && field.wireType === 2) path = decodeString(field.value);
    else if (field.field === 2 && field.wireType === 0) mode = Number(field.value & 0xffffffffn);
    else if (field.field === 6 && field.wireType === 0) mtimeNs = BigInt.asIntN(64, field.value);
    else if (field.field === 7 && field.wireType === 2) linkname = decodeString(field.value);
  }
  return { path, mode, mtimeNs, linkname };
}

/** `directory/path` for a relative, clean path; anything that would leave the directory is refused. */
function safeJoin(directory: string, path: string): string {
  const clean = posix.normalize(path);
  if (clean === '' || clean === '.' || clean.startsWith('../') || clean === '..' || posix.isAbsolute(clean)) {
    throw new GrpcError(GrpcCode.INVALID_ARGUMENT, `the export names a path outside its directory: ${path}`);
  }
  return join(directory, ...clean.split('/'));
}

/** A file or link in the way of a new entry is replaced; a directory in the way is not touched. */
async function removeExisting(path: string): Promise<void> {
  try {
    const info = await lstat(path);
    if (!info.isDirectory()) await rm(path, { force: true });
  } catch {
    // nothing there
  }
}
