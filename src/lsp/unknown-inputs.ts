/**
 * What an ENV's value reads that the server cannot know. A variable that no ARG or ENV of the file sets where
 * the ENV stands comes from the base image (`ENV PATH=/x:$PATH`); the linter's scope expands it to nothing, as
 * BuildKit expands an unset variable, so the value it holds (`/x:`) is not the one the build will see.
 */
import type { Instruction, KeyValuePair } from '../parser/index.js';
import type { Analysis } from './analysis.js';
import type { SymbolOccurrence } from './symbol-index.js';

export interface UnresolvedValue {
  /** The value as written. */
  readonly raw: string;
  /** The variables it reads, directly or through other ENVs, whose values only the base image knows. */
  readonly unknown: readonly string[];
}

/** The value an ENV declaration sets, when it depends on what the base image sets; `null` otherwise. */
export function unresolvedValue(analysis: Analysis, declaration: SymbolOccurrence): UnresolvedValue | null {
  const pair = envPairOf(declaration);
  if (!pair) return null;
  const unknown = [...unknownInputs(analysis, declaration, new Set())];
  return unknown.length > 0 ? { raw: pair.value.value, unknown } : null;
}

function unknownInputs(analysis: Analysis, declaration: SymbolOccurrence, seen: Set<SymbolOccurrence>): Set<string> {
  const found = new Set<string>();
  const pair = envPairOf(declaration);
  if (!pair || seen.has(declaration)) return found;
  seen.add(declaration);
  const scope = analysis.scope.scopeOf(declaration.instruction);
  const read = analysis.symbols.occurrences.filter(
    (occurrence) => occurrence.kind === 'variable' && occurrence.declaredBy === null && occurrence.start >= pair.value.range.start.offset && occurrence.end <= pair.value.range.end.offset,
  );
  for (const reference of read) {
    if (!scope.env.has(reference.name) && !scope.args.has(reference.name)) {
      found.add(reference.name);
      continue;
    }
    // Set by an ENV of the file, which may itself read what the base image sets.
    const source = analysis.symbols.definitionOf(reference);
    if (source?.declaredBy === 'ENV') for (const name of unknownInputs(analysis, source, seen)) found.add(name);
  }
  return found;
}

/** The `key=value` pair an ENV declaration occurrence names (in an ONBUILD's trigger too). */
function envPairOf(declaration: SymbolOccurrence): KeyValuePair | null {
  if (declaration.declaredBy !== 'ENV') return null;
  const instruction: Instruction | null = declaration.instruction.kind === 'ONBUILD' ? declaration.instruction.trigger : declaration.instruction;
  if (instruction?.kind !== 'ENV') return null;
  return instruction.pairs.find((pair) => pair.key.range.start.offset === declaration.start) ?? null;
}
