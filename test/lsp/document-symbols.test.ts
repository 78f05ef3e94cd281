import { describe, expect, it } from 'vitest';
import { SymbolKind, type DocumentSymbol } from 'vscode-languageserver';
import { analyze } from '../../src/lsp/analysis.js';
import { documentSymbols } from '../../src/lsp/document-symbols.js';
import { SAMPLE } from './fixture.js';

describe('documentSymbols', () => {
  it('lists global instructions, then stages with their instructions', () => {
    const symbols = documentSymbols(analyze(SAMPLE));
    expect(symbols.map((s) => [s.name, s.kind, s.detail])).toEqual([
      ['ARG', SymbolKind.Variable, 'BASE=node:20'],
      ['build', SymbolKind.Module, 'FROM $BASE'],
      ['test', SymbolKind.Module, 'FROM build'],
      ['stage 2', SymbolKind.Module, 'FROM alpine:3.19'],
    ]);
    const build = symbols[1];
    expect(build?.range).toEqual({ start: { line: 2, character: 0 }, end: { line: 11, character: 3 } });
    expect(build?.selectionRange).toEqual({ start: { line: 2, character: 14 }, end: { line: 2, character: 19 } });
    expect(build?.children?.map((c) => c.name)).toEqual(['ARG', 'ENV', 'WORKDIR', 'RUN', 'COPY']);
    expect(build?.children?.[1]?.children?.map((c) => [c.name, c.detail])).toEqual([['APP_HOME', '/app'], ['MODE', 'prod']]);
  });

  it('leaves out declarations without a name, which editors reject', () => {
    const names = (symbols: readonly DocumentSymbol[]): string[] => symbols.flatMap((s) => [s.name, ...names(s.children ?? [])]);
    const symbols = documentSymbols(analyze('ARG =x\nARG G=1\nFROM alpine\nENV =true A=1\nARG =y\nRUN echo $\n'));
    expect(names(symbols)).toEqual(['ARG', 'ARG', 'G', 'stage 0', 'ENV', 'A', 'ARG', 'RUN']);
  });
});
