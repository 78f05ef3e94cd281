/**
 * SonarQube's generic issue import format in its current shape (SonarQube 10.3+, SonarCloud): a `rules` array
 * carrying the Clean Code attribute and impacts, and `issues` that only reference a rule. Sonar rejects a report
 * that mixes this with the older per-issue `severity`/`type` fields that hadolint still writes.
 * https://docs.sonarsource.com/sonarqube-server/analyzing-source-code/importing-external-issues/generic-issue-import-format
 */
import type { LintSeverity, RuleCategory, RuleMeta } from '../types.js';
import { codesOf, eachFinding, reportPath, ruleDocsUrl, spanOf } from './shared.js';
import type { Formatter } from './types.js';

const ENGINE_ID = 'dfkit';

const IMPACT_SEVERITY: Readonly<Record<LintSeverity, string>> = {
  error: 'HIGH',
  warning: 'MEDIUM',
  info: 'LOW',
  style: 'LOW',
};

const ATTRIBUTE: Readonly<Record<RuleCategory, string>> = {
  correctness: 'LOGICAL',
  security: 'TRUSTWORTHY',
  reproducibility: 'COMPLETE',
  cache: 'EFFICIENT',
  performance: 'EFFICIENT',
  maintainability: 'CLEAR',
  style: 'CONVENTIONAL',
  compatibility: 'CONVENTIONAL',
};

function softwareQuality(meta: RuleMeta | undefined, severity: LintSeverity): string {
  if (meta?.category === 'security') return 'SECURITY';
  if (meta?.category === 'correctness') return 'RELIABILITY';
  if (meta) return 'MAINTAINABILITY';
  // Without metadata, follow hadolint, which files errors as bugs and everything else as code smells.
  return severity === 'error' ? 'RELIABILITY' : 'MAINTAINABILITY';
}

export const formatSonarqube: Formatter = (results, options) => {
  const rules = [...codesOf(results)].map(([code, severity]) => {
    const meta = options?.rules?.get(code);
    return {
      id: code,
      name: meta ? meta.docs.summary : code,
      description: meta ? `${meta.docs.description}\n\n${ruleDocsUrl(meta.id)}` : code,
      engineId: ENGINE_ID,
      cleanCodeAttribute: meta ? ATTRIBUTE[meta.category] : 'CONVENTIONAL',
      // Severity belongs to the rule in this format; the run's most severe finding reflects any configured override.
      impacts: [{ softwareQuality: softwareQuality(meta, severity), severity: IMPACT_SEVERITY[severity] }],
    };
  });
  const issues = [];
  for (const { result, finding } of eachFinding(results)) {
    const span = spanOf(finding, options, 'hadolint');
    const empty = finding.range.start.offset === finding.range.end.offset;
    issues.push({
      ruleId: finding.code,
      primaryLocation: {
        message: finding.message,
        filePath: reportPath(result.file, options),
        // Sonar columns are 0-based and it refuses an empty range, which then marks the whole line instead.
        textRange: empty
          ? { startLine: span.startLine, endLine: span.startLine }
          : {
              startLine: span.startLine,
              endLine: span.endLine,
              startColumn: span.startColumn - 1,
              endColumn: span.endColumn - 1,
            },
      },
    });
  }
  return JSON.stringify({ rules, issues });
};
