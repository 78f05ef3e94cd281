import type { RuleModule } from '../types.js';

/** DL3023: COPY --from must not name the stage it is in. */
export const copyFromOtherStage: RuleModule = {
  meta: {
    id: 'copy-from-other-stage',
    hadolint: 'DL3023',
    severity: 'error',
    category: 'correctness',
    locality: 'stage',
    docs: {
      summary: 'COPY --from cannot reference its own FROM alias',
      description:
        'Flags `COPY --from=<stage>` inside the stage it names, by alias or by index.',
      rationale:
        'A stage cannot copy from itself: its files are already there, and the builder rejects the ' +
        'circular dependency. It is usually a wrong stage name after copying a block between stages.',
      example: 'FROM node:20 AS build\nRUN npm run build\nCOPY --from=build /src/dist /app',
      useInstead:
        'FROM node:20 AS build\nRUN npm run build\nFROM nginx:1.25\nCOPY --from=build /src/dist /usr/share/nginx/html',
    },
  },
  create(context) {
    return {
      COPY(node, scope) {
        // A trigger runs in a downstream build, whose stages are not these.
        const current = scope.stage;
        if (scope.inOnbuild || !current) return;
        const flag = node.options.from;
        const reference = flag?.value;
        if (!flag || !reference) return;
        const own = /^[0-9]+$/.test(reference)
          ? Number(reference) === current.index
          : current.name !== null && reference.toLowerCase() === current.name;
        if (!own) return;
        context.report({
          message: '`COPY --from` cannot reference its own `FROM` alias',
          range: flag.valueRange ?? flag.range,
        });
      },
    };
  },
};
