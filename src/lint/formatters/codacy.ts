/** hadolint's `codacy` format: one JSON object per finding, written back to back with no separator. */
import { eachDistinctFinding, spanOf } from './shared.js';
import type { Formatter } from './types.js';

export const formatCodacy: Formatter = (results, options) => {
  let out = '';
  for (const { result, finding } of eachDistinctFinding(results, options)) {
    out += JSON.stringify({
      filename: result.file,
      patternId: finding.code,
      message: finding.message,
      line: spanOf(finding, options, 'hadolint').startLine,
    });
  }
  return out;
};
