/**
 * Rename of stage names and ARGs (and the ENV variables of the same name, which the same references read).
 * BuildKit's own names cannot be renamed: the automatic platform ARGs and the other predefined ARGs mean
 * something to the builder only under their names.
 */
import { ResponseError, ErrorCodes, type Position, type Range, type WorkspaceEdit } from 'vscode-languageserver';
import { PREDEFINED_ARGS } from '../lint/scope.js';
import type { Analysis } from './analysis.js';
import { offsetAt, rangeAt } from './positions.js';
import { stageReferences } from './stage-references.js';
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
    const unsafe = stageRenameProblem(analysis, occurrence, newName.toLowerCase());
    if (unsafe) return new ResponseError(ErrorCodes.InvalidParams, unsafe);
  } else {
    if (!VARIABLE_NAME.test(newName)) return new ResponseError(ErrorCodes.InvalidParams, `'${newName}' is not a valid variable name`);
    if (BUILDER_ARGS.has(newName)) return new ResponseError(ErrorCodes.InvalidParams, `'${newName}' is a name the builder predefines`);
    const clash = variableClash(analysis, occurrence, newName);
    if (clash) return new ResponseError(ErrorCodes.InvalidParams, clash);
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

/**
 * Why renaming the stage of `occurrence` to `newKey` (lower-cased) would change what some reference names, or
 * `null`. A reference written with variables that comes to the old name cannot be rewritten in place (the
 * variable may hold other values, naming other stages), so the rename is refused rather than leaving it
 * behind; and a reference that names an image called `newKey` would become a reference to the stage: a FROM
 * below the stage's declaration (a FROM sees only stages above it), or any `--from`/`from=`.
 */
function stageRenameProblem(analysis: Analysis, occurrence: SymbolOccurrence, newKey: string): string | null {
  if (newKey === occurrence.key) return null;
  const declaredAt = analysis.symbols.stageDeclarations.find((declaration) => declaration.key === occurrence.key)?.start ?? 0;
  const line = (instruction: { range: { start: { offset: number } } }): number => analysis.lines.lineOf(instruction.range.start.offset) + 1;
  for (const reference of stageReferences(analysis)) {
    const seesStage = !reference.inFrom || reference.instruction.range.start.offset > declaredAt;
    if (!seesStage) continue;
    if (reference.expands && reference.name === occurrence.key) {
      return `line ${line(reference.instruction)} names this stage through variables ('${reference.raw}'): rename it by hand`;
    }
    if (reference.name === newKey) {
      const how = reference.expands ? ` ('${reference.raw}')` : '';
      return `line ${line(reference.instruction)} names the image '${newKey}'${how}: renaming the stage to it would make that line use the stage`;
    }
  }
  return null;
}

/**
 * Why `newName` cannot be given to the variable of `occurrence`, or `null`. A name the file already declares or
 * reads would make the renamed references read the other variable (an ENV wins over an ARG of its name, a later
 * ARG overrides), and build arguments would bind both at once: the two would merge without a word.
 */
function variableClash(analysis: Analysis, occurrence: SymbolOccurrence, newName: string): string | null {
  if (newName === occurrence.key) return null;
  const same = analysis.symbols.occurrences.filter((other) => other.kind === 'variable' && other.key === newName);
  const declared = same.find((other) => other.declaredBy !== null);
  const line = (other: SymbolOccurrence): number => analysis.lines.lineOf(other.start) + 1;
  if (declared) return `a variable named '${newName}' already exists (${declared.declaredBy ?? ''} on line ${line(declared)})`;
  const read = same[0];
  if (read) return `'$${newName}' is already read on line ${line(read)} (its value may come from the base image): renaming to it would merge the two`;
  return null;
}
