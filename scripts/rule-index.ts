/** The table of all rules at `docs/rules/README.md`. */
import type { RuleModule } from '../src/lint/types.js';
import { ruleDocFile } from '../src/lint/rule-docs.js';

export function renderRuleIndex(rules: readonly RuleModule[]): string {
  const rows = rules.map(
    (rule) =>
      `| [${rule.meta.id}](${ruleDocFile(rule)}) | ${rule.meta.hadolint ?? ''} | ${rule.meta.buildkit ?? ''} | ` +
      `${rule.meta.severity} | ${rule.meta.fixable ?? ''} | ${rule.meta.docs.summary} |`,
  );
  return [
    '# Rules',
    '',
    'Generated from the rules\' metadata by `npm run docs:rules`; do not edit by hand.',
    '',
    '| rule | hadolint | BuildKit | default severity | fix | summary |',
    '|---|---|---|---|---|---|',
    ...rows,
    '',
  ].join('\n');
}
