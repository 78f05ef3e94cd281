/**
 * GitLab's Code Quality report: one JSON array of Code Climate issues, each with a `fingerprint` GitLab uses to
 * tell new issues from ones already reported on the target branch.
 *
 * The fingerprint is the one hadolint gives the same finding (SHA-1 of the issue as hadolint writes it), so a
 * project that switches from hadolint keeps its Code Quality history: no issue shows as fixed and new again.
 */
import { CODECLIMATE_SEVERITY, codeClimateIssue } from './codeclimate-issue.js';
import { sha1Hex } from './sha1.js';
import { eachDistinctFinding, reportPath, spanOf } from './shared.js';
import type { Finding } from '../types.js';
import type { Formatter } from './types.js';

/** A string as hadolint's JSON encoder writes it: `\"`, `\\`, `\n`, `\r`, `\t`, other controls as `\u00xx`. */
function hadolintJsonString(text: string): string {
  const escaped = text.replace(/["\\\u0000-\u001f]/g, (char) => {
    switch (char) {
      case '"':
        return '\\"';
      case '\\':
        return '\\\\';
      case '\n':
        return '\\n';
      case '\r':
        return '\\r';
      case '\t':
        return '\\t';
      default:
        return `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`;
    }
  });
  return `"${escaped}"`;
}

/**
 * The issue hadolint would write for this finding, as hadolint's encoder writes it (keys sorted, no spaces):
 * every issue under Bug Risk, on the line hadolint places it whatever positions the report uses.
 */
function hadolintIssueText(path: string, finding: Finding): string {
  const line = spanOf(finding, undefined, 'hadolint').startLine;
  return (
    `{"categories":["Bug Risk"],"check_name":${hadolintJsonString(finding.code)},` +
    `"description":${hadolintJsonString(finding.message)},` +
    `"location":{"lines":{"begin":${line},"end":${line}},"path":${hadolintJsonString(path)}},` +
    `"severity":"${CODECLIMATE_SEVERITY[finding.severity]}","type":"issue"}`
  );
}

export const formatGitlabCodeclimate: Formatter = (results, options) => {
  const seen = new Map<string, number>();
  const issues = [];
  for (const { result, finding } of eachDistinctFinding(results, options)) {
    const path = reportPath(result.file, options);
    const text = hadolintIssueText(path, finding);
    // GitLab collapses issues sharing a fingerprint, so exact repeats get a counter; the first keeps hadolint's.
    const count = seen.get(text) ?? 0;
    seen.set(text, count + 1);
    const fingerprint = sha1Hex(count === 0 ? text : `${text}\0${count}`);
    issues.push({ ...codeClimateIssue(path, finding, options), fingerprint });
  }
  return JSON.stringify(issues);
};
