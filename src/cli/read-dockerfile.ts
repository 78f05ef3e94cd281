/** Reading a Dockerfile the way every command does: from a path or standard input (`-`), decoded by its byte order mark. */
import { decodeDockerfile, describeEncoding, type DecodedSource } from '../parser/index.js';
import type { CommandIO } from './io.js';

export async function readDockerfile(io: CommandIO, path: string): Promise<DecodedSource> {
  return decodeDockerfile(path === '-' ? await io.readStdin() : await io.readFileBytes(path));
}

/**
 * Why a file cannot be written back with what was read from it, or `null` when it can: commands write UTF-8,
 * and a UTF-16 or UTF-32 file rewritten that way would change every byte (and stay unreadable to an older tool
 * the user may depend on). Saving it as UTF-8 is the user's call.
 */
export function encodingHazard(source: DecodedSource): string | null {
  if (source.encoding === 'utf-8') return null;
  return `it is encoded as ${describeEncoding(source.encoding)}, and dfkit writes only UTF-8: save it as UTF-8 first`;
}
