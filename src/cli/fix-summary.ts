/**
 * The line `dfkit lint` adds to a terminal report about fixes: how many it made, and how many of the problems
 * left it can fix with which option (as Ruff says "[*] 3 fixable with the `--fix` option").
 */
import type { Finding, FixSafety } from '../lint/index.js';

export interface FixTally {
  /** The fix safeties asked for (`--fix`: safe; `--fix-unsafe`: both), or `null` for a plain report. */
  readonly allowed: readonly FixSafety[] | null;
  /** Whether the fixes were only shown as a diff. */
  readonly preview: boolean;
  /** Fixes made (or, with a diff, in it). */
  readonly fixed: number;
  /** Files changed (or, with a diff, in it). */
  readonly files: number;
  /** The findings reported. */
  readonly findings: readonly Finding[];
}

const count = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

/** The summary line (with its line break), or `''` when there is nothing to say. */
export function fixSummary(tally: FixTally): string {
  const asked = tally.allowed ?? [];
  let safe = 0;
  let unsafe = 0;
  for (const finding of tally.findings) {
    const safety = finding.fix?.safety;
    // A preview reports the file as it is: the fixable findings it was asked for are the ones the diff makes.
    if (safety === undefined || (tally.preview && asked.includes(safety))) continue;
    if (safety === 'safe') safe++;
    else unsafe++;
  }
  const parts: string[] = [];
  if (tally.fixed > 0) {
    const made = `${count(tally.fixed, 'problem')} in ${count(tally.files, 'file')}`;
    parts.push(tally.preview ? `the diff fixes ${made}` : `fixed ${made}`);
  }
  const more = parts.length > 0 ? ' more' : '';
  const caution = ' (fixes that can change behaviour: preview them with --diff)';
  if (safe > 0 && unsafe > 0) {
    parts.push(`${count(safe, 'problem')}${more} can be fixed with --fix, ${unsafe} more with --fix-unsafe${caution}`);
  } else if (safe > 0) {
    parts.push(`${count(safe, 'problem')}${more} can be fixed with --fix`);
  } else if (unsafe > 0) {
    parts.push(`${count(unsafe, 'problem')}${more} can be fixed with --fix-unsafe${caution}`);
  }
  return parts.length === 0 ? '' : `dfkit: ${parts.join('; ')}\n`;
}
