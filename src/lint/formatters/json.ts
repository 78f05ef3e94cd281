/**
 * hadolint's `json` format: one array over every file, keys in sorted order, no trailing newline. Like hadolint,
 * it places a rule's finding on its instruction's first line, column 1 (hadolint only knows lines), unless exact
 * positions are asked for; a parse error keeps its real line and column.
 */
import { eachDistinctFinding, spanOf } from './shared.js';
import type { Formatter } from './types.js';

export const formatJson: Formatter = (results, options) => {
  const entries = [];
  for (const { result, finding } of eachDistinctFinding(results, options)) {
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
