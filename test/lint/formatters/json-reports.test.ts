import { describe, expect, it } from 'vitest';
import { formatters } from '../../../src/lint/formatters/index.js';
import { artifactUri } from '../../../src/lint/formatters/sarif.js';
import { stableHash } from '../../../src/lint/formatters/shared.js';
import { lint } from '../../../src/lint/index.js';
import { LineTable } from '../../../src/parser/index.js';
import { RESULTS, RULES, SOURCE, info, relativeWorkdir, untagged, untaggedMeta } from './fixtures.js';

interface Region {
  startLine?: number;
  startColumn?: number;
  endLine?: number;
  endColumn?: number;
  charOffset?: number;
  charLength?: number;
}
interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: string;
  message: { text: string };
  locations: Array<{ physicalLocation: { artifactLocation: { uri: string }; region: Region } }>;
  fixes?: Array<{
    description: { text: string };
    artifactChanges: Array<{
      artifactLocation: { uri: string };
      replacements: Array<{ deletedRegion: Region; insertedContent: { text: string } }>;
    }>;
  }>;
}
interface SarifRule {
  id: string;
  name?: string;
  shortDescription?: { text: string };
  fullDescription?: { text: string };
  helpUri?: string;
  defaultConfiguration?: { level?: string; enabled?: boolean };
}
interface SarifLog {
  version: string;
  $schema: string;
  runs: Array<{
    tool: { driver: { name: string; informationUri: string; version?: string; rules: SarifRule[] } };
    results: SarifResult[];
  }>;
}

describe('sarif', () => {
  const log = JSON.parse(formatters.sarif(RESULTS, { rules: RULES, toolVersion: '1.2.3' })) as SarifLog;
  const run = log.runs[0] as SarifLog['runs'][number];
  const { driver } = run.tool;

  it('is a SARIF 2.1.0 log with one run whose driver is dfkit', () => {
    expect(log.version).toBe('2.1.0');
    expect(log.$schema).toMatch(/sarif-2\.1\.0/);
    expect(log.runs).toHaveLength(1);
    expect(driver.name).toBe('dfkit');
    expect(driver.informationUri).toMatch(/^https:\/\//);
    expect(driver.version).toBe('1.2.3');
  });

  it('describes every rule passed in, with documentation links and default levels', () => {
    const byId = new Map(driver.rules.map((rule) => [rule.id, rule]));
    const workdir = byId.get('DL3000') as SarifRule;
    expect(workdir.name).toBe('absolute-workdir');
    expect(workdir.shortDescription?.text).toBeTruthy();
    expect(workdir.fullDescription?.text).toBeTruthy();
    expect(workdir.helpUri).toBe('https://github.com/dfkit/dfkit/blob/main/docs/rules/absolute-workdir.md');
    expect(workdir.defaultConfiguration).toEqual({ level: 'error' });
    expect(byId.get('DL3006')?.defaultConfiguration).toEqual({ level: 'warning' });
    // A rule that is off by default is listed, disabled.
    expect(byId.get('DL3057')?.defaultConfiguration?.enabled).toBe(false);
    // Codes without metadata still get an entry so every ruleIndex resolves.
    for (const code of ['SC2086', 'DL3059', 'DL1000']) expect(byId.has(code)).toBe(true);
    expect(new Set(driver.rules.map((rule) => rule.id)).size).toBe(driver.rules.length);
  });

  it('writes one result per finding with a valid ruleIndex, mapped level and 1-based region', () => {
    expect(run.results).toHaveLength(5);
    for (const result of run.results) {
      expect(driver.rules[result.ruleIndex]?.id).toBe(result.ruleId);
      expect(['error', 'warning', 'note']).toContain(result.level);
      expect(result.message.text).toBeTruthy();
      const { region } = result.locations[0]?.physicalLocation ?? { region: {} as Region };
      for (const key of ['startLine', 'startColumn', 'endLine', 'endColumn'] as const) {
        expect(region[key]).toBeGreaterThanOrEqual(1);
      }
    }
    expect(run.results.map((result) => result.level)).toEqual(['warning', 'error', 'note', 'note', 'error']);
    expect(run.results[0]?.locations[0]?.physicalLocation.region).toEqual({ startLine: 1, startColumn: 6, endLine: 1, endColumn: 10 });
    expect(run.results[2]?.locations[0]?.physicalLocation.region).toEqual({ startLine: 3, startColumn: 1, endLine: 4, endColumn: 10 });
  });

  it('uses URI references for file names', () => {
    expect(run.results[4]?.locations[0]?.physicalLocation.artifactLocation.uri).toBe('sub%20dir/Dockerfile.dev');
    expect(artifactUri('/abs/a b#c')).toBe('file:///abs/a%20b%23c');
    expect(artifactUri('C:\\work\\Dockerfile')).toBe('file:///C:/work/Dockerfile');
    expect(artifactUri('-')).toBe('-');
  });

  it('attaches fixes as replacements, by line and column when the source is known', () => {
    const withFix = run.results.filter((result) => result.fixes);
    expect(withFix.map((result) => result.ruleId)).toEqual(['DL3000']);
    const fix = withFix[0]?.fixes?.[0];
    expect(fix?.description.text).toBe('Make the path absolute');
    expect(fix?.artifactChanges[0]?.artifactLocation.uri).toBe('Dockerfile');
    expect(fix?.artifactChanges[0]?.replacements).toEqual([
      { deletedRegion: { startLine: 2, startColumn: 9, endLine: 2, endColumn: 12 }, insertedContent: { text: '/app' } },
    ]);
    const bare = JSON.parse(formatters.sarif([{ file: 'Dockerfile', findings: [relativeWorkdir] }])) as SarifLog;
    const start = SOURCE.indexOf('app');
    expect(bare.runs[0]?.results[0]?.fixes?.[0]?.artifactChanges[0]?.replacements[0]?.deletedRegion).toEqual({
      charOffset: start,
      charLength: 3,
    });
  });

  it('works without rule metadata or a version', () => {
    const plain = JSON.parse(formatters.sarif(RESULTS)) as SarifLog;
    expect(plain.runs[0]?.tool.driver.version).toBeUndefined();
    expect(plain.runs[0]?.tool.driver.rules.map((rule) => rule.id)).toEqual(['DL3006', 'DL3000', 'SC2086', 'DL3059', 'DL1000']);
  });
});

interface SonarReport {
  rules: Array<{
    id: string;
    name: string;
    description: string;
    engineId: string;
    cleanCodeAttribute: string;
    impacts: Array<{ softwareQuality: string; severity: string }>;
  }>;
  issues: Array<Record<string, unknown> & {
    ruleId: string;
    primaryLocation: { message: string; filePath: string; textRange: Record<string, number> };
  }>;
}

describe('sonarqube', () => {
  const report = JSON.parse(formatters.sonarqube(RESULTS)) as Pick<SonarReport, 'issues'>;

  it("writes hadolint's shape, which every SonarQube version imports: issues with engine, severity and type", () => {
    expect(Object.keys(report)).toEqual(['issues']);
    expect(report.issues.map((issue) => [issue.ruleId, issue.engineId, issue.severity, issue.type])).toEqual([
      ['DL3006', 'dfkit', 'MAJOR', 'CODE_SMELL'],
      ['DL3000', 'dfkit', 'CRITICAL', 'BUG'],
      ['SC2086', 'dfkit', 'INFO', 'CODE_SMELL'],
      ['DL3059', 'dfkit', 'MINOR', 'CODE_SMELL'],
      ['DL1000', 'dfkit', 'BLOCKER', 'BUG'],
    ]);
    expect(report.issues[1]?.primaryLocation).toEqual({
      message: 'Use absolute WORKDIR',
      filePath: 'Dockerfile',
      textRange: { startLine: 2, endLine: 2, startColumn: 8, endColumn: 11 },
    });
    expect(JSON.parse(formatters.sonarqube([]))).toEqual({ issues: [] });
  });

  it("places a finding on its instruction's first character, never on an empty range, as hadolint does", () => {
    const placed = { ...info, instructionLine: 3 };
    const [issue] = (JSON.parse(formatters.sonarqube([{ file: 'D', findings: [placed] }])) as SonarReport).issues;
    expect(issue?.primaryLocation.textRange).toEqual({ startLine: 3, endLine: 3, startColumn: 0, endColumn: 1 });
    const exact = JSON.parse(formatters.sonarqube([{ file: 'D', findings: [placed] }], { positions: 'exact' })) as SonarReport;
    expect(exact.issues[0]?.primaryLocation.textRange).toEqual({ startLine: 3, endLine: 3, startColumn: 0, endColumn: 3 });
    const lines = new LineTable(SOURCE);
    const empty = JSON.parse(formatters.sonarqube([{ file: 'D', findings: [{ ...untagged, range: lines.range(5, 5) }] }])) as SonarReport;
    expect(empty.issues[0]?.primaryLocation.textRange).toEqual({ startLine: 1, endLine: 1 });
  });

  it('writes the --file-path-in-report path', () => {
    for (const name of ['sonarqube', 'sonarqube_mqr'] as const) {
      const overridden = JSON.parse(formatters[name](RESULTS, { filePathInReport: 'repo/Dockerfile' })) as SonarReport;
      expect(new Set(overridden.issues.map((issue) => issue.primaryLocation.filePath)), name).toEqual(new Set(['repo/Dockerfile']));
    }
  });
});

describe('sonarqube_mqr', () => {
  const report = JSON.parse(formatters.sonarqube_mqr(RESULTS, { rules: RULES })) as SonarReport;

  it("writes Sonar's current generic format: every issue's rule is declared, issues carry no severity or type", () => {
    const ids = report.rules.map((rule) => rule.id);
    expect(ids).toEqual(['DL3006', 'DL3000', 'SC2086', 'DL3059', 'DL1000']);
    for (const rule of report.rules) {
      expect(rule.name).toBeTruthy();
      expect(rule.engineId).toBe('dfkit');
      expect(rule.cleanCodeAttribute).toMatch(/^[A-Z]+$/);
      expect(rule.impacts.length).toBeGreaterThan(0);
      for (const impact of rule.impacts) {
        expect(['MAINTAINABILITY', 'RELIABILITY', 'SECURITY']).toContain(impact.softwareQuality);
        expect(['LOW', 'MEDIUM', 'HIGH']).toContain(impact.severity);
      }
    }
    expect(report.issues).toHaveLength(5);
    for (const issue of report.issues) {
      expect(ids).toContain(issue.ruleId);
      expect(issue).not.toHaveProperty('severity');
      expect(issue).not.toHaveProperty('type');
      expect(issue.primaryLocation.message).toBeTruthy();
      expect(issue.primaryLocation.textRange.startLine).toBeGreaterThanOrEqual(1);
    }
  });

  it('describes rules from metadata and maps severities to impacts', () => {
    const workdir = report.rules.find((rule) => rule.id === 'DL3000');
    expect(workdir?.name).toBe('Use absolute WORKDIR');
    expect(workdir?.description).toContain('docs/rules/absolute-workdir.md');
    expect(workdir?.impacts).toEqual([{ softwareQuality: 'RELIABILITY', severity: 'HIGH' }]);
    expect(report.rules.find((rule) => rule.id === 'SC2086')?.impacts[0]?.severity).toBe('LOW');
  });

  it('writes 0-based columns, and no columns for an empty range', () => {
    expect(report.issues[0]?.primaryLocation.textRange).toEqual({ startLine: 1, endLine: 1, startColumn: 5, endColumn: 9 });
    const lines = new LineTable(SOURCE);
    const empty = JSON.parse(
      formatters.sonarqube_mqr([{ file: 'D', findings: [{ ...untagged, range: lines.range(5, 5) }] }]),
    ) as SonarReport;
    expect(empty.issues[0]?.primaryLocation.textRange).toEqual({ startLine: 1, endLine: 1 });
  });

  it("never writes an empty range for a finding placed on its instruction's line", () => {
    const [issue] = (JSON.parse(formatters.sonarqube_mqr([{ file: 'D', findings: [{ ...info, instructionLine: 3 }] }])) as SonarReport).issues;
    expect(issue?.primaryLocation.textRange).toEqual({ startLine: 3, endLine: 3, startColumn: 0, endColumn: 1 });
  });
});

interface ClimateIssue {
  type: string;
  check_name: string;
  description: string;
  categories: string[];
  location: { path: string; lines: { begin: number; end: number } };
  severity: string;
  fingerprint?: string;
}

describe('codeclimate', () => {
  it('streams one issue object per finding, each followed by a NUL byte', () => {
    const out = formatters.codeclimate(RESULTS);
    expect(out.endsWith('\0')).toBe(true);
    const issues = out
      .split('\0')
      .filter((part) => part !== '')
      .map((part) => JSON.parse(part) as ClimateIssue);
    expect(issues).toHaveLength(5);
    expect(issues[0]).toEqual({
      type: 'issue',
      check_name: 'DL3006',
      description: 'Always tag the version of an image explicitly',
      categories: ['Bug Risk'],
      location: { path: 'Dockerfile', lines: { begin: 1, end: 1 } },
      severity: 'major',
    });
    // hadolint's severity mapping.
    expect(issues.map((issue) => issue.severity)).toEqual(['major', 'blocker', 'minor', 'info', 'blocker']);
    expect(issues[2]?.location.lines).toEqual({ begin: 3, end: 4 });
  });

  it('takes categories from rule metadata and honours --file-path-in-report', () => {
    const rules = new Map([['DL3006', { ...untaggedMeta, category: 'security' as const }]]);
    const issues = formatters
      .codeclimate(RESULTS, { rules, filePathInReport: 'repo/Dockerfile' })
      .split('\0')
      .filter((part) => part !== '')
      .map((part) => JSON.parse(part) as ClimateIssue);
    expect(issues[0]?.categories).toEqual(['Security']);
    expect(issues[1]?.categories).toEqual(['Bug Risk']);
    expect(issues.every((issue) => issue.location.path === 'repo/Dockerfile')).toBe(true);
  });
});

describe('gitlab_codeclimate', () => {
  const parse = (text: string): ClimateIssue[] => JSON.parse(text) as ClimateIssue[];

  it('writes one array of issues with stable, distinct fingerprints', () => {
    const issues = parse(formatters.gitlab_codeclimate(RESULTS));
    expect(issues).toHaveLength(5);
    for (const issue of issues) {
      expect(issue.fingerprint).toMatch(/^[0-9a-f]{40}$/);
      expect(['info', 'minor', 'major', 'critical', 'blocker']).toContain(issue.severity);
      expect(issue.location.lines.begin).toBeGreaterThanOrEqual(1);
    }
    expect(new Set(issues.map((issue) => issue.fingerprint)).size).toBe(5);
    expect(parse(formatters.gitlab_codeclimate(RESULTS))).toEqual(issues);
  });

  it('gives each finding the fingerprint hadolint gives it', () => {
    // Measured with hadolint 2.15.1 (`-f gitlab_codeclimate`) on this file: SHA-1 of the issue as hadolint encodes it.
    const text = 'FROM debian:latest\nMAINTAINER me <me@example.com>\nLABEL a="b" c="d"\nADD file.txt /x\n';
    const findings = lint(text).findings.filter((finding) => /^DL/.test(finding.code));
    const fingerprints = (file: string, options = {}): Record<string, string | undefined> =>
      Object.fromEntries(
        parse(formatters.gitlab_codeclimate([{ file, findings }], options)).map((issue) => [issue.check_name, issue.fingerprint]),
      );
    expect(fingerprints('e.Dockerfile')).toEqual({
      DL3007: 'a4b192b5149f5c797aa5aa5616b9141c1a9dee82',
      DL4000: '04443c2210688d1d448a9d25c3d34fa15eddf39b',
      DL3020: '291401e21e1a05882eaaf87f5cbeffd75bec6265',
    });
    // hadolint's JSON escapes in the path: \u0008 for a backspace, lower-case hex, DEL and non-ASCII as they are.
    expect(fingerprints('w\bx\u007fy\u001bz\u00e9<&>').DL3007).toBe('902e2282ae1a736121ee36704c5965c980b7279b');
    // The report path is what GitLab sees, and exact positions do not move the fingerprint.
    expect(fingerprints('local/e.Dockerfile', { filePathInReport: 'e.Dockerfile', positions: 'exact' })).toEqual(
      fingerprints('e.Dockerfile'),
    );
  });

  it('derives the fingerprint from file, code, line, message and severity', () => {
    const fingerprint = (findings = [untagged], file = 'Dockerfile', options = {}): string | undefined =>
      parse(formatters.gitlab_codeclimate([{ file, findings }], options))[0]?.fingerprint;
    const base = fingerprint();
    expect(base).toMatch(/^[0-9a-f]{40}$/);
    expect(fingerprint([{ ...untagged, severity: 'error' }])).not.toBe(base);
    expect(fingerprint([{ ...untagged, message: 'other' }])).not.toBe(base);
    expect(fingerprint([{ ...untagged, code: 'DL3007' }])).not.toBe(base);
    expect(fingerprint(undefined, 'other/Dockerfile')).not.toBe(base);
    const lines = new LineTable(`\n${SOURCE}`);
    expect(fingerprint([{ ...untagged, range: lines.range(6, 10), instructionLine: 2 }])).not.toBe(base);
  });

  it('keeps identical findings apart', () => {
    const issues = parse(formatters.gitlab_codeclimate([{ file: 'D', findings: [untagged, untagged] }]));
    expect(issues[0]?.fingerprint).not.toBe(issues[1]?.fingerprint);
  });

  it('hashes deterministically', () => {
    expect(stableHash('')).toBe('6c62272e07bb014262b821756295c58d');
    expect(stableHash('a')).toBe(stableHash('a'));
    expect(stableHash('a')).not.toBe(stableHash('b'));
    expect(stableHash('é')).toMatch(/^[0-9a-f]{32}$/);
  });
});
