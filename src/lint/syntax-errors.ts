/**
 * Parser diagnostics that mean the file cannot be read at all (BuildKit's raw parser rejects it), and unknown
 * instructions, which hadolint's parser rejects as well. They are reported as DL1000 and cannot be suppressed.
 * What BuildKit rejects only when it interprets an instruction (unknown flags, argument counts…) is the
 * `invalid-instruction` rule's, so it can be configured.
 */
export const SYNTAX_ERROR_CODES: ReadonlySet<string> = new Set([
  'invalid-escape',
  'duplicate-directive',
  'line-too-long',
  'unterminated-heredoc',
  'json-not-strings',
  'missing-value',
  'missing-equals',
  'internal-error',
  'unknown-instruction',
]);

