/**
 * Lint findings and parse errors as protocol diagnostics. Parse errors arrive from the linter as `DL1000`
 * findings (hadolint's code), so one list covers both; every diagnostic links to its rule's page.
 */
import { DiagnosticSeverity, type CodeDescription, type Diagnostic } from 'vscode-languageserver';
import { endOffsetOf, startOffsetOf } from '../parser/source.js';
import { PARSE_ERROR_CODE, type Finding, type LintSeverity } from '../lint/index.js';
import { ruleDocsUrl } from '../lint/formatters/shared.js';
import { positionAt, toLspRange } from './positions.js';
import type { ProtocolLines } from './protocol-lines.js';

/** The diagnostics' `source`, shown by editors next to the message. */
export const DIAGNOSTIC_SOURCE = 'dfkit';

const SEVERITY: Readonly<Record<LintSeverity, DiagnosticSeverity>> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  style: DiagnosticSeverity.Hint,
};

/**
 * Converts findings to diagnostics, in the same order. With the diagnostics published for the last version,
 * one equal to a new one (same range, severity, code, rule and message) is handed back as it is: an edit
 * leaves most of a file's diagnostics as they were, and this runs on every keystroke. `lines` are the lines of
 * the findings' text: positions are read from the findings' offsets.
 */
export function toDiagnostics(findings: readonly Finding[], lines: ProtocolLines, previous: readonly Diagnostic[] = []): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  let next = 0;
  for (const finding of findings) {
    const { line: startLine, character: startCharacter } = positionAt(lines, startOffsetOf(finding.range));
    const { line: endLine, character: endCharacter } = positionAt(lines, endOffsetOf(finding.range));
    // Both lists are in source order: step over earlier diagnostics that are gone, then look among those
    // starting at the same place.
    while (next < previous.length && before(previous[next] as Diagnostic, startLine, startCharacter)) next++;
    let reused: Diagnostic | undefined;
    for (let index = next; index < previous.length; index++) {
      const candidate = previous[index] as Diagnostic;
      const start = candidate.range.start;
      if (start.line !== startLine || start.character !== startCharacter) break;
      const end = candidate.range.end;
      if (
        end.line === endLine &&
        end.character === endCharacter &&
        candidate.severity === SEVERITY[finding.severity] &&
        candidate.code === finding.code &&
        candidate.message === finding.message &&
        candidate.codeDescription === codeDescriptionOf(finding)
      ) {
        reused = candidate;
        next = index + 1;
        break;
      }
    }
    diagnostics.push(
      reused ??
        diagnosticOf(finding, {
          start: { line: startLine, character: startCharacter },
          end: { line: endLine, character: endCharacter },
        }),
    );
  }
  return diagnostics;
}

function before(diagnostic: Diagnostic, line: number, character: number): boolean {
  const start = diagnostic.range.start;
  return start.line < line || (start.line === line && start.character < character);
}

/**
 * One finding as a diagnostic. Nothing rides along in `data`: code actions read the server's own findings for
 * the version, and every byte here is serialised on each keystroke.
 */
export function toDiagnostic(finding: Finding, lines: ProtocolLines): Diagnostic {
  return diagnosticOf(finding, toLspRange(lines, finding.range));
}

function diagnosticOf(finding: Finding, range: Diagnostic['range']): Diagnostic {
  const codeDescription = codeDescriptionOf(finding);
  return {
    range,
    severity: SEVERITY[finding.severity],
    code: finding.code,
    ...(codeDescription ? { codeDescription } : {}),
    source: DIAGNOSTIC_SOURCE,
    message: finding.message,
  };
}

/** The link to a finding's rule page, one object per rule (parse errors have no page of their own). */
function codeDescriptionOf(finding: Finding): CodeDescription | undefined {
  if (finding.code === PARSE_ERROR_CODE) return undefined;
  let description = codeDescriptions.get(finding.ruleId);
  if (!description) codeDescriptions.set(finding.ruleId, (description = { href: ruleDocsUrl(finding.ruleId) }));
  return description;
}

const codeDescriptions = new Map<string, CodeDescription>();
