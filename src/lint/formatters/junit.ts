/**
 * JUnit XML, for CI systems that show test reports (GitLab, Jenkins, Azure). One `<testsuite>` named by its
 * Dockerfile and one failed, named `<testcase>` per finding (hadolint names neither, which leaves those reports
 * with blank rows); parse errors (DL1000) are `<error>`s, the rest `<failure>`s. What scripts read in hadolint's
 * report is there too: the testcase's `id` (`dfkit.rule.<code>`, `dfkit.error` for a parse error), the
 * failure's `id` (the code) and its text (`File:`, `Line:`, `Category:` and `severity: message` lines). Unlike
 * hadolint we write no run timestamp, so a report depends only on its findings.
 */
import { PARSE_ERROR_CODE } from '../engine.js';
import { XML_DECLARATION, reportPath, spanOf, xmlAttributes, xmlText, distinctFindings } from './shared.js';
import type { Formatter } from './types.js';

export const formatJunit: Formatter = (results, options) => {
  const suites: string[] = [];
  let tests = 0;
  let failures = 0;
  let errors = 0;
  for (const result of results) {
    const findings = distinctFindings(result, options);
    const file = reportPath(result.file, options);
    const parseErrors = findings.filter((finding) => finding.code === PARSE_ERROR_CODE).length;
    const suiteFailures = findings.length - parseErrors;
    tests += findings.length;
    failures += suiteFailures;
    errors += parseErrors;
    const header = `  <testsuite${xmlAttributes({
      name: file,
      tests: findings.length,
      failures: suiteFailures,
      errors: parseErrors,
    })}`;
    if (findings.length === 0) {
      suites.push(`${header}/>`);
      continue;
    }
    suites.push(`${header}>`);
    for (const finding of findings) {
      const span = spanOf(finding, options, 'hadolint');
      const parseError = finding.code === PARSE_ERROR_CODE;
      const element = parseError ? 'error' : 'failure';
      const id = parseError ? 'dfkit.error' : `dfkit.rule.${finding.code}`;
      const body = [
        `File: ${file}`,
        `Line: ${span.startLine}`,
        ...(parseError ? [`Column: ${span.startColumn}`] : []),
        'Category: dfkit - Dockerfile Static Analysis',
        `${finding.severity}: ${finding.message}`,
        '',
      ].join('\n');
      suites.push(
        `    <testcase${xmlAttributes({ id, name: `${finding.code} at line ${span.startLine}`, classname: file, file, line: span.startLine })}>`,
        `      <${element}${xmlAttributes({ id: finding.code, type: finding.severity, message: finding.message })}>${xmlText(body)}</${element}>`,
        '    </testcase>',
      );
    }
    suites.push('  </testsuite>');
  }
  const root = `<testsuites${xmlAttributes({ name: 'dfkit', tests, failures, errors })}>`;
  return `${[XML_DECLARATION, root, ...suites, '</testsuites>'].join('\n')}\n`;
};
