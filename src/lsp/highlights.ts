/** Document highlights: the other occurrences of the stage or variable under the cursor; declarations are writes. */
import { DocumentHighlightKind, type DocumentHighlight, type Position } from 'vscode-languageserver';
import type { Analysis } from './analysis.js';
import { offsetAt, rangeAt } from './positions.js';

export function documentHighlights(analysis: Analysis, position: Position): DocumentHighlight[] {
  const occurrence = analysis.symbols.at(offsetAt(analysis.lines, position));
  if (!occurrence) return [];
  return analysis.symbols.occurrencesOf(occurrence).map((other) => ({
    range: rangeAt(analysis.lines, other.start, other.end),
    kind: other.declaredBy ? DocumentHighlightKind.Write : DocumentHighlightKind.Read,
  }));
}
