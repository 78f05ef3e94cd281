/**
 * Checkstyle XML, read by Jenkins, reviewdog and most CI dashboards. Checkstyle knows only error, warning and info,
 * so style findings are written as info (hadolint writes `style`, which those readers do not recognise).
 */
import type { LintSeverity } from '../types.js';
import { XML_DECLARATION, reportPath, spanOf, xmlAttributes, distinctFindings } from './shared.js';
import type { Formatter } from './types.js';

const SEVERITY: Readonly<Record<LintSeverity, string>> = {
  error: 'error',
  warning: 'warning',
  info: 'info',
  style: 'info',
};

export const formatCheckstyle: Formatter = (results, options) => {
  const lines = [XML_DECLARATION, '<checkstyle version="4.3">'];
  for (const result of results) {
    const findings = distinctFindings(result, options);
    const name = xmlAttributes({ name: reportPath(result.file, options) });
    if (findings.length === 0) {
      lines.push(`  <file${name}/>`);
      continue;
    }
    lines.push(`  <file${name}>`);
    for (const finding of findings) {
      const span = spanOf(finding, options, 'hadolint');
      const attributes = xmlAttributes({
        line: span.startLine,
        column: span.startColumn,
        severity: SEVERITY[finding.severity],
        message: finding.message,
        source: finding.code,
      });
      lines.push(`    <error${attributes}/>`);
    }
    lines.push('  </file>');
  }
  lines.push('</checkstyle>');
  return `${lines.join('\n')}\n`;
};
