import { parseImageReference } from '../../parser/index.js';
import { firstStageNamed } from '../stage-names.js';
import type { RuleModule } from '../types.js';

/** A literal FROM name must be an earlier stage, `scratch` or a valid image reference. */
export const validBaseImageName: RuleModule = {
  meta: {
    id: 'valid-base-image-name',
    severity: 'error',
    category: 'correctness',
    locality: 'stage',
    docs: {
      summary: 'FROM must name an earlier stage, `scratch` or a valid image reference',
      description:
        'Flags a `FROM` whose image, written without variables, is neither the name of an earlier stage nor ' +
        'a valid image reference: upper-case letters in the repository (`Ubuntu:22.04`, `Scratch`), a bad tag ' +
        'or digest, stray characters. A name that matches an earlier stage only in another letter case ' +
        '(`FROM Build` after `AS build`) is flagged too. Names with variables are left to ' +
        '`InvalidDefaultArgInFrom`.',
      rationale:
        'BuildKit reads the base name of every stage before it builds anything, needed or not, and fails ' +
        'the whole build on one it cannot parse ("failed to parse stage name … invalid reference format"). ' +
        'It looks stage names up as written among the lower-cased stage names, so `FROM Build` is taken for ' +
        'an image called `Build`, which is invalid; the classic builder ignores the case there, so such a ' +
        'file builds with one builder and not the other.',
      example: 'FROM golang:1.22 AS build\nRUN go build -o /app\nFROM Build AS test\nRUN /app --self-test',
      useInstead: 'FROM golang:1.22 AS build\nRUN go build -o /app\nFROM build AS test\nRUN /app --self-test',
    },
  },
  create(context) {
    const namesEarlierStage = (name: string, current: number): boolean => firstStageNamed(context.stages, name) < current;
    return {
      FROM(node, scope) {
        const image = node.image;
        if (scope.inOnbuild || !image || image.hasVariables || image.raw === 'scratch') return;
        const text = image.raw;
        const current = scope.stage?.index ?? 0;
        if (namesEarlierStage(text, current)) return;
        const parsed = parseImageReference(text);
        if (parsed.valid) return;
        const lower = text.toLowerCase();
        const sameButCase = namesEarlierStage(lower, current);
        const reason = parsed.reason ?? 'invalid reference format';
        context.report({
          message: sameButCase
            ? `\`${text}\` is not stage \`${lower}\` to BuildKit, which matches stage names in lower case; it is read as an image name and the build fails (${reason})`
            : `\`${text}\` is not a valid image name: ${reason}; the build fails`,
          range: image.range,
        });
      },
    };
  },
};
