/**
 * A minimal writer for the protobuf wire format, the counterpart of `protobuf.ts`: enough to encode the few
 * messages a BuildKit session answers with (secrets, file-sync packets, health). Fields are written in the order
 * they are added; zero values are the caller's to skip, as proto3 does.
 */
const utf8 = new TextEncoder();

export class ProtoWriter {
  private readonly chunks: Uint8Array[] = [];
  private pending: number[] = [];
  private size = 0;

  /** A varint field (`uint32`, `int64`, `bool`, enums). Negative numbers take ten bytes, as in int64. */
  varint(field: number, value: number | bigint): this {
    this.key(field, 0);
    this.rawVarint(value);
    return this;
  }

  /** A length-delimited field: bytes, a UTF-8 string or an encoded message. */
  bytes(field: number, value: Uint8Array | string): this {
    const data = typeof value === 'string' ? utf8.encode(value) : value;
    this.key(field, 2);
    this.rawVarint(data.length);
    this.flush();
    this.chunks.push(data);
    this.size += data.length;
    return this;
  }

  /** The encoded message. */
  finish(): Uint8Array {
    this.flush();
    if (this.chunks.length === 1) return this.chunks[0] as Uint8Array;
    const out = new Uint8Array(this.size);
    let at = 0;
    for (const chunk of this.chunks) {
      out.set(chunk, at);
      at += chunk.length;
    }
    return out;
  }

  private key(field: number, wireType: number): void {
    this.rawVarint(field * 8 + wireType);
  }

  private rawVarint(value: number | bigint): void {
    let rest = BigInt.asUintN(64, BigInt(value));
    while (rest >= 0x80n) {
      this.pending.push(Number(rest & 0x7fn) | 0x80);
      rest >>= 7n;
    }
    this.pending.push(Number(rest));
  }

  private flush(): void {
    if (this.pending.length === 0) return;
    this.chunks.push(Uint8Array.from(this.pending));
    this.size += this.pending.length;
    this.pending = [];
  }
}
