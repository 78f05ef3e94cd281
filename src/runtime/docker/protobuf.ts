/**
 * A minimal reader for the protobuf wire format: enough to walk the fields of a message whose schema the caller
 * knows (the BuildKit status messages the engine embeds in its build stream). It never throws; malformed input
 * comes back as an error value, so a corrupt progress record cannot break a build.
 */

/** The four wire types still in use (groups, 3 and 4, are deprecated and treated as malformed). */
export type WireType = 0 | 1 | 2 | 5;

/**
 * One field as found on the wire: a varint as an unsigned 64-bit bigint (exact, so negative int64 values survive
 * their ten-byte two's-complement encoding), fixed-width and length-delimited values as bytes.
 */
export type WireField =
  | { readonly field: number; readonly wireType: 0; readonly value: bigint }
  | { readonly field: number; readonly wireType: 1 | 2 | 5; readonly value: Uint8Array };

/** The fields of one message in wire order, or why they could not be read. */
export type WireResult = { readonly ok: true; readonly fields: readonly WireField[] } | { readonly ok: false; readonly error: string };

/** A decoded varint and the position just after it. */
export interface Varint {
  readonly value: bigint;
  readonly next: number;
}

/** Reads a varint (at most ten bytes, as the format allows) at `pos`; `null` when it is truncated or too long. */
export function readVarint(bytes: Uint8Array, pos: number): Varint | null {
  let value = 0n;
  for (let i = 0; i < 10; i++) {
    const byte = bytes[pos + i];
    if (byte === undefined) return null;
    value |= BigInt(byte & 0x7f) << BigInt(7 * i);
    if ((byte & 0x80) === 0) return { value: BigInt.asUintN(64, value), next: pos + i + 1 };
  }
  return null;
}

/** An `int64`/`int32` varint as a (signed) number; exact within ±2^53. */
export function toSigned(value: bigint): number {
  return Number(BigInt.asIntN(64, value));
}

/** Splits a message into its fields. Unknown field numbers are returned like any other; the caller skips them. */
export function readFields(bytes: Uint8Array): WireResult {
  const fields: WireField[] = [];
  let pos = 0;
  while (pos < bytes.length) {
    const key = readVarint(bytes, pos);
    if (!key) return { ok: false, error: `truncated field key at byte ${pos}` };
    if (key.value > 0xffffffffn) return { ok: false, error: `field key out of range at byte ${pos}` };
    const field = Number(key.value >> 3n);
    const wireType = Number(key.value & 7n);
    if (field === 0) return { ok: false, error: `field number 0 at byte ${pos}` };
    pos = key.next;
    switch (wireType) {
      case 0: {
        const v = readVarint(bytes, pos);
        if (!v) return { ok: false, error: `truncated varint in field ${field}` };
        fields.push({ field, wireType: 0, value: v.value });
        pos = v.next;
        break;
      }
      case 1:
      case 5: {
        const width = wireType === 1 ? 8 : 4;
        if (pos + width > bytes.length) return { ok: false, error: `truncated fixed-width value in field ${field}` };
        fields.push({ field, wireType, value: bytes.subarray(pos, pos + width) });
        pos += width;
        break;
      }
      case 2: {
        const len = readVarint(bytes, pos);
        if (!len) return { ok: false, error: `truncated length in field ${field}` };
        const end = len.next + Number(len.value);
        if (len.value > BigInt(bytes.length) || end > bytes.length) return { ok: false, error: `length of field ${field} runs past the end of the message` };
        fields.push({ field, wireType: 2, value: bytes.subarray(len.next, end) });
        pos = end;
        break;
      }
      default:
        return { ok: false, error: `unsupported wire type ${wireType} in field ${field}` };
    }
  }
  return { ok: true, fields };
}

const utf8 = new TextDecoder('utf-8', { fatal: false });

/** Decodes a length-delimited field as UTF-8 (invalid sequences become U+FFFD rather than an error). */
export function decodeString(bytes: Uint8Array): string {
  return utf8.decode(bytes);
}
