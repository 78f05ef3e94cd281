/** Go to definition: from a stage reference to its `FROM … AS`, from `$VAR` to the ARG or ENV it reads. */
import type { Location, Position } from 'vscode-languageserver';
import type { Analysis } from './analysis.js';
import { offsetAt, rangeAt } from './positions.js';

export function definition(analysis: Analysis, uri: string, position: Position): Location | null {
  const occurrence = analysis.symbols.at(offsetAt(analysis.lines, position));
  if (!occurrence) return null;
  const target = analysis.symbols.definitionOf(occurrence);
  return target ? { uri, range: rangeAt(analysis.lines, target.start, target.end) } : null;
}
