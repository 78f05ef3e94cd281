/**
 * Rename of stage names and ARGs (and the ENV variables of the same name, which the same references read).
 * BuildKit's own names cannot be renamed: the automatic platform ARGs and the other predefined ARGs mean
 * something to the builder only under their names.
 */
import { ResponseError, ErrorCodes, type Position, type Range, type WorkspaceEdit } from 'vscode-languageserver';
import { PREDEFINED_ARGS } from '../lint/scope.js';
import type { Analysis } from './analysis.js';
import { offsetAt, rangeAt } from './positions.js';
import type { SymbolOccurrence } from './symbol-index.js';

/** BuildKit's stage name syntax (it lower-cases the name first). */
const STAGE_NAME = /^[a-z][a-z0-9._-]*$/i;
const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** Proxy and other ARGs the builder knows by name, besides the platform ARGs. */
const BUILDER_ARGS = new Set([...PREDEFINED_ARGS, 'HTTP_PROXY', 'HTTPS_PROXY', 'FTP_PROXY', 'NO_PROXY', 'ALL_PROXY', 'http_proxy', 'https_proxy', 'ftp_proxy', 'no_proxy', 'all_proxy']);

/** What can be renamed at a position: the name's range and text, or an error saying why not. */
export function prepareRename(analysis: Analysis, position: Position): { range: Range; placeholder: string } | ResponseError<void> {
  const occurrence = renameable(analysis, position);
  if (typeof occurrence === 'string') return new ResponseError(ErrorCodes.InvalidRequest, occurrence);
  return { range: rangeAt(analysis.lines, occurrence.start, occurrence.end), placeholder: occurrence.name };
}

/** The edit renaming the symbol at a position, or an error. */
export function rename(analysis: Analysis, uri: string, position: Position, newName: string): WorkspaceEdit | ResponseError<void> {
  const occurrence = renameable(analysis, position);
  if (typeof occurrence === 'string') return new ResponseError(ErrorCodes.InvalidRequest, occurrence);
  if (occurrence.kind === 'stage') {
    if (!STAGE_NAME.test(newName)) return new ResponseError(ErrorCodes.InvalidParams, `'${newName}' is not a valid stage name (a letter, then letters, digits, '.', '_' or '-')`);
    const clash = analysis.symbols.stageDeclarations.find((d) => d.key === newName.toLowerCase() && d.key !== occurrence.key);
    if (clash) return new ResponseError(ErrorCodes.InvalidParams, `a stage named '${clash.name}' already exists (line ${analysis.lines.lineOf(clash.instruction.range.start.offset) + 1})`);
  } else {
    if (!VARIABLE_NAME.test(newName)) return new ResponseError(ErrorCodes.InvalidParams, `'${newName}' is not a valid variable name`);
    if (BUILDER_ARGS.has(newName)) return new ResponseError(ErrorCodes.InvalidParams, `'${newName}' is a name the builder predefines`);
  }
  const edits = analysis.symbols.occurrencesOf(occurrence).map((other) => ({ range: rangeAt(analysis.lines, other.start, other.end), newText: newName }));
  return { changes: { [uri]: edits } };
}

function renameable(analysis: Analysis, position: Position): SymbolOccurrence | string {
  const occurrence = analysis.symbols.at(offsetAt(analysis.lines, position));
  if (!occurrence) return 'Only stage names and ARG/ENV variables can be renamed.';
  const occurrences = analysis.symbols.occurrencesOf(occurrence);
  if (occurrence.kind === 'variable') {
    if (BUILDER_ARGS.has(occurrence.name)) return `'${occurrence.name}' is predefined by the builder and cannot be renamed.`;
    if (!occurrences.some((other) => other.declaredBy === 'ARG')) return `'${occurrence.name}' is not declared by an ARG in this file.`;
  }
  return occurrence;
}
