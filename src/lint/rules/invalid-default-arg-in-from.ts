import { expandWord, parseImageReference } from '../../parser/index.js';
import { MORE_PREDEFINED_ARGS, PLATFORM_ARGS } from '../scope.js';
import type { RuleModule } from '../types.js';

/** InvalidDefaultArgInFrom: with only the ARG defaults, a FROM names no valid image. */
export const invalidDefaultArgInFrom: RuleModule = {
  meta: {
    id: 'invalid-default-arg-in-from',
    buildkit: 'InvalidDefaultArgInFrom',
    severity: 'warning',
    category: 'correctness',
    docs: {
      summary: 'Global ARG defaults should give FROM a valid image name',
      description:
        'Expands each `FROM` image that uses variables with the defaults of the global ARGs (ignoring any ' +
        '`--build-arg`) and flags it when the result is empty or not a valid image reference. FROM lines without ' +
        'variables are left to the checks for invalid references.',
      rationale:
        'A build should work without `--build-arg`. An ARG without a default (or with one that leaves a dangling ' +
        '`:`) makes the plain `docker build .` fail with an obscure reference error.',
      example: 'ARG TAG\nFROM alpine:${TAG}',
      useInstead: 'ARG TAG=3.20\nFROM alpine:${TAG}',
    },
  },
  create(context) {
    return {
      Dockerfile(ast) {
        const stages = context.stages;
        // Most files name their base images without variables: then there is nothing to expand.
        if (!stages.some((info) => info.stage.from.image?.hasVariables)) return;
        const lastName = stages[stages.length - 1]?.stage.name;
        const env = new Map<string, string>(Object.entries(PLATFORM_ARGS));
        for (const name of MORE_PREDEFINED_ARGS) env.set(name, '');
        env.set('TARGETSTAGE', lastName ? lastName.toLowerCase() : 'default');
        for (const instruction of ast.instructions) {
          if (instruction.kind === 'FROM') break;
          if (instruction.kind !== 'ARG') continue;
          for (const declaration of instruction.declarations) {
            if (!declaration.defaultValue) continue;
            const value = expandWord(declaration.defaultValue.value, env, { escapeChar: ast.escapeChar });
            // The builder stops with an error here, which other checks report.
            if (!value.ok) return;
            env.set(declaration.name.value, value.value);
          }
        }
        const names = new Set<string>();
        for (const info of stages) {
          const image = info.stage.from.image;
          if (image?.hasVariables) {
            const result = expandWord(image.raw, env, { escapeChar: ast.escapeChar });
            if (result.ok) {
              const name = result.value;
              const valid = name !== '' && (names.has(name.toLowerCase()) || parseImageReference(name).valid);
              if (!valid) {
                context.report({
                  message: `Default value for ARG ${image.raw} results in empty or invalid base image name`,
                  range: image.range,
                });
              }
            }
          }
          if (info.name) names.add(info.name);
        }
      },
    };
  },
};
