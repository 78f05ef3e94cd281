/** `lint --fix` in the library, for tests that follow fixes over several passes. */
import { applyFixes, lint, type Finding, type FixSafety, type LintOptions } from '../../src/lint/index.js';

/** One pass: the text after it and the findings whose fixes it applied. */
export interface FixPass {
  readonly text: string;
  readonly applied: readonly Finding[];
}

export interface FixPassOptions {
  readonly options?: LintOptions;
  /** The fixes applied; default the safe ones, as `--fix`. */
  readonly allow?: readonly FixSafety[];
  /** Which findings' fixes to apply; default all. */
  readonly keep?: (finding: Finding) => boolean;
  readonly limit?: number;
}

/**
 * Lints and applies every non-overlapping fix, pass after pass, until a pass changes nothing (at most `limit`
 * passes): the passes that changed the text.
 */
export function fixPasses(text: string, { options, allow = ['safe'], keep = () => true, limit = 10 }: FixPassOptions = {}): FixPass[] {
  const passes: FixPass[] = [];
  let current = text;
  for (let pass = 0; pass < limit; pass++) {
    const outcome = applyFixes(current, lint(current, options).findings.filter(keep), allow);
    if (outcome.text === current) break;
    passes.push({ text: outcome.text, applied: outcome.applied });
    current = outcome.text;
  }
  return passes;
}

/** The text after the last pass of `fixPasses`. */
export function fixedBy(text: string, passes: readonly FixPass[]): string {
  return passes[passes.length - 1]?.text ?? text;
}
