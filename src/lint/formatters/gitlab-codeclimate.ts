/**
 * GitLab's Code Quality report: one JSON array of Code Climate issues, each with a `fingerprint` GitLab uses to
 * tell new issues from ones already reported on the target branch.
 */
import { codeClimateIssue } from './codeclimate-issue.js';
import { eachDistinctFinding, reportPath, spanOf, stableHash } from './shared.js';
import type { Formatter } from './types.js';

export const formatGitlabCodeclimate: Formatter = (results, options) => {
  const seen = new Map<string, number>();
  const issues = [];
  for (const { result, finding } of eachDistinctFinding(results, options)) {
    const path = reportPath(result.file, options);
    const key = [path, finding.code, spanOf(finding, options, 'hadolint').startLine, finding.message].join('\0');
    // GitLab collapses issues sharing a fingerprint, so exact repeats get a counter; the first keeps the plain hash.
    const count = seen.get(key) ?? 0;
    seen.set(key, count + 1);
    const fingerprint = stableHash(count === 0 ? key : `${key}\0${count}`);
    issues.push({ ...codeClimateIssue(path, finding, options), fingerprint });
  }
  return JSON.stringify(issues);
};
