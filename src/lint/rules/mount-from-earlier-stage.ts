import type { RuleModule } from '../types.js';
import { firstStageNamed } from '../stage-names.js';

/** `RUN --mount=from=<stage>` must name a stage defined before the current one. */
export const mountFromEarlierStage: RuleModule = {
  meta: {
    id: 'mount-from-earlier-stage',
    severity: 'error',
    category: 'correctness',
    locality: 'stage',
    docs: {
      summary: '`RUN --mount=from=` must name an earlier stage',
      description:
        'Flags a `RUN --mount` whose `from=` names the stage the RUN is in or a stage defined further down ' +
        '(stage names compare case-insensitively). A `from=` that names no stage is an image and is not judged.',
      rationale:
        'BuildKit refuses a mount from the current stage ("circular dependency detected") and, in current ' +
        'versions, from a later stage ("stage needs to be defined before current command"). Docker 20.10\'s ' +
        'BuildKit instead mounted the later stage\'s base image without any of its instructions, so the files ' +
        'the RUN expects are silently missing. `COPY --from` has the same checks under `copy-from-known-stage` ' +
        'and `copy-from-other-stage`.',
      example: 'FROM golang:1.22 AS app\nRUN --mount=from=tools,target=/tools /tools/gen\nFROM golang:1.22 AS tools\nRUN go build -o /gen ./cmd/gen',
      useInstead:
        'FROM golang:1.22 AS tools\nRUN go build -o /gen ./cmd/gen\nFROM golang:1.22 AS app\nRUN --mount=from=tools,target=/tools /tools/gen',
    },
  },
  create(context) {
    return {
      RUN(node, scope) {
        // A trigger's stage names belong to the downstream Dockerfile.
        const current = scope.stage;
        if (scope.inOnbuild || !current || node.mounts.length === 0) return;
        for (const mount of node.mounts) {
          const from = mount.from?.toLowerCase();
          if (!from) continue;
          const named = firstStageNamed(context.stages, from);
          if (named < current.index || named === Infinity) continue;
          context.report({
            message:
              named === current.index
                ? `\`RUN --mount\` cannot mount from the stage it is in (\`${mount.from}\`)`
                : `\`RUN --mount\` mounts from stage \`${mount.from}\`, which is defined further down: define it before this stage`,
            range: mount.range,
          });
        }
      },
    };
  },
};
