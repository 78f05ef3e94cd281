/**
 * `dfkit/format`: a Dockerfile formatter that never changes what the engine builds.
 *
 * It upper-cases keywords, puts one space between keyword, flags and words, writes JSON arrays as
 * `["a", "b"]`, indents continuation lines evenly and removes trailing blanks — but only where no builder whose
 * cache keys it must keep (Docker's BuildKit and classic builder by default; podman when asked) would see the
 * difference, so every step stays cached. Heredoc bodies, comments and parser directives are copied as written, the escape directive
 * is honoured and line endings (LF or CRLF) are kept. Formatting is idempotent, and a file that does not parse is
 * refused unless `allowErrors` is given.
 *
 * @example
 * ```ts
 * import { format, formatDockerfile } from 'dfkit/format';
 * format('from node:20   as build\ncopy  --from=x  a  b\n');
 * // 'FROM node:20 AS build\nCOPY --from=x a b\n'
 * formatDockerfile('FROM alpine\nenv A=1   B=2\n').text; // 'FROM alpine\nENV A=1 B=2\n'
 * // Images also built with podman, whose keys record most lines as written:
 * formatDockerfile('FROM alpine\nenv A=1   B=2\n', { keepCacheKeysOf: ALL_BUILDERS }).text; // unchanged
 * formatDockerfile('FROM alpine\nCOPY onlyone\n').refused; // true: COPY needs a destination
 * ```
 *
 * The module is pure (no I/O), so it runs in browsers and web workers too.
 */
import type { Diagnostic } from '../parser/index.js';
import { formatDocument } from './document.js';
import { resolveOptions, type FormatOptions, type FormatResult } from './options.js';

export { ALL_BUILDERS, DOCKER_BUILDERS, type CacheBuilder, type FormatOptions, type FormatResult } from './options.js';

/** Thrown by {@link format} when the file has parse errors and `allowErrors` is not set. */
export class FormatError extends Error {
  readonly diagnostics: readonly Diagnostic[];

  constructor(diagnostics: readonly Diagnostic[]) {
    const first = diagnostics.find((diagnostic) => diagnostic.severity === 'error');
    const where = first ? ` at ${first.range.start.line + 1}:${first.range.start.character + 1}: ${first.message}` : '';
    super(`cannot format a Dockerfile with parse errors${where}`);
    this.name = 'FormatError';
    this.diagnostics = diagnostics;
  }
}

/**
 * Formats Dockerfile text. Never throws: a file with parse errors comes back unchanged with `refused: true`
 * (unless `allowErrors`), and the parser's diagnostics are always returned.
 */
export function formatDockerfile(text: string, options: FormatOptions = {}): FormatResult {
  try {
    return formatDocument(text, resolveOptions(options));
  } catch {
    // A bug in the formatter must not cost the user their file or crash an editor: leave the text as it is.
    return { text, changed: false, refused: false, diagnostics: [] };
  }
}

/**
 * Formats Dockerfile text and returns the new text.
 *
 * @throws FormatError when the file has parse errors and `allowErrors` is not set.
 */
export function format(text: string, options: FormatOptions = {}): string {
  const result = formatDockerfile(text, options);
  if (result.refused) throw new FormatError(result.diagnostics);
  return result.text;
}
