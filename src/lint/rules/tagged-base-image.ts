import { expandWord, parseImageReference, type ImageReference } from '../../parser/index.js';
import { PLATFORM_ARGS } from '../scope.js';
import type { RuleContext, RuleModule } from '../types.js';

/** An image reference split into its parts, as {@link parseImageReference} reads it. */
export type ResolvedImage = ReturnType<typeof parseImageReference>;

/**
 * The variables FROM can use: BuildKit's platform ARGs and the ARGs declared before the first FROM, with
 * `--build-arg` values taking precedence over defaults. An ARG with neither has no value.
 */
function globalArgValues(context: RuleContext): Record<string, string> {
  const values: Record<string, string> = { ...PLATFORM_ARGS };
  const { buildArgs } = context.settings;
  for (const instruction of context.ast.instructions) {
    if (instruction.kind === 'FROM') break;
    if (instruction.kind !== 'ARG') continue;
    for (const declaration of instruction.declarations) {
      const name = declaration.name.value;
      const given = buildArgs[name];
      if (given !== undefined) {
        values[name] = given;
      } else if (declaration.defaultValue) {
        const expanded = expandWord(declaration.defaultValue.value, values, { escapeChar: context.ast.escapeChar });
        if (expanded.ok) values[name] = expanded.value;
      }
    }
  }
  return values;
}

/**
 * The image a FROM pulls by default. Variables are replaced by the global ARG values; when one of them has no
 * value the image is only known at build time and the result is `null`, as it is for an empty result.
 */
export function resolveFromImage(context: RuleContext, image: ImageReference): ResolvedImage | null {
  if (!image.hasVariables) return parseImageReference(image.raw);
  const expanded = expandWord(image.raw, globalArgValues(context), { escapeChar: context.ast.escapeChar });
  if (!expanded.ok || expanded.unmatched.size > 0 || expanded.value === '') return null;
  return parseImageReference(expanded.value);
}

/** DL3006: a base image must name a tag or a digest. */
export const taggedBaseImage: RuleModule = {
  meta: {
    id: 'tagged-base-image',
    hadolint: 'DL3006',
    severity: 'warning',
    category: 'reproducibility',
    locality: 'stage',
    docs: {
      summary: 'Always tag the version of an image explicitly',
      description:
        'Flags a `FROM` whose image has neither a tag nor a digest. `scratch` and earlier stages of the same ' +
        'Dockerfile are exempt. An image written with variables is judged after substituting the global ARG ' +
        'defaults (and `--build-arg` values); when a variable has no value the image is left alone.',
      rationale:
        'Without a tag the builder pulls `latest`, which moves whenever the publisher pushes a new release. ' +
        'The same Dockerfile then builds different images on different days, and a major-version change of ' +
        'the base can break the build or the application without any change in the repository.',
      example: 'FROM debian\nRUN apt-get update',
      useInstead: 'FROM debian:12.5\nRUN apt-get update',
    },
  },
  create(context) {
    return {
      FROM(node, scope) {
        // FROM is not allowed as a trigger; its own rule reports that.
        if (scope.inOnbuild || !node.image) return;
        if (scope.stage?.parent) return;
        const image = resolveFromImage(context, node.image);
        if (!image || image.tag !== null || image.digest !== null) return;
        if (image.registry === null && image.repository === 'scratch') return;
        context.report({ message: 'Always tag the version of an image explicitly', range: node.image.range });
      },
    };
  },
};
