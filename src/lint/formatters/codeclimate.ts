/**
 * The Code Climate engine stream: every issue is a JSON object followed by a NUL byte, as the engine specification
 * asks and hadolint writes.
 */
import { codeClimateIssue } from './codeclimate-issue.js';
import { eachDistinctFinding, reportPath } from './shared.js';
import type { Formatter } from './types.js';

export const formatCodeclimate: Formatter = (results, options) => {
  let out = '';
  for (const { result, finding } of eachDistinctFinding(results, options)) {
    out += `${JSON.stringify(codeClimateIssue(reportPath(result.file, options), finding, options))}\0`;
  }
  return out;
};
