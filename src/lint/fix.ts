/**
 * Applying fixes: text edits on the original source. Edits of one fix apply together or not at all; a fix
 * that overlaps one already taken waits for the next pass, and passes repeat until nothing changes, so the
 * result is stable (applying fixes to fixed text changes nothing).
 */
import type { Finding, FixSafety, TextEdit } from './types.js';

export interface FixOutcome {
  readonly text: string;
  /** Findings whose fixes were applied in this pass. */
  readonly applied: readonly Finding[];
}

/** Applies, in one pass, every non-overlapping fix whose safety is allowed. */
export function applyFixes(text: string, findings: readonly Finding[], allow: readonly FixSafety[] = ['safe']): FixOutcome {
  const candidates = findings
    .filter((f) => f.fix && allow.includes(f.fix.safety) && f.fix.edits.length > 0)
    .sort((a, b) => firstStart(a) - firstStart(b));
  const taken: TextEdit[] = [];
  const applied: Finding[] = [];
  for (const finding of candidates) {
    const edits = [...(finding.fix?.edits ?? [])].sort((a, b) => a.start - b.start || a.end - b.end);
    if (edits.some((edit) => taken.some((t) => overlaps(t, edit)))) continue;
    taken.push(...edits);
    applied.push(finding);
  }
  taken.sort((a, b) => b.start - a.start || b.end - a.end);
  let out = text;
  for (const edit of taken) out = out.slice(0, edit.start) + edit.text + out.slice(edit.end);
  return { text: out, applied };
}

function firstStart(finding: Finding): number {
  return Math.min(...(finding.fix?.edits.map((e) => e.start) ?? [0]));
}

/** Two edits conflict when their spans intersect, or when both insert at the same point. */
function overlaps(a: TextEdit, b: TextEdit): boolean {
  if (a.start === a.end && b.start === b.end) return a.start === b.start;
  return a.start < b.end && b.start < a.end;
}
