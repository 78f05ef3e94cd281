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
    return await readAtMost(handle, path, limit, stats.size);
  } catch (error) {
    throw fileError('read', path, error);
  } finally {
    await handle.close();
  }
}

/**
 * Reads to the end, refusing a file that grows past `limit` while it is read. The buffer is sized from the
 * file's size (one byte more, so the read that finds the end needs no second buffer), and doubles if the file
 * grows or its size was not known (some special files report 0): a fixed 1 MiB buffer per read made linting a
 * folder of small Dockerfiles allocate and zero some 2 MiB for each one.
 */
export async function readAtMost(handle: FileHandle, path: string, limit: number, sizeHint: number): Promise<Buffer> {
  let buffer = Buffer.alloc(Math.min(Math.max(sizeHint + 1, MIN_READ), limit + 1));
  let total = 0;
  for (;;) {
    if (total === buffer.length) {
      const grown = Buffer.alloc(Math.min(buffer.length * 2, limit + 1));
      buffer.copy(grown, 0, 0, total);
      buffer = grown;
    }
    const { bytesRead } = await handle.read(buffer, total, buffer.length - total, null);
    if (bytesRead === 0) return buffer.subarray(0, total);
    total += bytesRead;
    if (total > limit) throw tooLarge(path, limit);
  }
}

/** The smallest read buffer: what a file whose size is unknown is first read into. */
const MIN_READ = 16 * 1024;

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
