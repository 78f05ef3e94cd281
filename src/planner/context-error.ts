/** Why a build context could not be scanned, and the helpers that read Node's errors for it. */

/** Why a context could not be scanned; `path` is context-relative ('' for the root). */
export class ContextScanError extends Error {
  constructor(
    readonly code: 'not-a-directory' | 'unreadable' | 'undecodable-name',
    readonly path: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ContextScanError';
  }
}

export function errorCode(error: unknown): string | undefined {
  const code = typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined;
  return typeof code === 'string' ? code : undefined;
}

export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
