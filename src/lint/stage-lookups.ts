/**
 * Questions about "the rest of the stage" asked from many places in it, answered from tables made once per stage:
 * the next RUN, the next instruction a test holds for, and where a variable is used, declared or set. Asked by
 * walking the rest of the stage each time, a stage of thousands of such places took the square of its length.
 */
import type { Instruction } from '../parser/index.js';
import { countAtMost } from './rising.js';

/** `$NAME` and `${NAME…}` references as written (a name is the longest run of identifier characters). */
const VARIABLE = /\$\{?([A-Za-z_][A-Za-z0-9_]*)/g;
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Whether `instruction`'s text refers to the variable `name` (`$name`, `${name}`, `${name:-x}`…). */
export function usesVariable(instruction: Instruction, name: string): boolean {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`\\$\\{?${escaped}(?![A-Za-z0-9_])`).test(instruction.raw);
}

/** Whether `instruction` declares or sets the variable `name` (an ARG of it, an ENV pair). */
export function defines(instruction: Instruction, name: string): boolean {
  if (instruction.kind === 'ARG') return instruction.declarations.some((declaration) => declaration.name.value === name);
  if (instruction.kind === 'ENV') return instruction.pairs.some((pair) => pair.key.value === name);
  return false;
}

/** The names the ARG instructions among `instructions` declare, in order. */
export function declaredArgNames(instructions: readonly Instruction[]): string[] {
  const names: string[] = [];
  for (const instruction of instructions) {
    if (instruction.kind === 'ARG') for (const declaration of instruction.declarations) names.push(declaration.name.value);
  }
  return names;
}

const NONE: readonly number[] = [];

/** The first of the rising `positions` after `after` and before `before`, or -1. */
export function firstBetween(positions: readonly number[], after: number, before = Infinity): number {
  const found = positions[countAtMost(positions, after)];
  return found !== undefined && found < before ? found : -1;
}

/** Lookups over one stage's instructions, by position in the stage. Each table is made when first needed. */
export class StageLookups {
  #runs: number[] | null = null;
  #references: Map<string, number[]> | null = null;
  #definitions: Map<string, number[]> | null = null;
  readonly #byName = new Map<string, number[]>();

  constructor(readonly instructions: readonly Instruction[]) {}

  /** The position of the first RUN after `position`, or -1. */
  nextRun(position: number): number {
    this.#runs ??= this.positionsWhere((instruction) => instruction.kind === 'RUN');
    return firstBetween(this.#runs, position);
  }

  /** The positions (rising) of the instructions whose text refers to `name`. */
  uses(name: string): readonly number[] {
    if (!IDENTIFIER.test(name)) {
      // Not a name a reference can spell as an identifier: each instruction is asked, once for the name.
      let found = this.#byName.get(name);
      if (!found) this.#byName.set(name, (found = this.positionsWhere((instruction) => usesVariable(instruction, name))));
      return found;
    }
    this.#references ??= this.positionsByKey(function* (instruction) {
      if (!instruction.raw.includes('$')) return;
      for (const match of instruction.raw.matchAll(VARIABLE)) yield match[1] as string;
    });
    return this.#references.get(name) ?? NONE;
  }

  /** The positions (rising) of the ARGs that declare `name` and the ENVs that set it. */
  definitions(name: string): readonly number[] {
    this.#definitions ??= this.positionsByKey(function* (instruction) {
      if (instruction.kind === 'ARG') for (const declaration of instruction.declarations) yield declaration.name.value;
      if (instruction.kind === 'ENV') for (const pair of instruction.pairs) yield pair.key.value;
    });
    return this.#definitions.get(name) ?? NONE;
  }

  /** For each key `keysOf` gives an instruction, the positions (rising, each once) of the instructions giving it. */
  positionsByKey(keysOf: (instruction: Instruction) => Iterable<string>): Map<string, number[]> {
    const byKey = new Map<string, number[]>();
    this.instructions.forEach((instruction, position) => {
      for (const key of keysOf(instruction)) {
        const list = byKey.get(key);
        if (!list) byKey.set(key, [position]);
        else if (list[list.length - 1] !== position) list.push(position);
      }
    });
    return byKey;
  }

  /** The positions (rising) of the instructions `test` holds for. */
  positionsWhere(test: (instruction: Instruction) => boolean): number[] {
    const positions: number[] = [];
    this.instructions.forEach((instruction, position) => {
      if (test(instruction)) positions.push(position);
    });
    return positions;
  }
}
