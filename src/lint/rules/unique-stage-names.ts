import type { RuleModule } from '../types.js';

/** DL3024: stage names must be unique. */
export const uniqueStageNames: RuleModule = {
  meta: {
    id: 'unique-stage-names',
    hadolint: 'DL3024',
    buildkit: 'DuplicateStageName',
    severity: 'error',
    category: 'correctness',
    docs: {
      summary: 'FROM aliases (stage names) must be unique',
      description:
        'Flags a `FROM … AS <name>` whose name was already used by an earlier stage. Names are compared ' +
        'case-insensitively, as the builder does.',
      rationale:
        'References to a stage name (`COPY --from`, `FROM <name>`, `--target`) can only reach one stage. With ' +
        'duplicates the builder silently picks one of them (BuildKit takes the last), so the other stage can ' +
        'never be referenced by name and edits to it have no visible effect.',
      example: 'FROM node:20 AS build\nRUN npm ci\nFROM golang:1.22 AS build\nRUN go build ./...',
      useInstead: 'FROM node:20 AS web\nRUN npm ci\nFROM golang:1.22 AS server\nRUN go build ./...',
    },
  },
  create(context) {
    const seen = new Set<string>();
    return {
      FROM(node, scope) {
        const name = node.stageName;
        if (scope.inOnbuild || !name) return;
        const key = name.value.toLowerCase();
        if (seen.has(key)) {
          context.report({ message: 'FROM aliases (stage names) must be unique', range: name.range });
        }
        seen.add(key);
      },
    };
  },
};
