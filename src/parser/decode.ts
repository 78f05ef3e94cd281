/**
 * Turning a Dockerfile's bytes into the text the parser reads. BuildKit reads every Dockerfile as UTF-8 (a
 * UTF-8 byte order mark is dropped from the first line); hadolint also reads UTF-16 and UTF-32 files that start
 * with their byte order mark, which editors on Windows write. Such a file is decoded here, so that it is linted
 * as hadolint lints it, and its encoding is returned, so that a caller can say the builder will not read it.
 */

/** How a Dockerfile's bytes were decoded. */
export type SourceEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'utf-32le' | 'utf-32be';

export interface DecodedSource {
  /** The text; for UTF-8 exactly what Node decodes (a byte order mark stays, as the parser expects it). */
  readonly text: string;
  readonly encoding: SourceEncoding;
}

/** The encoding's name for messages: `UTF-16 (little-endian)`. */
export function describeEncoding(encoding: SourceEncoding): string {
  switch (encoding) {
    case 'utf-8':
      return 'UTF-8';
    case 'utf-16le':
      return 'UTF-16 (little-endian)';
    case 'utf-16be':
      return 'UTF-16 (big-endian)';
    case 'utf-32le':
      return 'UTF-32 (little-endian)';
    case 'utf-32be':
      return 'UTF-32 (big-endian)';
  }
}

/**
 * Decodes a Dockerfile: UTF-16 or UTF-32 when the bytes start with that encoding's byte order mark (which is
 * not part of the text), UTF-8 otherwise. Bytes that do not decode become U+FFFD, never an exception.
 */
export function decodeDockerfile(bytes: Uint8Array): DecodedSource {
  const encoding = encodingByOrderMark(bytes);
  switch (encoding) {
    case 'utf-8':
      return { text: new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes), encoding };
    case 'utf-16le':
      return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding };
    case 'utf-16be':
      return { text: new TextDecoder('utf-16le').decode(swappedPairs(bytes.subarray(2))), encoding };
    case 'utf-32le':
    case 'utf-32be':
      return { text: decodeUtf32(bytes.subarray(4), encoding === 'utf-32le'), encoding };
  }
}

function encodingByOrderMark(bytes: Uint8Array): SourceEncoding {
  const [b0, b1, b2, b3] = bytes;
  // UTF-32LE's mark starts with UTF-16LE's: it is tested first. (A UTF-16LE file starting with a NUL
  // character would read as UTF-32LE; no Dockerfile does.)
  if (b0 === 0xff && b1 === 0xfe && b2 === 0 && b3 === 0) return 'utf-32le';
  if (b0 === 0 && b1 === 0 && b2 === 0xfe && b3 === 0xff) return 'utf-32be';
  if (b0 === 0xff && b1 === 0xfe) return 'utf-16le';
  if (b0 === 0xfe && b1 === 0xff) return 'utf-16be';
  return 'utf-8';
}

/** The bytes with each pair swapped (big-endian to little-endian); an odd last byte is left for U+FFFD. */
function swappedPairs(bytes: Uint8Array): Uint8Array {
  const swapped = new Uint8Array(bytes.length);
  for (let i = 0; i + 1 < bytes.length; i += 2) {
    swapped[i] = bytes[i + 1] as number;
    swapped[i + 1] = bytes[i] as number;
  }
  if (bytes.length % 2 === 1) swapped[bytes.length - 1] = bytes[bytes.length - 1] as number;
  return swapped;
}

/** UTF-32 has no decoder in the platform: code points past U+10FFFF, surrogates and a cut last unit become U+FFFD. */
function decodeUtf32(bytes: Uint8Array, littleEndian: boolean): string {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const units: number[] = [];
  let text = '';
  for (let offset = 0; offset + 3 < bytes.length; offset += 4) {
    const point = view.getUint32(offset, littleEndian);
    const valid = point <= 0x10ffff && (point < 0xd800 || point > 0xdfff);
    units.push(valid ? point : 0xfffd);
    // In pieces: `fromCodePoint` takes its code points as arguments, and their number is limited.
    if (units.length === 8192) {
      text += String.fromCodePoint(...units);
      units.length = 0;
    }
  }
  text += String.fromCodePoint(...units);
  return bytes.length % 4 === 0 ? text : `${text}\ufffd`;
}
