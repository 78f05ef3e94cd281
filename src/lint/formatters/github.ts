/**
 * GitHub Actions workflow commands: printed to a step's output, each line becomes an annotation on the pull
 * request. https://docs.github.com/actions/reference/workflow-commands-for-github-actions
 */
import type { LintSeverity } from '../types.js';
import { eachFinding, spanOf } from './shared.js';
import type { Formatter } from './types.js';

// GitHub has three annotation levels; info and style are both advice.
const COMMAND: Readonly<Record<LintSeverity, string>> = {
  error: 'error',
  warning: 'warning',
  info: 'notice',
  style: 'notice',
};

export const formatGithub: Formatter = (results) => {
  let out = '';
  for (const { result, finding } of eachFinding(results)) {
    const span = spanOf(finding);
    const properties: Array<[string, string | number]> = [
      ['file', result.file],
      ['line', span.startLine],
    ];
    // GitHub rejects columns on an annotation spanning several lines.
    if (span.startLine === span.endLine) {
      properties.push(['col', span.startColumn], ['endLine', span.endLine], ['endColumn', span.endColumn]);
    } else {
      properties.push(['endLine', span.endLine]);
    }
    properties.push(['title', finding.code]);
    const list = properties.map(([key, value]) => `${key}=${escapeProperty(String(value))}`).join(',');
    out += `::${COMMAND[finding.severity]} ${list}::${escapeData(finding.message)}\n`;
  }
  return out;
};

/** The runner splits a command at line ends and decodes `%XX`, so both must be encoded in the message. */
export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Property values additionally end at `,` and `::`. */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
