/**
 * Document symbols: each stage (named by its `AS` name, else its index) with its instructions as children;
 * ARG and ENV instructions list the variables they declare. Instructions before the first FROM are top level.
 */
import { SymbolKind, type DocumentSymbol } from 'vscode-languageserver';
import type { Instruction } from '../parser/index.js';
import type { Analysis } from './analysis.js';
import { toLspRange } from './positions.js';
import type { ProtocolLines } from './protocol-lines.js';

const KIND_OF: Readonly<Record<string, SymbolKind>> = {
  ARG: SymbolKind.Variable,
  ENV: SymbolKind.Variable,
  LABEL: SymbolKind.Property,
  EXPOSE: SymbolKind.Number,
  COPY: SymbolKind.File,
  ADD: SymbolKind.File,
  RUN: SymbolKind.Function,
  CMD: SymbolKind.Event,
  ENTRYPOINT: SymbolKind.Event,
  HEALTHCHECK: SymbolKind.Event,
};

/** The hierarchical symbols of a document. */
export function documentSymbols(analysis: Analysis): DocumentSymbol[] {
  const { lines } = analysis;
  const symbols: DocumentSymbol[] = [];
  for (const instruction of analysis.ast.instructions) {
    if (instruction.kind === 'FROM') break;
    symbols.push(instructionSymbol(lines, instruction));
  }
  for (const stage of analysis.stages) {
    const from = stage.from;
    symbols.push({
      name: stage.name ?? `stage ${stage.index}`,
      detail: `FROM ${from.image?.raw ?? ''}`.trim(),
      kind: SymbolKind.Module,
      range: toLspRange(lines, stage.range),
      selectionRange: toLspRange(lines, from.stageName?.range ?? from.keywordRange),
      children: stage.instructions.map((instruction) => instructionSymbol(lines, instruction)),
    });
  }
  return symbols;
}

function instructionSymbol(lines: ProtocolLines, instruction: Instruction): DocumentSymbol {
  const summary = instruction.original.slice(instruction.keyword.length).trim().replace(/\s+/g, ' ');
  const children: DocumentSymbol[] = [];
  if (instruction.kind === 'ARG') {
    for (const declaration of instruction.declarations) {
      // `ARG =x` declares nothing, and a symbol without a name makes VS Code reject the whole outline.
      if (declaration.name.value === '') continue;
      children.push({
        name: declaration.name.value,
        ...(declaration.defaultValue ? { detail: declaration.defaultValue.value } : {}),
        kind: SymbolKind.Variable,
        range: toLspRange(lines, declaration.range),
        selectionRange: toLspRange(lines, declaration.name.range),
      });
    }
  } else if (instruction.kind === 'ENV') {
    for (const pair of instruction.pairs) {
      if (pair.key.value === '') continue;
      children.push({ name: pair.key.value, detail: pair.value.value, kind: SymbolKind.Variable, range: toLspRange(lines, pair.range), selectionRange: toLspRange(lines, pair.key.range) });
    }
  }
  return {
    name: instruction.name,
    detail: summary.length > 60 ? `${summary.slice(0, 59)}…` : summary,
    kind: KIND_OF[instruction.name] ?? SymbolKind.Key,
    range: toLspRange(lines, instruction.range),
    selectionRange: toLspRange(lines, instruction.keywordRange),
    ...(children.length > 0 ? { children } : {}),
  };
}
