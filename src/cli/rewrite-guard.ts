/**
 * Checks made before a command rewrites a file it read (`lint --fix`, `fmt --write`) or writes a report: a
 * rewrite must change only what the fixes or the layout changed, and a report must never land on an input.
 */
import { realpathSync } from 'node:fs';
import { resolve } from 'node:path';
import { readRegularFile } from './read-regular-file.js';

/**
 * Why writing `text` back over `path` would change more than the edits made to it, or `null` when it would
 * not. `text` is what was read from `path`: when the file is not valid UTF-8, the bytes that could not be
 * decoded were replaced and would be lost; when it changed since it was read, the changes would be lost.
 */
export async function rewriteHazard(path: string, text: string): Promise<string | null> {
  let bytes: Buffer;
  try {
    bytes = await readRegularFile(path);
  } catch {
    return 'it can no longer be read';
  }
  const written = Buffer.from(text, 'utf8');
  if (written.equals(bytes)) return null;
  const invalidAt = firstInvalidUtf8(bytes);
  if (invalidAt !== null) return `it is not valid UTF-8 (byte ${invalidAt}), and its bytes would not survive`;
  return 'it changed while it was being read';
}

/** The offset of the first byte that does not decode as UTF-8, or `null` when all do. */
function firstInvalidUtf8(bytes: Buffer): number | null {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  try {
    decoder.decode(bytes);
    return null;
  } catch {
    // Decode ever longer prefixes: fine for the rare file that fails, and exact about where.
    let low = 0;
    let high = bytes.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (decodesAsPrefix(bytes.subarray(0, middle + 1))) low = middle + 1;
      else high = middle;
    }
    // Decoding fails at byte `low`; when that byte cuts short a sequence begun just before it, the sequence's
    // lead byte is where the text went wrong.
    let start = low - 1;
    while (start >= 0 && low - start <= 3 && (bytes[start]! & 0xc0) === 0x80) start--;
    return start >= 0 && low - start <= 3 && bytes[start]! >= 0xc0 ? start : low;
  }
}

/** Whether `bytes` is valid UTF-8 or valid UTF-8 cut inside its last character. */
function decodesAsPrefix(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: true });
    return true;
  } catch {
    return false;
  }
}

/** The same file as far as the file system says (symlinks followed), for paths that may not exist yet. */
export function samePath(a: string, b: string): boolean {
  return canonical(a) === canonical(b);
}

function canonical(path: string): string {
  const absolute = resolve(path);
  try {
    return realpathSync(absolute);
  } catch {
    return absolute;
  }
}
