/** Find references: every use of a stage name or variable (declarations included when asked). */
import type { Location, Position } from 'vscode-languageserver';
import type { Analysis } from './analysis.js';
import { offsetAt, rangeAt } from './positions.js';

export function references(analysis: Analysis, uri: string, position: Position, includeDeclaration: boolean): Location[] {
  const occurrence = analysis.symbols.at(offsetAt(analysis.lines, position));
  if (!occurrence) return [];
  return analysis.symbols
    .occurrencesOf(occurrence)
    .filter((other) => includeDeclaration || other.declaredBy === null)
    .map((other) => ({ uri, range: rangeAt(analysis.lines, other.start, other.end) }));
}
