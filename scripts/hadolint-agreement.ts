/**
 * Prints how often dfkit agrees with hadolint on the agreement cases (test/lint/hadolint-agreement), per rule
 * and in total, as a Markdown table. Cases marked as deliberate divergences count as disagreements and are
 * listed with their reason.
 *
 * Usage: `npm run report:hadolint` (add `--failures` to list every disagreement).
 */
import { cases, type AgreementCase } from '../test/lint/hadolint-agreement/cases.js';
import { evaluate, shellCheckAvailable } from '../test/lint/hadolint-agreement/evaluate.js';

interface Tally {
  agreed: number;
  total: number;
  divergences: number;
}

const showFailures = process.argv.includes('--failures');
const tallies = new Map<string, Tally>();
const failures: string[] = [];
const divergences: string[] = [];

for (const testCase of cases) {
  if (testCase.rule === 'ShellCheck' && !shellCheckAvailable) continue;
  const tally = tallies.get(testCase.rule) ?? { agreed: 0, total: 0, divergences: 0 };
  tallies.set(testCase.rule, tally);
  const outcome = evaluate(testCase);
  tally.total++;
  if (outcome.agreed) tally.agreed++;
  else if (testCase.divergence) {
    tally.divergences++;
    divergences.push(`- ${label(testCase)} — ${testCase.divergence}`);
  } else failures.push(`- ${label(testCase)} (dfkit: ${outcome.lines.length === 0 ? 'no finding' : `line(s) ${outcome.lines.join(', ')}`})`);
}

function label(testCase: AgreementCase): string {
  return `${testCase.rule} ${testCase.name}`;
}

function percent(part: number, whole: number): string {
  return whole === 0 ? '–' : `${((100 * part) / whole).toFixed(1)}%`;
}

const rows = [...tallies].sort(([a], [b]) => (a === 'ShellCheck' ? 1 : b === 'ShellCheck' ? -1 : a.localeCompare(b)));
const total = rows.reduce((sum, [, t]) => ({ agreed: sum.agreed + t.agreed, total: sum.total + t.total, divergences: sum.divergences + t.divergences }), {
  agreed: 0,
  total: 0,
  divergences: 0,
});

const out: string[] = ['| Rule | Agreed | Cases | Agreement | Deliberate divergences |', '|---|---:|---:|---:|---:|'];
for (const [rule, t] of rows) out.push(`| ${rule} | ${t.agreed} | ${t.total} | ${percent(t.agreed, t.total)} | ${t.divergences} |`);
out.push(`| **Total** | **${total.agreed}** | **${total.total}** | **${percent(total.agreed, total.total)}** | **${total.divergences}** |`);
if (!shellCheckAvailable) out.push('', '_ShellCheck is not installed: its cases were skipped._');
if (divergences.length > 0) out.push('', '### Deliberate divergences', '', ...divergences);
if (showFailures && failures.length > 0) out.push('', '### Disagreements', '', ...failures);
console.log(out.join('\n'));
