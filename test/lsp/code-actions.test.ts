import { describe, expect, it } from 'vitest';
import { lint } from '../../src/lint/index.js';
import { analyze } from '../../src/lsp/analysis.js';
import { codeActions, FIX_ALL_KIND } from '../../src/lsp/code-actions.js';
import { applyTextEdits } from './protocol-client.js';

const uri = 'file:///w/Dockerfile';
const relint = (text: string) => lint(text).findings;

function actionsAt(text: string, line: number, only?: string[]) {
  const analysis = analyze(text);
  const range = { start: { line, character: 0 }, end: { line, character: 200 } };
  return { analysis, actions: codeActions(analysis, { uri, range, relint, ...(only ? { only } : {}) }) };
}

function apply(text: string, action: { edit?: { changes?: Record<string, { range: never; newText: string }[]> } } | undefined): string {
  return applyTextEdits(text, action?.edit?.changes?.[uri] ?? []);
}

describe('codeActions', () => {
  it('offers linter fixes with their safety, safe ones preferred', () => {
    const text = 'FROM alpine:3\nMAINTAINER me\nCMD echo hi\n';
    const safe = actionsAt(text, 1).actions.find((a) => a.title.startsWith('Replace MAINTAINER'));
    expect(safe).toMatchObject({ kind: 'quickfix', isPreferred: true, title: expect.stringContaining('(safe fix)') });
    expect(safe?.diagnostics?.[0]?.code).toBe('DL4000');
    expect(lint(apply(text, safe as never)).findings.map((f) => f.code)).not.toContain('DL4000');
    const unsafe = actionsAt(text, 2).actions.find((a) => a.title.startsWith('Write CMD in exec form'));
    expect(unsafe).toMatchObject({ isPreferred: false, title: expect.stringContaining('unsafe fix') });
  });

  it('inserts a hadolint ignore pragma above the instruction, keeping its indentation', () => {
    const text = 'FROM alpine:3\n  WORKDIR app\n';
    const action = actionsAt(text, 1).actions.find((a) => a.title === 'Ignore DL3000 for this line (# hadolint ignore)');
    const fixed = apply(text, action as never);
    expect(fixed).toBe('FROM alpine:3\n  # hadolint ignore=DL3000\n  WORKDIR app\n');
    expect(lint(fixed).findings.map((f) => f.code)).not.toContain('DL3000');
  });

  it('merges into an existing pragma line, before its reason', () => {
    const text = 'FROM alpine:3\n# hadolint ignore=DL3003 # because\nWORKDIR app\n';
    const action = actionsAt(text, 2).actions.find((a) => a.title.startsWith('Ignore DL3000 for this line'));
    const fixed = apply(text, action as never);
    expect(fixed).toBe('FROM alpine:3\n# hadolint ignore=DL3003,DL3000 # because\nWORKDIR app\n');
    expect(lint(fixed).findings.map((f) => f.code)).not.toContain('DL3000');
  });

  it('merges only into a pragma on the line right above, the only one hadolint reads', () => {
    const text = 'FROM alpine:3\n# hadolint ignore=DL3003\n# the reason\nWORKDIR app\n';
    const action = actionsAt(text, 3).actions.find((a) => a.title.startsWith('Ignore DL3000 for this line'));
    const fixed = apply(text, action as never);
    expect(fixed).toBe('FROM alpine:3\n# hadolint ignore=DL3003\n# the reason\n# hadolint ignore=DL3000\nWORKDIR app\n');
    expect(lint(fixed).findings.map((f) => f.code)).not.toContain('DL3000');
  });

  it('adds a global pragma after the parser directives, or merges into one', () => {
    const text = '# syntax=docker/dockerfile:1\nFROM alpine:3\nWORKDIR app\nWORKDIR b\n';
    const action = actionsAt(text, 2).actions.find((a) => a.title === 'Ignore DL3000 for this file (# hadolint global ignore)');
    const fixed = apply(text, action as never);
    expect(fixed).toBe('# syntax=docker/dockerfile:1\n# hadolint global ignore=DL3000\nFROM alpine:3\nWORKDIR app\nWORKDIR b\n');
    const analysis = analyze(fixed);
    expect(analysis.lint.findings.map((f) => f.code)).not.toContain('DL3000');
    expect(analysis.ast.directives.map((d) => d.name)).toEqual(['syntax']);

    const merged = apply('# hadolint global ignore=DL3003\nFROM alpine:3\nWORKDIR app\n', actionsAt('# hadolint global ignore=DL3003\nFROM alpine:3\nWORKDIR app\n', 2).actions.find((a) => a.title.startsWith('Ignore DL3000 for this file')) as never);
    expect(merged.split('\n')[0]).toBe('# hadolint global ignore=DL3003,DL3000');
  });

  it('uses dfkit-ignore comments for codes hadolint pragmas cannot hold', () => {
    const text = 'FROM alpine:3\nrun echo\n';
    const { actions } = actionsAt(text, 1);
    const line = actions.find((a) => a.title === 'Ignore ConsistentInstructionCasing for this line (# dfkit-ignore)');
    const fixedLine = apply(text, line as never);
    expect(fixedLine).toBe('FROM alpine:3\n# dfkit-ignore ConsistentInstructionCasing\nrun echo\n');
    expect(lint(fixedLine).findings.map((f) => f.code)).not.toContain('ConsistentInstructionCasing');
    const file = actions.find((a) => a.title === 'Ignore ConsistentInstructionCasing for this file (# dfkit-ignore-file)');
    expect(lint(apply(text, file as never)).findings.map((f) => f.code)).not.toContain('ConsistentInstructionCasing');
  });

  it('fixes every safe problem at once, as lint --fix does', () => {
    const text = 'FROM alpine:3\nMAINTAINER me\nrun apt-get install -y jq\n';
    const { actions } = actionsAt(text, 0, [FIX_ALL_KIND]);
    expect(actions.map((a) => a.kind)).toEqual([FIX_ALL_KIND]);
    const fixed = apply(text, actions[0] as never);
    const remaining = lint(fixed).findings;
    expect(remaining.some((f) => f.fix?.safety === 'safe')).toBe(false);
    expect(fixed).toBe('FROM alpine:3\nLABEL org.opencontainers.image.authors="me"\nRUN apt-get install --no-install-recommends -y jq\n');
  });

  it('offers nothing for parse errors, and respects `only`', () => {
    expect(actionsAt('FROM alpine\nCOPY <<EOF\n', 1).actions.filter((a) => a.diagnostics?.[0]?.code === 'DL1000')).toEqual([]);
    expect(actionsAt('FROM alpine:3\nWORKDIR app\n', 1, [FIX_ALL_KIND]).actions).toEqual([]);
  });
});
