import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/lsp/analysis.js';
import { foldingRanges } from '../../src/lsp/folding.js';
import { SAMPLE } from './fixture.js';

describe('foldingRanges', () => {
  it('folds stages, continued instructions, heredoc bodies and comment blocks', () => {
    expect(foldingRanges(analyze(SAMPLE))).toEqual([
      { startLine: 2, endLine: 11, kind: 'region' },
      { startLine: 4, endLine: 5 },
      { startLine: 7, endLine: 8 },
      { startLine: 9, endLine: 11 },
      { startLine: 13, endLine: 14, kind: 'region' },
      { startLine: 16, endLine: 17, kind: 'comment' },
      { startLine: 18, endLine: 20, kind: 'region' },
    ]);
  });

  it('folds nothing in a one-line file', () => {
    expect(foldingRanges(analyze('FROM alpine\n'))).toEqual([]);
  });
});
