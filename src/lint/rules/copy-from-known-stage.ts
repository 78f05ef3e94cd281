import { firstStageNamed } from '../stage-names.js';
import type { RuleModule } from '../types.js';

/** DL3022: COPY --from must name an earlier stage (or an image). */
export const copyFromKnownStage: RuleModule = {
  meta: {
    id: 'copy-from-known-stage',
    hadolint: 'DL3022',
    severity: 'warning',
    category: 'correctness',
    locality: 'stage',
    docs: {
      summary: 'COPY --from should reference a previously defined FROM alias',
      description:
        'Flags `COPY --from=<name>` when the name is not the alias of an earlier stage, not the index of an ' +
        'earlier stage, and not an image reference with a tag or digest (containing `:`). Values with ' +
        'variables are only known at build time and are not judged; copying from the current stage is ' +
        'reported by `copy-from-other-stage` instead.',
      rationale:
        'A name that is not a stage is taken as an image to pull. A misspelt stage name therefore turns into ' +
        'a pull of an unrelated, unpinned image from Docker Hub, or a confusing registry error. A stage ' +
        'defined further down fails the build: current BuildKit refuses it, Docker 20.10\'s BuildKit copied ' +
        'from that stage\'s base image without its instructions, and the classic builder pulls an image of ' +
        'that name. `RUN --mount=from=` has the same check under `mount-from-earlier-stage`.',
      example: 'FROM golang:1.22 AS build\nRUN go build -o /app\nFROM alpine:3.19\nCOPY --from=biuld /app /app',
      useInstead: 'FROM golang:1.22 AS build\nRUN go build -o /app\nFROM alpine:3.19\nCOPY --from=build /app /app',
    },
  },
  create(context) {
    return {
      COPY(node, scope) {
        // A trigger's stage names belong to the downstream Dockerfile.
        if (scope.inOnbuild) return;
        const flag = node.options.from;
        const reference = flag?.value;
        if (!flag || !reference || reference.includes('$') || reference.includes(':')) return;
        // Stages up to and including the current one; the current one is another rule's finding.
        const known = scope.stage ? scope.stage.index + 1 : 0;
        if (/^[0-9]+$/.test(reference)) {
          if (Number(reference) < known) return;
        } else if (firstStageNamed(context.stages, reference.toLowerCase()) < known) {
          return;
        }
        context.report({
          message: '`COPY --from` should reference a previously defined `FROM` alias',
          range: flag.valueRange ?? flag.range,
        });
      },
    };
  },
};
