/**
 * The GNU coding standards' `file:line:column: severity: message` line, which editors and `compilation-mode` jump
 * from. hadolint prefixes `hadolint:` and omits the column; we keep the standard's own shape.
 */
import { eachFinding, spanOf } from './shared.js';
import type { Formatter } from './types.js';

export const formatGnu: Formatter = (results, options) => {
  let out = '';
  for (const { result, finding } of eachFinding(results)) {
    const span = spanOf(finding, options, 'hadolint');
    out += `${result.file}:${span.startLine}:${span.startColumn}: ${finding.severity}: ${oneLine(finding.message)} [${finding.code}]\n`;
  }
  return out;
};

// A message spanning lines would read as several diagnostics.
function oneLine(text: string): string {
  return text.replace(/\r?\n/g, ' ');
}
