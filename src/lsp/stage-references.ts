/**
 * Every place that may name a stage, as written: the base of a FROM, `COPY/ADD --from=` and a mount's `from=`,
 * and what it names once its variables are expanded. The symbol index holds only the literal references it can
 * rename in place; a rename also has to know the references written with variables (moby's
 * `FROM delve-${DELVE_SUPPORTED}`) and the image names a new stage name would take over.
 */
import { PLATFORM_ARGS } from '../lint/scope.js';
import { expandWord, type Instruction } from '../parser/index.js';
import type { Analysis } from './analysis.js';

export interface StageReference {
  /** The top-level instruction holding it (an ONBUILD for its trigger). */
  readonly instruction: Instruction;
  /** Whether it is a FROM's base, which can only name a stage declared above it. */
  readonly inFrom: boolean;
  /** The reference as written. */
  readonly raw: string;
  /** Whether `raw` holds a variable. */
  readonly expands: boolean;
  /** The lower-cased name it comes to with the values the server knows, or `null` when it cannot be expanded. */
  readonly name: string | null;
}

/**
 * The stage references of a document, in source order. Variables are expanded with the global ARGs' defaults
 * (and any `--build-arg` the settings give) and the automatic platform ARGs, which is all a FROM can see; a
 * `--from` or `from=` is expanded the same way, its stage's own ARGs and ENV left out (a conservative reading: a
 * rename is refused only on the values known here).
 */
export function stageReferences(analysis: Analysis): StageReference[] {
  const env = new Map<string, string>(Object.entries(PLATFORM_ARGS));
  for (const [name, value] of analysis.scope.globalArgs) if (value !== undefined) env.set(name, value);
  const references: StageReference[] = [];
  const add = (instruction: Instruction, inFrom: boolean, raw: string): void => {
    const expanded = expandWord(raw, env, { escapeChar: analysis.ast.escapeChar });
    references.push({ instruction, inFrom, raw, expands: raw.includes('$'), name: expanded.ok ? expanded.value.toLowerCase() : null });
  };
  const visit = (instruction: Instruction, owner: Instruction): void => {
    if (instruction.kind === 'FROM' && instruction.image) {
      add(owner, true, instruction.image.raw);
    } else if ((instruction.kind === 'COPY' || instruction.kind === 'ADD') && instruction.options.from?.value) {
      add(owner, false, instruction.options.from.value);
    } else if (instruction.kind === 'RUN') {
      for (const mount of instruction.mounts) if (mount.from) add(owner, false, mount.from);
    } else if (instruction.kind === 'ONBUILD' && instruction.trigger) {
      visit(instruction.trigger, owner);
    }
  };
  for (const instruction of analysis.ast.instructions) visit(instruction, instruction);
  return references;
}
