/**
 * The packets both directions of a BuildKit file transfer use (context sync to the engine, local exports back):
 * a listing of STAT packets ended by an empty one, REQ packets naming entries by their position in it, DATA
 * packets carrying a file's bytes (an empty one ends the file), FIN to close and ERR to abort. Modes travel as
 * Go's os.FileMode bits, not Unix ones.
 */
import { readFields, toSigned } from '../protobuf.js';
import { GrpcCode, GrpcError } from './grpc-server.js';

export const PACKET_STAT = 0;
export const PACKET_REQ = 1;
export const PACKET_DATA = 2;
export const PACKET_FIN = 3;
export const PACKET_ERR = 4;

export const GO_MODE_DIR = 2 ** 31;
export const GO_MODE_SYMLINK = 2 ** 27;
export const GO_MODE_SETUID = 2 ** 23;
export const GO_MODE_SETGID = 2 ** 22;
export const GO_MODE_STICKY = 2 ** 20;
/** Named pipes, sockets, devices. */
export const GO_MODE_SPECIAL = 2 ** 26 + 2 ** 25 + 2 ** 24 + 2 ** 21 + 2 ** 19;

/** What a transfer has moved so far. */
export interface TransferProgress {
  /** File bytes in DATA packets (or the bytes of a streamed tar). */
  bytes: number;
  /** Files transferred. */
  files: number;
}

export interface Packet {
  readonly type: number;
  readonly id: number;
  readonly data: Uint8Array;
  /** The encoded `Stat` of a STAT packet; `null` in the empty one that ends the listing. */
  readonly stat: Uint8Array | null;
}

/** Reads a packet; an unreadable one fails the call with INVALID_ARGUMENT. */
export function readPacket(message: Uint8Array): Packet {
  const read = readFields(message);
  if (!read.ok) throw new GrpcError(GrpcCode.INVALID_ARGUMENT, `unreadable file-transfer packet: ${read.error}`);
  let type = PACKET_STAT;
  let id = 0;
  let data: Uint8Array = new Uint8Array(0);
  let stat: Uint8Array | null = null;
  for (const field of read.fields) {
    if (field.field === 1 && field.wireType === 0) type = toSigned(field.value);
    else if (field.field === 2 && field.wireType === 2) stat = field.value;
    else if (field.field === 3 && field.wireType === 0) id = toSigned(field.value);
    else if (field.field === 4 && field.wireType === 2) data = field.value;
  }
  return { type, id, data, stat };
}
