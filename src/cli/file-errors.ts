/** File-system failures in words a user reads, and turned into the CLI's one-line errors. */
import { CliError } from './cli-error.js';

const REASONS: Readonly<Record<string, string>> = {
  ENOENT: 'no such file',
  EISDIR: 'is a directory',
  ENOTDIR: 'not a directory',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on device',
  EDQUOT: 'disk quota exceeded',
  ELOOP: 'too many levels of symbolic links',
  EIO: 'input/output error',
  EFBIG: 'file too large',
};

/** Why a file-system call failed, in words (`permission denied`), or its code when it has no words here. */
export function reasonOf(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (typeof code === 'string') return REASONS[code] ?? code;
  return error instanceof Error ? error.message : String(error);
}

/** `cannot <verb> '<path>': <reason>`, keeping a CliError raised on the way as it is. */
export function fileError(verb: 'read' | 'write', path: string, error: unknown): CliError {
  if (error instanceof CliError) return error;
  return new CliError(`cannot ${verb} '${path}': ${reasonOf(error)}`);
}
