/**
 * Reading a file the user named as input. Only a regular file is read, and only up to a limit: a FIFO with no
 * writer would block forever, a device such as /dev/zero never ends, and neither is a Dockerfile anyone meant.
 */
import { constants } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { CliError } from './cli-error.js';
import { fileError } from './file-errors.js';

/** Larger than any real Dockerfile, small enough that a runaway input cannot exhaust memory. */
export const MAX_INPUT_BYTES = 64 * 1024 * 1024;

/** What kind of thing a path is when it is neither a regular file nor a directory, for the message that refuses it. */
function kindOf(stats: Awaited<ReturnType<FileHandle['stat']>>): string {
  if (stats.isFIFO()) return 'a FIFO';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  if (stats.isSocket()) return 'a socket';
  return 'not a regular file';
}

export function tooLarge(path: string, limit: number): CliError {
  return new CliError(`cannot read '${path}': larger than ${limit / (1024 * 1024)} MiB, too large for a Dockerfile`);
}

/**
 * The bytes of `path`, which must be a regular file of at most `limit` bytes. The file is opened without
 * blocking and checked through the open handle, so a FIFO is refused without waiting for a writer and nothing
 * can swap the path between the check and the read.
 */
export async function readRegularFile(path: string, limit = MAX_INPUT_BYTES): Promise<Buffer> {
  let handle: FileHandle;
  try {
    handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    throw fileError('read', path, error);
  }
  try {
    const stats = await handle.stat();
    if (stats.isDirectory()) throw new CliError(`cannot read '${path}': is a directory`);
    if (!stats.isFile()) throw new CliError(`cannot read '${path}': ${kindOf(stats)}, not a regular file`);
    if (stats.size > limit) throw tooLarge(path, limit);
    return await readAtMost(handle, path, limit);
  } catch (error) {
    throw fileError('read', path, error);
  } finally {
    await handle.close();
  }
}

/** Reads to the end, refusing a file that grows past `limit` while it is read. */
async function readAtMost(handle: FileHandle, path: string, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  for (;;) {
    const chunk = Buffer.alloc(Math.min(1024 * 1024, limit + 1 - total));
    const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
    if (bytesRead === 0) return Buffer.concat(chunks, total);
    total += bytesRead;
    if (total > limit) throw tooLarge(path, limit);
    chunks.push(chunk.subarray(0, bytesRead));
  }
}

/** Standard input to its end, refusing more than `limit` bytes (`dfkit lint - < /dev/zero` must end). */
export async function readStreamAtMost(stream: AsyncIterable<Buffer | string> | Iterable<Buffer | string>, limit = MAX_INPUT_BYTES): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of stream) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    total += bytes.length;
    if (total > limit) throw new CliError(`cannot read standard input: more than ${limit / (1024 * 1024)} MiB, too large for a Dockerfile`);
    chunks.push(bytes);
  }
  return Buffer.concat(chunks, total);
}
