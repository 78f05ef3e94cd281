/** hadolint's formats place findings on the instruction's first line (column 1); the others at the exact token. */
import { describe, expect, it } from 'vitest';
import { formatters } from '../../../src/lint/formatters/index.js';
import { lint } from '../../../src/lint/index.js';

const SOURCE = 'FROM debian:12\nRUN apt-get update \\\n  && apt-get install -y curl \\\n  && rm -rf /var/lib/apt/lists/*\n';
const findings = lint(SOURCE).findings;
const pin = findings.find((finding) => finding.code === 'DL3008')!;
const results = [{ file: 'Dockerfile', findings: [pin], source: SOURCE }];

describe('finding positions in reports', () => {
  it('the engine records the instruction line next to the exact range', () => {
    expect(pin.instructionLine).toBe(2);
    expect(pin.range.start.line + 1).toBe(3);
  });

  it('hadolint formats use the instruction line unless exact positions are asked for', () => {
    expect(JSON.parse(formatters.json(results))).toMatchObject([{ line: 2, column: 1 }]);
    expect(JSON.parse(formatters.json(results, { positions: 'exact' }))).toMatchObject([{ line: 3, column: 25 }]);
    expect(formatters.checkstyle(results)).toContain('line="2" column="1"');
    expect(formatters.gnu(results)).toMatch(/^dfkit:Dockerfile:2: DL3008 /);
  });

  it('sarif and github keep the exact token', () => {
    const sarif = JSON.parse(formatters.sarif(results)) as {
      runs: Array<{ results: Array<{ locations: Array<{ physicalLocation: { region: { startLine: number } } }> }> }>;
    };
    expect(sarif.runs[0]!.results[0]!.locations[0]!.physicalLocation.region.startLine).toBe(3);
    expect(formatters.github(results)).toMatch(/line=3,/);
  });

  it('parse errors keep their real position in every format', () => {
    const broken = lint('FROM debian:12\nRUN <<EOF\n').findings.filter((finding) => finding.code === 'DL1000');
    expect(broken.length).toBeGreaterThan(0);
    const [entry] = JSON.parse(formatters.json([{ file: 'Dockerfile', findings: broken }])) as Array<{ line: number }>;
    expect(entry!.line).toBe(broken[0]!.range.start.line + 1);
  });

  it('hadolint formats show one entry per code, line and message, as hadolint reports a rule once per instruction', () => {
    const source = 'FROM debian:12\nRUN apt-get install -y --no-install-recommends curl wget\n';
    const unpinned = lint(source).findings.filter((finding) => finding.code === 'DL3008');
    expect(unpinned).toHaveLength(2);
    const both = [{ file: 'Dockerfile', findings: unpinned, source }];
    expect(JSON.parse(formatters.json(both))).toHaveLength(1);
    expect(formatters.checkstyle(both).match(/<error /g)).toHaveLength(1);
    expect(formatters.gnu(both).trim().split('\n')).toHaveLength(1);
    expect(formatters.codeclimate(both).match(/"check_name"/g)).toHaveLength(1);
    expect(formatters.junit(both).match(/<testcase /g)).toHaveLength(1);
    // At the exact tokens they are two, as in the formats that always show exact positions.
    expect(JSON.parse(formatters.json(both, { positions: 'exact' }))).toHaveLength(2);
    expect(JSON.parse(formatters.sarif(both)).runs[0].results).toHaveLength(2);
  });
});
