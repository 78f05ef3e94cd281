/**
 * Prints how often dfkit agrees with BuildKit's build checks on the agreement cases
 * (test/lint/buildkit-agreement), per check and in total, as a Markdown table. A case agrees when dfkit
 * reports the same checks on the same lines as BuildKit, no more and no fewer; "Same detail" counts the
 * agreeing cases whose messages are also BuildKit's word for word. Cases marked as divergences count as
 * disagreements and are listed with their reason.
 *
 * Usage: `npm run report:buildkit` (add `--failures` to list every disagreement).
 */
import { cases, type BuildkitCase } from '../test/lint/buildkit-agreement/cases.js';
import { describeWarnings, evaluate } from '../test/lint/buildkit-agreement/evaluate.js';

interface Tally {
  agreed: number;
  sameDetails: number;
  total: number;
  divergences: number;
}

const showFailures = process.argv.includes('--failures');
const tallies = new Map<string, Tally>();
const failures: string[] = [];
const divergences: string[] = [];

for (const testCase of cases) {
  const tally = tallies.get(testCase.check) ?? { agreed: 0, sameDetails: 0, total: 0, divergences: 0 };
  tallies.set(testCase.check, tally);
  const outcome = evaluate(testCase);
  tally.total++;
  if (outcome.agreed) {
    tally.agreed++;
    if (outcome.sameDetails) tally.sameDetails++;
  } else if (testCase.divergence) {
    tally.divergences++;
    divergences.push(`- ${label(testCase)} — ${testCase.divergence}`);
  } else {
    failures.push(
      `- ${label(testCase)} (BuildKit: ${describeWarnings(testCase.warnings)}; dfkit: ${describeWarnings(outcome.reported)})`,
    );
  }
}

function label(testCase: BuildkitCase): string {
  return `${testCase.check}: ${testCase.name}`;
}

function percent(part: number, whole: number): string {
  return whole === 0 ? '–' : `${((100 * part) / whole).toFixed(1)}%`;
}

const rows = [...tallies].sort(([a], [b]) => a.localeCompare(b));
const total: Tally = { agreed: 0, sameDetails: 0, total: 0, divergences: 0 };
for (const [, t] of rows) {
  total.agreed += t.agreed;
  total.sameDetails += t.sameDetails;
  total.total += t.total;
  total.divergences += t.divergences;
}

const out: string[] = [
  '| Check | Agreed | Cases | Agreement | Same detail | Divergences |',
  '|---|---:|---:|---:|---:|---:|',
];
for (const [check, t] of rows) {
  out.push(`| ${check} | ${t.agreed} | ${t.total} | ${percent(t.agreed, t.total)} | ${t.sameDetails} | ${t.divergences} |`);
}
out.push(
  `| **Total** | **${total.agreed}** | **${total.total}** | **${percent(total.agreed, total.total)}** | **${total.sameDetails}** | **${total.divergences}** |`,
);
if (divergences.length > 0) out.push('', '### Divergences', '', ...divergences);
if (showFailures && failures.length > 0) out.push('', '### Disagreements', '', ...failures);
console.log(out.join('\n'));
