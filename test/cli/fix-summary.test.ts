import { describe, expect, it } from 'vitest';
import { fixSummary } from '../../src/cli/fix-summary.js';
import type { Finding, FixSafety } from '../../src/lint/index.js';

/** Findings with these fixes (`null`: none). */
function findings(...safeties: Array<FixSafety | null>): Finding[] {
  const range = { start: { line: 0, character: 0, offset: 0 }, end: { line: 0, character: 1, offset: 1 } };
  return safeties.map((safety, index) => ({
    ruleId: `rule-${index}`,
    code: `R${index}`,
    severity: 'warning',
    message: 'm',
    range,
    ...(safety ? { fix: { description: 'd', safety, edits: [{ start: 0, end: 0, text: 'x' }] } } : {}),
  }));
}

describe('fixSummary', () => {
  it('says how many problems each option would fix', () => {
    const base = { allowed: null, preview: false, fixed: 0, files: 0 };
    expect(fixSummary({ ...base, findings: findings('safe', 'safe', null) })).toBe('dfkit: 2 problems can be fixed with --fix\n');
    expect(fixSummary({ ...base, findings: findings('safe', 'unsafe', 'unsafe') })).toBe(
      'dfkit: 1 problem can be fixed with --fix, 2 more with --fix-unsafe (fixes that can change behaviour: preview them with --diff)\n',
    );
    expect(fixSummary({ ...base, findings: findings('unsafe') })).toBe(
      'dfkit: 1 problem can be fixed with --fix-unsafe (fixes that can change behaviour: preview them with --diff)\n',
    );
    expect(fixSummary({ ...base, findings: findings(null) })).toBe('');
    expect(fixSummary({ ...base, findings: [] })).toBe('');
  });

  it('counts the fixes made, and what is left for --fix-unsafe', () => {
    expect(fixSummary({ allowed: ['safe'], preview: false, fixed: 3, files: 2, findings: findings('unsafe', null) })).toBe(
      'dfkit: fixed 3 problems in 2 files; 1 problem more can be fixed with --fix-unsafe (fixes that can change behaviour: preview them with --diff)\n',
    );
    expect(fixSummary({ allowed: ['safe', 'unsafe'], preview: false, fixed: 1, files: 1, findings: findings(null) })).toBe(
      'dfkit: fixed 1 problem in 1 file\n',
    );
    expect(fixSummary({ allowed: ['safe'], preview: false, fixed: 0, files: 0, findings: findings(null) })).toBe('');
  });

  it('with a diff, counts what the diff fixes; the report is of the file as it is', () => {
    expect(fixSummary({ allowed: ['safe'], preview: true, fixed: 2, files: 1, findings: findings('safe', 'safe', 'unsafe') })).toBe(
      'dfkit: the diff fixes 2 problems in 1 file; 1 problem more can be fixed with --fix-unsafe (fixes that can change behaviour: preview them with --diff)\n',
    );
  });
});
