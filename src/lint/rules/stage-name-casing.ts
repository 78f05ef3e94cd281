import type { Instruction, Range } from '../../parser/index.js';
import { firstStageNamed } from '../stage-names.js';
import type { RuleModule, StageInfo, TextEdit } from '../types.js';

/** The edit that lower-cases `range` when its source text is exactly `expected` (compared case-insensitively). */
function lowerEdit(text: string, range: Range, expected: string): TextEdit | null {
  const start = range.start.offset;
  const end = range.end.offset;
  const source = text.slice(start, end);
  if (source.toLowerCase() !== expected || source === expected) return null;
  return { start, end, text: expected };
}

function isEdit(edit: TextEdit | null): edit is TextEdit {
  return edit !== null;
}

/** Edits for `from=<name>` inside a `--mount` flag value written without quotes. */
function mountFromEdits(text: string, range: Range, name: string): TextEdit[] {
  const start = range.start.offset;
  const source = text.slice(start, range.end.offset);
  if (/["'\n]/.test(source)) return [];
  const edits: TextEdit[] = [];
  let offset = 0;
  for (const field of source.split(',')) {
    const equals = field.indexOf('=');
    if (equals > 0 && field.slice(0, equals).trim().toLowerCase() === 'from') {
      const value = field.slice(equals + 1);
      if (value.toLowerCase() === name && value !== name) {
        edits.push({ start: start + offset + equals + 1, end: start + offset + field.length, text: name });
      }
    }
    offset += field.length + 1;
  }
  return edits;
}

/** StageNameCasing: a stage name with upper-case letters. */
export const stageNameCasing: RuleModule = {
  meta: {
    id: 'stage-name-casing',
    buildkit: 'StageNameCasing',
    severity: 'warning',
    category: 'style',
    fixable: 'safe',
    docs: {
      summary: 'Stage names should be lowercase',
      description: 'Flags a stage name (`FROM image AS name`) that contains upper-case letters.',
      rationale:
        'The builder compares stage names without regard to case, so `Build`, `build` and `BUILD` are one stage. ' +
        'Writing them in lower case everywhere avoids the impression that they differ, and keeps them apart from ' +
        'image names, which must be lower case.',
      example: 'FROM golang:1.22 AS Build\nFROM alpine\nCOPY --from=Build /out /app',
      useInstead: 'FROM golang:1.22 AS build\nFROM alpine\nCOPY --from=build /out /app',
      fixSafety:
        'The name and the references to it (`FROM`, `COPY --from`, `RUN --mount=from=`) are lower-cased. Stage ' +
        'names, `--target` and references are all matched case-insensitively by the builder, so the build is ' +
        'unchanged.',
    },
  },
  create(context) {
    const text = context.text;
    // Built on the first finding: one pass over the file finds every place that names a stage.
    let references: Map<string, Array<(name: string) => TextEdit[]>> | undefined;
    const referencesTo = (): Map<string, Array<(name: string) => TextEdit[]>> => {
      if (references) return references;
      const found = new Map<string, Array<(name: string) => TextEdit[]>>();
      const add = (key: string, edits: (name: string) => TextEdit[]): void => {
        const list = found.get(key);
        if (list) list.push(edits);
        else found.set(key, [edits]);
      };
      const visit = (instruction: Instruction): void => {
        if (instruction.kind === 'COPY' || instruction.kind === 'ADD') {
          const from = instruction.options.from;
          const range = from?.valueRange;
          if (range && from?.value) add(from.value.toLowerCase(), (name) => [lowerEdit(text, range, name)].filter(isEdit));
        } else if (instruction.kind === 'RUN') {
          for (const flag of instruction.flags) {
            const range = flag.valueRange;
            if (flag.name !== 'mount' || !range) continue;
            for (const mount of instruction.mounts) {
              if (mount.from && mount.range.start.offset === flag.range.start.offset) {
                add(mount.from.toLowerCase(), (name) => mountFromEdits(text, range, name));
              }
            }
          }
        }
      };
      for (const info of context.stages) {
        const image = info.stage.from.image;
        if (info.parent && image && !image.hasVariables) {
          const range = image.range;
          add(`#${info.parent.index}`, (name) => [lowerEdit(text, range, name)].filter(isEdit));
        }
        for (const instruction of info.stage.instructions) visit(instruction);
      }
      references = found;
      return found;
    };
    const referenceEdits = (info: StageInfo, name: string): TextEdit[] => {
      const map = referencesTo();
      // References by name go with the first stage of that name only: with many stages of one name, each
      // one's fix renamed every reference, which made the fixes the square of the file.
      const byName = firstStageNamed(context.stages, name) === info.index ? (map.get(name) ?? []) : [];
      return [...(map.get(`#${info.index}`) ?? []), ...byName].flatMap((edits) => edits(name));
    };
    return {
      Stage(info, from) {
        const word = from.stageName;
        if (!word || word.value === word.value.toLowerCase()) return;
        const name = word.value.toLowerCase();
        context.report({
          message: `Stage name '${word.value}' should be lowercase`,
          range: word.range,
          fix: {
            description: `Rename the stage to '${name}'`,
            edits: [{ start: word.range.start.offset, end: word.range.end.offset, text: name }, ...referenceEdits(info, name)],
          },
        });
      },
    };
  },
};
