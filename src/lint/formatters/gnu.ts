/**
 * hadolint's `gnu` format: the GNU coding standards' `program:file:line: message` line, one per finding, with the
 * message written as `CODE severity: text`; a parse error (DL1000) is written `program:file:line:column: text`,
 * as hadolint writes its parser's errors. The program is dfkit.
 */
import { PARSE_ERROR_CODE } from '../engine.js';
import { eachDistinctFinding, spanOf } from './shared.js';
import type { Formatter } from './types.js';

export const formatGnu: Formatter = (results, options) => {
  let out = '';
  for (const { result, finding } of eachDistinctFinding(results, options)) {
    const span = spanOf(finding, options, 'hadolint');
    const message = oneLine(finding.message);
    out +=
      finding.code === PARSE_ERROR_CODE
        ? `dfkit:${result.file}:${span.startLine}:${span.startColumn}: ${message}\n`
        : `dfkit:${result.file}:${span.startLine}: ${finding.code} ${finding.severity}: ${message}\n`;
  }
  return out;
};

// A message spanning lines would read as several diagnostics.
function oneLine(text: string): string {
  return text.replace(/\r?\n/g, ' ');
}
