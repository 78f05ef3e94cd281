/**
 * hadolint's `json` format: one array over every file, keys in sorted order, no trailing newline. hadolint always
 * writes column 1 for rule findings because it only knows lines; we write the real column of the range start.
 */
import { eachFinding, spanOf } from './shared.js';
import type { Formatter } from './types.js';

export const formatJson: Formatter = (results, options) => {
  const entries = [];
  for (const { result, finding } of eachFinding(results)) {
    const span = spanOf(finding, options, 'hadolint');
    entries.push({
      code: finding.code,
      column: span.startColumn,
      file: result.file,
      level: finding.severity,
      line: span.startLine,
      message: finding.message,
    });
  }
  return JSON.stringify(entries);
};
