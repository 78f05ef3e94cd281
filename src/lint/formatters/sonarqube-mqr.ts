/**
 * `sonarqube_mqr`: SonarQube's generic issue import format in its current shape (SonarQube 10.3+, SonarCloud): a
 * `rules` array carrying the Clean Code attribute and impacts, and `issues` that only reference a rule. SonarQube
 * 10.8+ in its multi-quality mode needs it to show anything but "maintainability, medium"; versions before 10.3
 * refuse it, and Sonar rejects a report that mixes it with the older per-issue `severity`/`type` fields, which is
 * why `sonarqube` (hadolint's format) stays the older shape.
 * https://docs.sonarsource.com/sonarqube-server/analyzing-source-code/importing-external-issues/generic-issue-import-format
 */
import type { LintSeverity, RuleCategory, RuleMeta } from '../types.js';
import { codesOf, eachFinding, reportPath, ruleDocsUrl } from './shared.js';
import { ENGINE_ID, sonarTextRange } from './sonarqube.js';
import type { Formatter } from './types.js';

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

export const formatSonarqubeMqr: Formatter = (results, options) => {
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
    issues.push({
      ruleId: finding.code,
      primaryLocation: {
        message: finding.message,
        filePath: reportPath(result.file, options),
        textRange: sonarTextRange(finding, options),
      },
    });
  }
  return JSON.stringify({ rules, issues });
};
