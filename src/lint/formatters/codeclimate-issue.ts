/** The Code Climate issue object shared by the `codeclimate` and `gitlab_codeclimate` formats. */
import type { Finding, LintSeverity, RuleCategory } from '../types.js';
import { spanOf } from './shared.js';
import type { FormatOptions } from './types.js';

/**
 * hadolint's mapping, kept for drop-in compatibility even though it ranks style (`minor`) above info (`info`) on
 * Code Climate's scale.
 */
export const CODECLIMATE_SEVERITY: Readonly<Record<LintSeverity, string>> = {
  error: 'blocker',
  warning: 'major',
  info: 'info',
  style: 'minor',
};

// hadolint files everything under Bug Risk; with rule metadata we can be more precise.
const CATEGORY: Readonly<Record<RuleCategory, string>> = {
  correctness: 'Bug Risk',
  security: 'Security',
  reproducibility: 'Bug Risk',
  cache: 'Performance',
  performance: 'Performance',
  maintainability: 'Clarity',
  style: 'Style',
  compatibility: 'Compatibility',
};

export interface CodeClimateIssue {
  readonly type: 'issue';
  readonly check_name: string;
  readonly description: string;
  readonly categories: readonly string[];
  readonly location: { readonly path: string; readonly lines: { readonly begin: number; readonly end: number } };
  readonly severity: string;
}

export function codeClimateIssue(path: string, finding: Finding, options: FormatOptions | undefined): CodeClimateIssue {
  const span = spanOf(finding, options, 'hadolint');
  const category = options?.rules?.get(finding.code)?.category;
  return {
    type: 'issue',
    check_name: finding.code,
    description: finding.message,
    categories: [category ? CATEGORY[category] : 'Bug Risk'],
    location: { path, lines: { begin: span.startLine, end: span.endLine } },
    severity: CODECLIMATE_SEVERITY[finding.severity],
  };
}
