/**
 * Lint findings and parse errors as protocol diagnostics. Parse errors arrive from the linter as `DL1000`
 * findings (hadolint's code), so one list covers both; every diagnostic links to its rule's page.
 */
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver';
import { PARSE_ERROR_CODE, type Finding, type LintSeverity } from '../lint/index.js';
import { ruleDocsUrl } from '../lint/formatters/shared.js';
import { toLspRange } from './positions.js';

/** The diagnostics' `source`, shown by editors next to the message. */
export const DIAGNOSTIC_SOURCE = 'dfkit';

const SEVERITY: Readonly<Record<LintSeverity, DiagnosticSeverity>> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  style: DiagnosticSeverity.Hint,
};

/** Converts findings to diagnostics, in the same order. */
export function toDiagnostics(findings: readonly Finding[]): Diagnostic[] {
  return findings.map(toDiagnostic);
}

/**
 * One finding as a diagnostic. Nothing rides along in `data`: code actions read the server's own findings for
 * the version, and every byte here is serialised on each keystroke.
 */
export function toDiagnostic(finding: Finding): Diagnostic {
  return {
    range: toLspRange(finding.range),
    severity: SEVERITY[finding.severity],
    code: finding.code,
    // Parse errors have no rule page of their own.
    ...(finding.code !== PARSE_ERROR_CODE ? { codeDescription: { href: ruleDocsUrl(finding.ruleId) } } : {}),
    source: DIAGNOSTIC_SOURCE,
    message: finding.message,
  };
}
