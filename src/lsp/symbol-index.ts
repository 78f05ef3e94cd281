/**
 * Where stage names and variables are declared and used, for go-to-definition, references, rename, highlights,
 * semantic tokens and completion. Built once per analysed version, from the AST and the instruction text.
 *
 * Variables are matched by name across the whole file: an ARG in a stage re-declares the global ARG of the same
 * name, and build arguments bind every ARG of that name at once, so a rename that kept some of them would change
 * the build. Stage names are matched case-insensitively, as BuildKit lower-cases them.
 */
import { variableReferences } from '../lint/rules/undefined-var.js';
import type { Instruction, Stage } from '../parser/index.js';
import type { Analysis } from './analysis.js';

export interface SymbolOccurrence {
  readonly kind: 'stage' | 'variable';
  /** The name as written at this place. */
  readonly name: string;
  /** What occurrences of one symbol share: the lower-cased stage name, or the variable name. */
  readonly key: string;
  /** Offsets of the name itself (without `$`, braces or `--from=`). */
  readonly start: number;
  readonly end: number;
  /** Set on declarations: the instruction keyword that declares (`ARG`, `ENV`, or `FROM` for a stage). */
  readonly declaredBy: 'ARG' | 'ENV' | 'FROM' | null;
  /** The top-level instruction the occurrence is in. */
  readonly instruction: Instruction;
}

export interface SymbolIndex {
  /** Every occurrence, in source order. */
  readonly occurrences: readonly SymbolOccurrence[];
  /** The occurrence under `offset` (end inclusive), or `null`. */
  at(offset: number): SymbolOccurrence | null;
  /** Every occurrence of the same symbol, declarations included, in source order. */
  occurrencesOf(occurrence: SymbolOccurrence): SymbolOccurrence[];
  /** The declaration an occurrence refers to (itself for a declaration), or `null` (e.g. a predefined ARG). */
  definitionOf(occurrence: SymbolOccurrence): SymbolOccurrence | null;
  /** Stage declarations (`FROM … AS name`), in order. */
  readonly stageDeclarations: readonly SymbolOccurrence[];
}

const PLAIN_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const MOUNT_FROM = /(?:^|[=,])from=([^,\s"']+)/gi;

/** Builds the index of an analysed document. */
export function buildSymbolIndex(analysis: Analysis): SymbolIndex {
  const { ast, text } = analysis;
  const found: SymbolOccurrence[] = [];
  // BuildKit resolves the base of a FROM while it reads the stages in order, so `FROM build` names a stage only
  // when one called so was declared above it (otherwise it is the image `build`); `--from` and a mount's `from=`
  // are resolved once every stage is known, so they may name a stage declared further down.
  const stageNames = new Set<string>();
  const stagesAbove = new Set<string>();
  for (const instruction of ast.instructions) {
    if (instruction.kind === 'FROM' && instruction.stageName) stageNames.add(instruction.stageName.value.toLowerCase());
  }

  const add = (
    kind: SymbolOccurrence['kind'],
    start: number,
    end: number,
    declaredBy: SymbolOccurrence['declaredBy'],
    instruction: Instruction,
  ): void => {
    const name = text.slice(start, end);
    found.push({ kind, name, key: kind === 'stage' ? name.toLowerCase() : name, start, end, declaredBy, instruction });
  };

  const visit = (instruction: Instruction, owner: Instruction): void => {
    if (instruction.kind === 'FROM') {
      const image = instruction.image;
      if (image && stagesAbove.has(image.raw.toLowerCase()) && sourceIs(text, image.range, image.raw)) {
        add('stage', image.range.start.offset, image.range.end.offset, null, owner);
      }
      const name = instruction.stageName;
      if (name) stagesAbove.add(name.value.toLowerCase());
      if (name && sourceIs(text, name.range, name.value)) add('stage', name.range.start.offset, name.range.end.offset, 'FROM', owner);
    } else if (instruction.kind === 'COPY' || instruction.kind === 'ADD') {
      const from = instruction.options.from;
      if (from?.value && from.valueRange && stageNames.has(from.value.toLowerCase()) && sourceIs(text, from.valueRange, from.value)) {
        add('stage', from.valueRange.start.offset, from.valueRange.end.offset, null, owner);
      }
    } else if (instruction.kind === 'RUN') {
      for (const mount of instruction.mounts) {
        if (!mount.from || !stageNames.has(mount.from.toLowerCase())) continue;
        const start = mount.range.start.offset;
        const source = text.slice(start, mount.range.end.offset);
        for (const match of source.matchAll(MOUNT_FROM)) {
          const value = match[1] as string;
          if (value.toLowerCase() !== mount.from.toLowerCase()) continue;
          const valueStart = start + (match.index ?? 0) + match[0].length - value.length;
          add('stage', valueStart, valueStart + value.length, null, owner);
        }
      }
    } else if (instruction.kind === 'ARG') {
      for (const declaration of instruction.declarations) {
        const word = declaration.name;
        if (PLAIN_NAME.test(word.value) && sourceIs(text, word.range, word.value)) {
          add('variable', word.range.start.offset, word.range.end.offset, 'ARG', owner);
        }
      }
    } else if (instruction.kind === 'ENV') {
      for (const pair of instruction.pairs) {
        const word = pair.key;
        if (PLAIN_NAME.test(word.value) && sourceIs(text, word.range, word.value)) {
          add('variable', word.range.start.offset, word.range.end.offset, 'ENV', owner);
        }
      }
    } else if (instruction.kind === 'ONBUILD' && instruction.trigger) {
      visit(instruction.trigger, owner);
    }
  };

  for (const instruction of ast.instructions) {
    visit(instruction, instruction);
    addReferences(instruction);
  }

  function addReferences(instruction: Instruction): void {
    // Everything after the keyword; heredoc bodies the builder and shell leave alone are skipped.
    const start = instruction.keywordRange.end.offset;
    const end = instruction.range.end.offset;
    const literalBodies = instruction.heredocs.filter((heredoc) => !heredoc.expand).map((heredoc) => heredoc.bodyRange);
    const source = text.slice(start, end);
    for (const reference of variableReferences(source, ast.escapeChar)) {
      const braced = source[reference.start + 1] === '{';
      const nameStart = start + reference.start + (braced ? 2 : 1);
      const nameEnd = nameStart + reference.name.length;
      if (!PLAIN_NAME.test(reference.name)) continue;
      if (literalBodies.some((body) => body.start.offset <= nameStart && nameStart < body.end.offset)) continue;
      add('variable', nameStart, nameEnd, null, instruction);
    }
  }

  found.sort((a, b) => a.start - b.start);
  const stageDeclarations = found.filter((occurrence) => occurrence.kind === 'stage' && occurrence.declaredBy === 'FROM');

  const stageOf = (offset: number): Stage | null => {
    let current: Stage | null = null;
    for (const stage of analysis.stages) if (stage.from.range.start.offset <= offset) current = stage;
    return current;
  };
  const inRange = (occurrence: SymbolOccurrence, from: number, to: number): boolean =>
    occurrence.start >= from && occurrence.start < to;

  return {
    occurrences: found,
    stageDeclarations,
    at(offset) {
      let low = 0;
      let high = found.length - 1;
      let candidate: SymbolOccurrence | undefined;
      while (low <= high) {
        const mid = (low + high) >>> 1;
        const occurrence = found[mid] as SymbolOccurrence;
        if (occurrence.start <= offset) {
          candidate = occurrence;
          low = mid + 1;
        } else high = mid - 1;
      }
      return candidate && offset <= candidate.end ? candidate : null;
    },
    occurrencesOf(occurrence) {
      return found.filter((other) => other.kind === occurrence.kind && other.key === occurrence.key);
    },
    definitionOf(occurrence) {
      if (occurrence.declaredBy) return occurrence;
      const declarations = found.filter(
        (other) => other.kind === occurrence.kind && other.key === occurrence.key && other.declaredBy !== null,
      );
      // BuildKit keeps the last stage of a name it has read: all of them for `--from`, those above for FROM.
      if (occurrence.kind === 'stage') {
        const readBefore = occurrence.instruction.kind === 'FROM' ? declarations.filter((other) => other.start < occurrence.start) : declarations;
        return readBefore.at(-1) ?? null;
      }
      // What BuildKit expands the reference with. A FROM, and the global section, see the global ARGs only. In a
      // stage an ENV wins over an ARG of the same name, and ENV carries over to the stages built on it (`FROM
      // <stage>`), ARG does not: an ARG counts only when the reference's own stage declares it. A reference inside
      // an ENV/ARG refers to what was declared before that instruction.
      const before = declarations.filter((other) => other.instruction.range.start.offset < occurrence.instruction.range.start.offset);
      const firstFrom = analysis.stages[0]?.from.range.start.offset ?? Infinity;
      const stage = occurrence.instruction.kind === 'FROM' ? null : stageOf(occurrence.start);
      if (!stage) return before.filter((other) => other.start < firstFrom && other.declaredBy === 'ARG').at(-1) ?? null;
      const declaredIn = (candidate: Stage): SymbolOccurrence[] =>
        before.filter((other) => inRange(other, candidate.from.range.start.offset, candidate.range.end.offset + 1));
      const own = declaredIn(stage);
      const ancestors = (analysis.scope.stages[stage.index]?.ancestors ?? []).map((ancestor) => declaredIn(ancestor.stage));
      for (const declared of [own, ...ancestors]) {
        const env = declared.filter((other) => other.declaredBy === 'ENV').at(-1);
        if (env) return env;
      }
      return own.filter((other) => other.declaredBy === 'ARG').at(-1) ?? null;
    },
  };
}

/** Whether the source text under `range` is exactly `value` (no quotes, escapes or continuations in between). */
function sourceIs(text: string, range: { start: { offset: number }; end: { offset: number } }, value: string): boolean {
  return text.slice(range.start.offset, range.end.offset) === value;
}
