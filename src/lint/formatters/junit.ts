/**
 * JUnit XML, for CI systems that show test reports (GitLab, Jenkins, Azure). One `<testsuite>` per Dockerfile and
 * one failed `<testcase>` per finding; parse errors (DL1000) are `<error>`s, the rest `<failure>`s. Unlike hadolint
 * we write no run timestamp, so a report depends only on its findings.
 */
import { PARSE_ERROR_CODE } from '../engine.js';
import { XML_DECLARATION, reportPath, spanOf, xmlAttributes, xmlText } from './shared.js';
import type { Formatter } from './types.js';

export const formatJunit: Formatter = (results, options) => {
  const suites: string[] = [];
  let tests = 0;
  let failures = 0;
  let errors = 0;
  for (const result of results) {
    const file = reportPath(result.file, options);
    const parseErrors = result.findings.filter((finding) => finding.code === PARSE_ERROR_CODE).length;
    const suiteFailures = result.findings.length - parseErrors;
    tests += result.findings.length;
    failures += suiteFailures;
    errors += parseErrors;
    const header = `  <testsuite${xmlAttributes({
      name: file,
      tests: result.findings.length,
      failures: suiteFailures,
      errors: parseErrors,
    })}`;
    if (result.findings.length === 0) {
      suites.push(`${header}/>`);
      continue;
    }
    suites.push(`${header}>`);
    for (const finding of result.findings) {
      const span = spanOf(finding, options, 'hadolint');
      const element = finding.code === PARSE_ERROR_CODE ? 'error' : 'failure';
      const body = `${file}:${span.startLine}:${span.startColumn} ${finding.severity} ${finding.code}: ${finding.message}`;
      suites.push(
        `    <testcase${xmlAttributes({ name: `${finding.code} at line ${span.startLine}`, classname: file, file, line: span.startLine })}>`,
        `      <${element}${xmlAttributes({ type: finding.severity, message: finding.message })}>${xmlText(body)}</${element}>`,
        '    </testcase>',
      );
    }
    suites.push('  </testsuite>');
  }
  const root = `<testsuites${xmlAttributes({ name: 'dfkit', tests, failures, errors })}>`;
  return `${[XML_DECLARATION, root, ...suites, '</testsuites>'].join('\n')}\n`;
};
