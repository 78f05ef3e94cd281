import { describe, expect, it } from 'vitest';
import { DiagnosticSeverity } from 'vscode-languageserver';
import { analyze } from '../../src/lsp/analysis.js';
import { toDiagnostics } from '../../src/lsp/diagnostics.js';

/** The diagnostics of a text, converted afresh. */
const diagnosticsOf = (text: string) => {
  const analysis = analyze(text);
  return toDiagnostics(analysis.lint.findings, analysis.lines);
};

describe('toDiagnostics', () => {
  it('maps findings with exact ranges, severities, codes and rule links', () => {
    const diagnostics = diagnosticsOf('FROM ubuntu:22.04\nWORKDIR app\nrun echo\n');
    const workdir = diagnostics.find((d) => d.code === 'DL3000');
    expect(workdir).toMatchObject({
      range: { start: { line: 1, character: 8 }, end: { line: 1, character: 11 } },
      severity: DiagnosticSeverity.Error,
      source: 'dfkit',
      message: 'Use absolute WORKDIR',
      codeDescription: { href: 'https://github.com/dfkit/dfkit/blob/main/docs/rules/absolute-workdir.md' },
    });
    expect(diagnostics.find((d) => d.code === 'ConsistentInstructionCasing')?.severity).toBe(DiagnosticSeverity.Warning);
  });

  it('reports parse errors as DL1000 without a rule link', () => {
    const diagnostics = diagnosticsOf('FROM alpine\nCOPY <<EOF\n');
    const parseError = diagnostics.find((d) => d.code === 'DL1000');
    expect(parseError).toBeDefined();
    expect(parseError?.codeDescription).toBeUndefined();
  });

  it('maps style findings to hints', () => {
    const diagnostics = diagnosticsOf('FROM debian:12\nRUN apt-get update && apt-get install -y --no-install-recommends curl=7 && rm -rf /var/lib/apt/lists/*\n');
    const style = diagnostics.find((d) => d.code === 'package-cache-mount');
    expect(style?.severity).toBe(DiagnosticSeverity.Hint);
  });

  it('hands back the diagnostics of the last version that are unchanged, and equals a fresh conversion', () => {
    const first = analyze('FROM ubuntu:22.04\nWORKDIR app\nrun echo\nRUN apt-get install curl\nWORKDIR lib\n');
    const previous = toDiagnostics(first.lint.findings, first.lines);
    expect(previous).toEqual(toDiagnostics(first.lint.findings, first.lines, []));
    // The edit on the second line moves nothing: only what is about that line changes.
    const second = analyze('FROM ubuntu:22.04\nWORKDIR /app\nrun echo\nRUN apt-get install curl\nWORKDIR lib\n');
    const next = toDiagnostics(second.lint.findings, second.lines, previous);
    expect(next).toEqual(toDiagnostics(second.lint.findings, second.lines));
    const kept = next.filter((diagnostic) => previous.includes(diagnostic));
    expect(kept.length).toBeGreaterThan(0);
    expect(kept.every((diagnostic) => diagnostic.range.start.line !== 1)).toBe(true);
    expect(next.filter((diagnostic) => !previous.includes(diagnostic))).toEqual([]);
    // A line added above moves every later diagnostic: none is the same.
    const third = analyze('FROM ubuntu:22.04\n\nWORKDIR /app\nrun echo\nRUN apt-get install curl\nWORKDIR lib\n');
    const moved = toDiagnostics(third.lint.findings, third.lines, next);
    expect(moved).toEqual(toDiagnostics(third.lint.findings, third.lines));
    expect(moved.filter((diagnostic) => next.includes(diagnostic) && diagnostic.range.start.line > 0)).toEqual([]);
  });
});
