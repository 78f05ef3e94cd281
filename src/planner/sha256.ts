/**
 * SHA-256 without I/O or platform APIs, so that cache keys can be computed synchronously in a browser or a
 * web worker as well as in Node (Web Crypto's digest is asynchronous, and the key code is not). The planner
 * hashes short records and lists of digests with it, never file contents: those come from a
 * `ContentHasher`, which in Node uses the platform's native implementation.
 */

// The first 32 bits of the fractional parts of the cube roots of the first 64 primes (FIPS 180-4, 4.2.2).
const ROUND_CONSTANTS = new Int32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98,
  0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
  0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8,
  0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
  0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819,
  0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
  0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
  0xc67178f2,
]);

// The first 32 bits of the fractional parts of the square roots of the first 8 primes (FIPS 180-4, 5.3.3).
const INITIAL_STATE = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];

const HEX_BYTES = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));
const utf8 = new TextEncoder();

/** An incremental SHA-256: feed bytes or strings (as UTF-8) with `update`, then read `digestHex` once. */
export class Sha256 {
  private readonly state = Int32Array.from(INITIAL_STATE);
  private readonly block = new Uint8Array(64);
  private readonly schedule = new Int32Array(64);
  private blockLength = 0;
  private totalBytes = 0;
  private finished = false;

  update(data: string | Uint8Array): this {
    if (this.finished) throw new Error('Sha256.update called after digestHex');
    if (typeof data !== 'string') return this.updateBytes(data);
    // Keys are mostly ASCII: writing char codes straight into the block avoids an allocation per part.
    const block = this.block;
    let length = this.blockLength;
    for (let index = 0; index < data.length; index++) {
      const code = data.charCodeAt(index);
      if (code >= 0x80) {
        this.totalBytes += index;
        this.blockLength = length;
        return this.updateBytes(utf8.encode(data.slice(index)));
      }
      block[length++] = code;
      if (length === 64) {
        this.compress(block, 0);
        length = 0;
      }
    }
    this.totalBytes += data.length;
    this.blockLength = length;
    return this;
  }

  /** The digest as 64 lowercase hex characters; the hash cannot be updated afterwards. */
  digestHex(): string {
    if (this.finished) throw new Error('Sha256.digestHex called twice');
    const bitsHigh = Math.floor(this.totalBytes / 0x20000000);
    const bitsLow = (this.totalBytes * 8) >>> 0;
    this.block[this.blockLength++] = 0x80;
    if (this.blockLength > 56) {
      this.block.fill(0, this.blockLength);
      this.compress(this.block, 0);
      this.blockLength = 0;
    }
    this.block.fill(0, this.blockLength, 56);
    writeUint32(this.block, 56, bitsHigh);
    writeUint32(this.block, 60, bitsLow);
    this.compress(this.block, 0);
    this.finished = true;
    let hex = '';
    for (const word of this.state) {
      hex += HEX_BYTES[(word >>> 24) & 0xff]! + HEX_BYTES[(word >>> 16) & 0xff]!;
      hex += HEX_BYTES[(word >>> 8) & 0xff]! + HEX_BYTES[word & 0xff]!;
    }
    return hex;
  }

  private updateBytes(bytes: Uint8Array): this {
    let offset = 0;
    this.totalBytes += bytes.length;
    if (this.blockLength > 0) {
      const taken = Math.min(64 - this.blockLength, bytes.length);
      this.block.set(bytes.subarray(0, taken), this.blockLength);
      this.blockLength += taken;
      offset = taken;
      if (this.blockLength < 64) return this;
      this.compress(this.block, 0);
      this.blockLength = 0;
    }
    for (; bytes.length - offset >= 64; offset += 64) this.compress(bytes, offset);
    this.block.set(bytes.subarray(offset), 0);
    this.blockLength = bytes.length - offset;
    return this;
  }

  private compress(bytes: Uint8Array, offset: number): void {
    const w = this.schedule;
    for (let t = 0; t < 16; t++) {
      const at = offset + t * 4;
      w[t] = (bytes[at]! << 24) | (bytes[at + 1]! << 16) | (bytes[at + 2]! << 8) | bytes[at + 3]!;
    }
    for (let t = 16; t < 64; t++) {
      const w15 = w[t - 15]!;
      const w2 = w[t - 2]!;
      const s0 = ((w15 >>> 7) | (w15 << 25)) ^ ((w15 >>> 18) | (w15 << 14)) ^ (w15 >>> 3);
      const s1 = ((w2 >>> 17) | (w2 << 15)) ^ ((w2 >>> 19) | (w2 << 13)) ^ (w2 >>> 10);
      w[t] = (w[t - 16]! + s0 + w[t - 7]! + s1) | 0;
    }
    const state = this.state;
    let a = state[0]!, b = state[1]!, c = state[2]!, d = state[3]!;
    let e = state[4]!, f = state[5]!, g = state[6]!, h = state[7]!;
    for (let t = 0; t < 64; t++) {
      const sum1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
      const choice = (e & f) ^ (~e & g);
      const temp1 = (h + sum1 + choice + ROUND_CONSTANTS[t]! + w[t]!) | 0;
      const sum0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
      const majority = (a & b) ^ (a & c) ^ (b & c);
      const temp2 = (sum0 + majority) | 0;
      h = g;
      g = f;
      f = e;
      e = (d + temp1) | 0;
      d = c;
      c = b;
      b = a;
      a = (temp1 + temp2) | 0;
    }
    state[0] = (state[0]! + a) | 0;
    state[1] = (state[1]! + b) | 0;
    state[2] = (state[2]! + c) | 0;
    state[3] = (state[3]! + d) | 0;
    state[4] = (state[4]! + e) | 0;
    state[5] = (state[5]! + f) | 0;
    state[6] = (state[6]! + g) | 0;
    state[7] = (state[7]! + h) | 0;
  }
}

function writeUint32(bytes: Uint8Array, offset: number, value: number): void {
  bytes[offset] = (value >>> 24) & 0xff;
  bytes[offset + 1] = (value >>> 16) & 0xff;
  bytes[offset + 2] = (value >>> 8) & 0xff;
  bytes[offset + 3] = value & 0xff;
}

/** The SHA-256 (hex) of the UTF-8 concatenation of `parts`; callers put their own separators in. */
export function sha256Hex(parts: readonly string[]): string {
  const hash = new Sha256();
  for (const part of parts) hash.update(part);
  return hash.digestHex();
}

/**
 * The digest (`sha256:<hex>`) of a JSON-like value in a canonical form: object keys sorted, `undefined`
 * properties left out, Maps and Sets as arrays of their entries in order. Two values that serialise alike
 * get the same digest however their objects were built.
 */
export function digestOf(value: unknown): string {
  const hash = new Sha256();
  writeCanonical(hash, value);
  return `sha256:${hash.digestHex()}`;
}

function writeCanonical(hash: Sha256, value: unknown): void {
  if (value === null || value === undefined) {
    hash.update('null');
  } else if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
    hash.update(JSON.stringify(value));
  } else if (typeof value === 'bigint') {
    hash.update(value.toString());
  } else if (Array.isArray(value) || value instanceof Map || value instanceof Set) {
    hash.update('[');
    let first = true;
    for (const item of value as Iterable<unknown>) {
      if (!first) hash.update(',');
      first = false;
      writeCanonical(hash, item);
    }
    hash.update(']');
  } else if (typeof value === 'object') {
    const record = value as Record<string, unknown>;
    hash.update('{');
    let first = true;
    for (const key of Object.keys(record).sort()) {
      if (record[key] === undefined) continue;
      if (!first) hash.update(',');
      first = false;
      hash.update(JSON.stringify(key));
      hash.update(':');
      writeCanonical(hash, record[key]);
    }
    hash.update('}');
  } else {
    throw new TypeError(`digestOf cannot serialise a ${typeof value}`);
  }
}
