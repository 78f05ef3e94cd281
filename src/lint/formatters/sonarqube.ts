/**
 * hadolint's `sonarqube` format: SonarQube's generic issue import format as every SonarQube version reads it
 * (deprecated since 10.3, which still imports it), each issue with its engine, severity and type. Severities map
 * as hadolint maps them (error CRITICAL, warning MAJOR, info MINOR, style INFO; a parse error BLOCKER), and only
 * errors are bugs. `sonarqube_mqr` writes the newer shape.
 */
import { PARSE_ERROR_CODE } from '../engine.js';
import type { Finding, LintSeverity } from '../types.js';
import { eachFinding, instructionLineOf, reportPath, spanOf } from './shared.js';
import type { FormatOptions, Formatter } from './types.js';

export const ENGINE_ID = 'dfkit';

const SEVERITY: Readonly<Record<LintSeverity, string>> = {
  error: 'CRITICAL',
  warning: 'MAJOR',
  info: 'MINOR',
  style: 'INFO',
};

interface SonarTextRange {
  readonly startLine: number;
  readonly endLine: number;
  readonly startColumn?: number;
  readonly endColumn?: number;
}

/**
 * Where Sonar places a finding. Its columns are 0-based and it refuses an empty range (the whole report fails to
 * import): hadolint's positions (a line, column 1) become that line's first character, as hadolint writes them,
 * and an empty exact range becomes the whole line.
 */
export function sonarTextRange(finding: Finding, options: FormatOptions | undefined): SonarTextRange {
  const line = instructionLineOf(finding, options, 'hadolint');
  if (line !== undefined) return { startLine: line, endLine: line, startColumn: 0, endColumn: 1 };
  const span = spanOf(finding);
  if (finding.range.start.offset === finding.range.end.offset) return { startLine: span.startLine, endLine: span.startLine };
  return { startLine: span.startLine, endLine: span.endLine, startColumn: span.startColumn - 1, endColumn: span.endColumn - 1 };
}

export const formatSonarqube: Formatter = (results, options) => {
  const issues = [];
  for (const { result, finding } of eachFinding(results)) {
    const parseError = finding.code === PARSE_ERROR_CODE;
    issues.push({
      engineId: ENGINE_ID,
      ruleId: finding.code,
      severity: parseError ? 'BLOCKER' : SEVERITY[finding.severity],
      type: parseError || finding.severity === 'error' ? 'BUG' : 'CODE_SMELL',
      primaryLocation: {
        message: finding.message,
        filePath: reportPath(result.file, options),
        textRange: sonarTextRange(finding, options),
      },
    });
  }
  return JSON.stringify({ issues });
};
