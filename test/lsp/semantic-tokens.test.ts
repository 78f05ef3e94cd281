import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/lsp/analysis.js';
import { documentTokens, LEGEND, semanticTokens, TOKEN_TYPES } from '../../src/lsp/semantic-tokens.js';
import { SAMPLE } from './fixture.js';

const analysis = analyze(SAMPLE);
const tokens = documentTokens(analysis).map((t) => [SAMPLE.slice(t.start, t.end), t.type, ...(t.modifiers ?? [])]);

describe('semantic tokens', () => {
  it('classifies keywords, flags, strings, variables, comments, directives and stage names', () => {
    expect(tokens).toEqual(
      expect.arrayContaining([
        ['syntax', 'macro'],
        ['docker/dockerfile:1', 'string'],
        ['FROM', 'keyword'],
        ['AS', 'keyword'],
        ['build', 'namespace', 'declaration'],
        ['BASE', 'variable', 'declaration'],
        ['BASE', 'variable'],
        ['--mount', 'parameter'],
        ['type=cache,target=/root/.npm', 'string'],
        ['VERSION', 'variable'],
        ['<<EOF', 'keyword'],
        ['value=$', 'string'],
        ['MODE', 'variable'],
        ['# two comment', 'comment'],
        ['alpine:3.19', 'type'],
        ['test', 'namespace'],
      ]),
    );
  });

  it('never overlaps, and encodes one token per line', () => {
    const sorted = documentTokens(analysis);
    for (let i = 1; i < sorted.length; i++) expect(sorted[i]!.start).toBeGreaterThanOrEqual(sorted[i - 1]!.end);
    const { data } = semanticTokens(analysis);
    expect(data.length % 5).toBe(0);
    // The first token: `syntax` on line 0, character 2, length 6, a macro.
    expect(data.slice(0, 5)).toEqual([0, 2, 6, TOKEN_TYPES.indexOf('macro'), 0]);
    expect(LEGEND.tokenTypes).toEqual([...TOKEN_TYPES]);
  });

  it('answers a range with exactly the full answer\'s tokens on the lines it covers', () => {
    /** Decoded [line, character, length, type, modifiers] tuples. */
    const decode = (data: readonly number[]): number[][] => {
      const out: number[][] = [];
      let line = 0;
      let character = 0;
      for (let i = 0; i < data.length; i += 5) {
        const [dl, dc, length, type, modifiers] = data.slice(i, i + 5) as [number, number, number, number, number];
        line += dl;
        character = dl === 0 ? character + dc : dc;
        out.push([line, character, length, type, modifiers]);
      }
      return out;
    };
    const full = decode(semanticTokens(analysis).data);
    const lineCount = SAMPLE.split('\n').length;
    for (const [start, end] of [[0, 0], [2, 5], [4, lineCount], [lineCount + 3, lineCount + 9]] as const) {
      const ranged = decode(semanticTokens(analysis, { start: { line: start }, end: { line: end } }).data);
      expect(ranged).toEqual(full.filter(([line]) => (line as number) >= start && (line as number) <= end));
    }
    expect(full.length).toBeGreaterThan(10);
  });

  it('splits a multi-line heredoc body per line', () => {
    const text = 'FROM alpine\nRUN <<EOF\necho a\necho b\nEOF\n';
    const { data } = semanticTokens(analyze(text));
    const strings: number[][] = [];
    let line = 0;
    for (let i = 0; i < data.length; i += 5) {
      line += data[i] as number;
      if (data[i + 3] === TOKEN_TYPES.indexOf('string')) strings.push([line, data[i + 2] as number]);
    }
    expect(strings).toEqual([[2, 6], [3, 6]]);
  });

  it('marks MAINTAINER deprecated', () => {
    expect(documentTokens(analyze('FROM a\nMAINTAINER me\n')).find((t) => t.type === 'keyword' && t.start === 7)?.modifiers).toEqual(['deprecated']);
  });
});
