/**
 * File names that are not valid UTF-8. Node decodes directory entries as UTF-8 and puts U+FFFD where bytes do
 * not decode, so such a name cannot be opened or stat'ed by the string it comes back as — yet Docker sends the
 * file with its bytes and copies it. Rather than leave it out of the plan without a word (and predict wrong
 * keys), the scan finds out which names these are and refuses the context unless `.dockerignore` excludes them.
 */
import { readdirSync } from 'node:fs';
import { isUtf8 } from 'node:buffer';

/**
 * Whether `name` (from a listing of `directory`) stands for raw bytes that are not UTF-8, rather than a name
 * that really contains U+FFFD. Only names holding U+FFFD are worth a second listing, made once per directory
 * (`rawListings`, kept by the caller for one walk): a folder of an old archive can hold thousands of such names.
 */
export function rawNameOf(directory: string, name: string, rawListings: Map<string, readonly Buffer[]>): Buffer | null {
  if (!name.includes('\uFFFD')) return null;
  let raw = rawListings.get(directory);
  if (!raw) {
    try {
      raw = readdirSync(directory, { encoding: 'buffer' });
    } catch {
      raw = [];
    }
    rawListings.set(directory, raw);
  }
  return raw.find((bytes) => !isUtf8(bytes) && bytes.toString('utf8') === name) ?? null;
}

/** The bytes as text for a message: what decodes as UTF-8 as itself, every other byte (and control bytes) as `\xNN`. */
export function printableName(bytes: Uint8Array): string {
  let out = '';
  for (let at = 0; at < bytes.length; ) {
    const length = sequenceLength(bytes, at);
    if (length === 0) {
      out += `\\x${bytes[at]!.toString(16).toUpperCase().padStart(2, '0')}`;
      at++;
      continue;
    }
    const text = Buffer.from(bytes.subarray(at, at + length)).toString('utf8');
    out += /[\x00-\x1f\x7f]/.test(text) ? `\\x${bytes[at]!.toString(16).toUpperCase().padStart(2, '0')}` : text;
    at += length;
  }
  return out;
}

/** The length of the valid UTF-8 sequence starting at `at`, or 0 when none starts there. */
function sequenceLength(bytes: Uint8Array, at: number): number {
  const lead = bytes[at]!;
  const length = lead < 0x80 ? 1 : lead >= 0xc2 && lead <= 0xdf ? 2 : lead >= 0xe0 && lead <= 0xef ? 3 : lead >= 0xf0 && lead <= 0xf4 ? 4 : 0;
  if (length <= 1 || at + length > bytes.length) return length === 1 ? 1 : 0;
  return isUtf8(bytes.subarray(at, at + length)) ? length : 0;
}
