/**
 * Report formats, by hadolint's names (plus `github` and `sonarqube_mqr`). Each renders a whole run, all files at
 * once, to one string.
 *
 * @example
 * ```ts
 * const report = formatters.sarif([{ file: 'Dockerfile', findings, source }], { rules, toolVersion });
 * ```
 */
import { formatCheckstyle } from './checkstyle.js';
import { formatCodacy } from './codacy.js';
import { formatCodeclimate } from './codeclimate.js';
import { formatGithub } from './github.js';
import { formatGitlabCodeclimate } from './gitlab-codeclimate.js';
import { formatGnu } from './gnu.js';
import { formatJson } from './json.js';
import { formatJunit } from './junit.js';
import { formatSarif } from './sarif.js';
import { formatSonarqube } from './sonarqube.js';
import { formatSonarqubeMqr } from './sonarqube-mqr.js';
import { formatTty } from './tty.js';
import type { FormatName, Formatter } from './types.js';

export { FORMAT_NAMES, isFormatName, type FileFindings, type FormatName, type FormatOptions, type Formatter } from './types.js';
export { RULE_DOCS_BASE, ruleDocsUrl, stableHash } from './shared.js';

export const formatters: Readonly<Record<FormatName, Formatter>> = {
  tty: formatTty,
  json: formatJson,
  checkstyle: formatCheckstyle,
  codeclimate: formatCodeclimate,
  gitlab_codeclimate: formatGitlabCodeclimate,
  gnu: formatGnu,
  codacy: formatCodacy,
  sonarqube: formatSonarqube,
  sonarqube_mqr: formatSonarqubeMqr,
  sarif: formatSarif,
  junit: formatJunit,
  github: formatGithub,
};

export {
  formatCheckstyle,
  formatCodacy,
  formatCodeclimate,
  formatGithub,
  formatGitlabCodeclimate,
  formatGnu,
  formatJson,
  formatJunit,
  formatSarif,
  formatSonarqube,
  formatSonarqubeMqr,
  formatTty,
};
