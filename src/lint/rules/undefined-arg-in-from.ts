import { expandWord, type FromInstruction, type Range } from '../../parser/index.js';
import { suggest } from '../../parser/suggest.js';
import { indexFor, type NameIndex } from '../name-index.js';
import type { RuleModule } from '../types.js';
import { PREDEFINED_ARGS } from '../scope.js';
import { rangeMaker, referenceRange, type CheckedText } from './undefined-var.js';

/** UndefinedArgInFrom: FROM uses a variable that no global ARG declares. */
export const undefinedArgInFrom: RuleModule = {
  meta: {
    id: 'undefined-arg-in-from',
    buildkit: 'UndefinedArgInFrom',
    severity: 'warning',
    category: 'correctness',
    locality: 'stage',
    docs: {
      summary: 'FROM should only use declared ARGs',
      description:
        'Flags a `$VAR` in the image or `--platform` of a `FROM` that is neither an `ARG` declared before the first ' +
        '`FROM` nor one of the platform ARGs the builder predefines (`BUILDPLATFORM`, `TARGETARCH`…). A name within ' +
        'two edits of a known one gets a "did you mean" hint, which catches misspelt predefined ARGs too.',
      rationale:
        'FROM only sees global ARGs. An undeclared one expands to an empty string, so the stage silently builds on ' +
        'another tag than intended, or the build fails with an error about an empty or invalid name.',
      example: 'FROM --platform=$BULIDPLATFORM golang:1.22',
      useInstead: 'FROM --platform=$BUILDPLATFORM golang:1.22',
    },
  },
  create(context) {
    const makeRange = rangeMaker(context);
    const declared: string[] = [];
    for (const instruction of context.ast.instructions) {
      if (instruction.kind === 'FROM') break;
      if (instruction.kind === 'ARG') for (const d of instruction.declarations) declared.push(d.name.value);
    }
    // A declaration without a default still counts: only the name matters here, not its value. Made when a
    // FROM first holds a variable (most never do).
    let candidates: string[] = [];
    let env: Map<string, string> | null = null;
    // Thousands of global ARGs and as many FROMs naming undefined ones would square a scan per report.
    let index: NameIndex | null | undefined;
    let places: Map<string, number> | null = null;
    const hintFor = (name: string): string | null => {
      if (index === undefined) index = indexFor(new Set(candidates));
      if (index === null) return suggest(name, candidates);
      const placeOf = (places ??= new Map(candidates.map((candidate, at) => [candidate, at])));
      return index.closest(name, (candidate) => placeOf.get(candidate) ?? null);
    };

    const check = (text: CheckedText): void => {
      if (!text.value.includes('$')) return;
      if (env === null) {
        candidates = [...new Set([...declared, ...PREDEFINED_ARGS])];
        env = new Map(candidates.map((name) => [name, '']));
      }
      const result = expandWord(text.value, env, { escapeChar: context.ast.escapeChar });
      if (!result.ok) return;
      for (const name of result.unmatched) {
        const hint = hintFor(name);
        context.report({
          message: `FROM argument '${name}' is not declared${hint === null ? '' : ` (did you mean ${hint}?)`}`,
          range: referenceRange(context, makeRange, text, name),
        });
      }
    };

    return {
      FROM(node: FromInstruction) {
        if (node.image) check({ value: node.image.raw, range: node.image.range });
        const platform = node.platform;
        if (platform?.value != null && platform.valueRange) {
          const range: Range = platform.valueRange;
          check({ value: platform.value, range });
        }
      },
    };
  },
};
