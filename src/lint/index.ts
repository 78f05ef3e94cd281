/**
 * `dfkit/lint`: hadolint's rules, BuildKit's build checks and dfkit's own, on the parser's typed AST.
 *
 * @example
 * ```ts
 * import { lint } from 'dfkit/lint';
 * const { findings } = lint('FROM node:20\nWORKDIR app\n');
 * findings[0]?.code; // 'DL3000'
 * ```
 */
import { lintWith, type LintOptions, type LintResult } from './engine.js';
import { builtinRules } from './rules/index.js';

export * from './types.js';
export { applyFixes, type FixOutcome } from './fix.js';
export { PARSE_ERROR_CODE, namesOf, type LintOptions, type LintResult } from './engine.js';
export { builtinRules } from './rules/index.js';
export { baseImageReferences, baseImageReferencesOf } from './base-images.js';
export { createLinter, type Linter } from './incremental.js';
export {
  createShellCheckRule,
  EXCLUDED_SHELLCHECK_CODES,
  type ShellCheckComment,
  type ShellCheckRuleOptions,
  type ShellCheckRunner,
} from './shellcheck.js';

/** Lints Dockerfile text with the built-in rules (or `options.rules`). Never throws. */
export function lint(text: string, options: LintOptions = {}): LintResult {
  return lintWith(text, options, options.rules ?? builtinRules);
}
