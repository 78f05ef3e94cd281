/**
 * Writing new text into a file a command read (`lint --fix`, `fmt --write`). The file is written into, never
 * replaced: a symlink keeps pointing at its target (which gets the text), hard links keep sharing it, its owner,
 * mode and ACLs stay, and a file the user cannot write is refused by the system rather than swapped for a
 * writable copy.
 */
import { constants } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { CliError } from './cli-error.js';
import { fileError } from './file-errors.js';

export async function rewriteInPlace(path: string, text: string): Promise<void> {
  const bytes = Buffer.from(text, 'utf8');
  let handle: FileHandle;
  try {
    // Without O_CREAT a file deleted since it was read is an error, not a new file; O_NONBLOCK so that a FIFO
    // swapped in meanwhile is refused below instead of waiting for a reader.
    handle = await open(path, constants.O_WRONLY | constants.O_NONBLOCK);
  } catch (error) {
    throw fileError('write', path, error);
  }
  try {
    if (!(await handle.stat()).isFile()) throw new CliError(`cannot write '${path}': not a regular file`);
    // Overwrite first and cut the tail after: a failure midway leaves the new text's start and the old text's
    // end, never an empty file.
    await handle.writeFile(bytes);
    await handle.truncate(bytes.length);
  } catch (error) {
    throw fileError('write', path, error);
  } finally {
    await handle.close();
  }
}
