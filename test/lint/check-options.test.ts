/**
 * BuildKit's check options as the engine reads them: the `# check=` directive or, replacing it, the
 * `BUILDKIT_DOCKERFILE_CHECK` build argument; `skip` for the checks that are not experimental, `experimental` to
 * opt in to the ones that are.
 */
import { describe, expect, it } from 'vitest';
import { lint, type LintOptions } from '../../src/lint/index.js';

const codes = (text: string, options: LintOptions = {}): string[] => lint(text, options).findings.map((finding) => finding.code);

const DESCRIBED = 'FROM alpine:3.19 AS base\n# not the name\nARG version=1\nRUN echo $version\n';

describe('check options', () => {
  it('turn an experimental check on where the file opts in to it, or to all of them', () => {
    expect(codes(DESCRIBED)).not.toContain('InvalidDefinitionDescription');
    for (const header of ['# check=experimental=InvalidDefinitionDescription\n', '# check=experimental=all\n']) {
      const findings = lint(header + DESCRIBED).findings.filter((finding) => finding.code === 'InvalidDefinitionDescription');
      expect(findings).toHaveLength(1);
      expect(findings[0]?.severity).toBe('warning');
      expect(findings[0]?.range.start.line).toBe(2); // the comment (0-based line 2)
    }
  });

  it('leave an experimental check the configuration sets, off included, as configured', () => {
    const text = '# check=experimental=InvalidDefinitionDescription\n' + DESCRIBED;
    expect(codes(text, { severities: { 'invalid-definition-description': 'ignore' } })).not.toContain('InvalidDefinitionDescription');
    const raised = lint(text, { severities: { InvalidDefinitionDescription: 'error' } }).findings;
    expect(raised.find((finding) => finding.code === 'InvalidDefinitionDescription')?.severity).toBe('error');
  });

  it('do not skip an experimental check they opt in to, as BuildKit does not', () => {
    const text = `${DESCRIBED}from alpine:3.19 AS other\n`;
    expect(codes(text)).toContain('ConsistentInstructionCasing');
    expect(codes(`# check=skip=all\n${text}`)).not.toContain('ConsistentInstructionCasing');
    const optedIn = codes(`# check=skip=all;experimental=InvalidDefinitionDescription\n${text}`);
    expect(optedIn).toContain('InvalidDefinitionDescription');
    expect(optedIn).not.toContain('ConsistentInstructionCasing');
    expect(codes(`# check=skip=InvalidDefinitionDescription;experimental=all\n${text}`)).toContain('InvalidDefinitionDescription');
  });

  it('come from the BUILDKIT_DOCKERFILE_CHECK build argument instead of the directive when it is given', () => {
    const text = '# check=skip=ConsistentInstructionCasing\nFROM alpine:3.19 as base\nfrom base\n';
    expect(codes(text)).toEqual(['FromAsCasing']);
    const fromArgument = (value: string) => codes(text, { settings: { buildArgs: { BUILDKIT_DOCKERFILE_CHECK: value } } });
    expect(fromArgument('skip=FromAsCasing')).toEqual(['ConsistentInstructionCasing']);
    expect(fromArgument('skip=all')).toEqual([]);
    expect(fromArgument('')).toEqual(['FromAsCasing', 'ConsistentInstructionCasing']);
    expect(codes('FROM alpine:3.19 AS base\n# not the name\nARG version=1\n', { settings: { buildArgs: { BUILDKIT_DOCKERFILE_CHECK: 'experimental=all' } } })).toContain(
      'InvalidDefinitionDescription',
    );
  });

  it('above an instruction skip checks for it alone', () => {
    const settings = { dockerignoreText: 'a\nb\n' };
    const text = 'FROM alpine:3.19\n# check=skip=CopyIgnoredFile\nCOPY a /\nCOPY b /\n';
    expect(lint(text, { settings }).findings.filter((f) => f.code === 'CopyIgnoredFile').map((f) => f.range.start.line)).toEqual([3]);
    expect(lint(`# check=skip=CopyIgnoredFile\n${text}`, { settings }).findings.filter((f) => f.code === 'CopyIgnoredFile')).toEqual([]);
  });
});
