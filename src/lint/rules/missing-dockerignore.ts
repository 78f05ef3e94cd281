import type { AddInstruction, CopyInstruction, CopySource } from '../../parser/index.js';
import type { LintSettings, RuleModule } from '../types.js';

/**
 * Whether the build context has a `.dockerignore`. The linter cannot see the context, so the caller says:
 * the CLI sets `dockerignore` in the settings from the directory it lints in; without it the rule is silent.
 */
function contextHasNoDockerignore(settings: LintSettings): boolean {
  return (settings as { readonly dockerignore?: 'present' | 'absent' }).dockerignore === 'absent';
}

/** `.`, `./` and `*` name everything at the top of the context (Go's `*` matches dot files too). */
const WHOLE_CONTEXT = /^(?:\.\/?|\.\/\*|\*)$/;

function wholeContextSource(node: CopyInstruction | AddInstruction): CopySource | null {
  if (node.options.from) return null;
  return node.sources.find((source) => !source.heredoc && WHOLE_CONTEXT.test(source.value.replace(/^["']|["']$/g, ''))) ?? null;
}

export const missingDockerignore: RuleModule = {
  meta: {
    id: 'missing-dockerignore',
    severity: 'warning',
    category: 'cache',
    locality: 'stage',
    citesLines: true,
    docs: {
      summary: 'Copying the whole build context without a .dockerignore',
      description:
        'Flags `COPY . …`, `ADD . …` (also `./` and `*`) when the build context has no `.dockerignore`. The ' +
        'linter does not read the context itself: the CLI tells it whether a `.dockerignore` is there (the ' +
        '`dockerignore` setting, `present` or `absent`), and without that information the rule reports ' +
        'nothing. Copies from other stages and ONBUILD triggers (which copy from the downstream build\'s ' +
        'context) are not checked.',
      rationale:
        'Without a `.dockerignore` the client sends the whole directory to the builder — `.git`, ' +
        '`node_modules`, build output, local environment files — and a whole-context COPY hashes all of it ' +
        'into its cache key. A commit, a dependency reinstall on the host or a local build then changes the ' +
        'key, so the COPY and every step after it rebuild although nothing the image needs changed; the same ' +
        'files also end up in the image and can leak secrets.',
      example: 'FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm run build',
      useInstead:
        '# with a .dockerignore next to the Dockerfile listing .git, node_modules, dist, .env\nFROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm run build',
    },
  },
  create(context) {
    if (!contextHasNoDockerignore(context.settings)) return {};
    const check = (node: CopyInstruction | AddInstruction): void => {
      const source = wholeContextSource(node);
      if (!source) return;
      context.report({
        message:
          `${node.name} ${source.value} on line ${node.startLine} copies the whole build context, and the context has ` +
          `no .dockerignore: everything in it (including .git, node_modules and build output) is sent and hashed, ` +
          `so any change there invalidates this ${node.name} and every step after it; add a .dockerignore`,
        range: source.range,
      });
    };
    return {
      COPY(node, scope) {
        if (!scope.inOnbuild) check(node);
      },
      ADD(node, scope) {
        if (!scope.inOnbuild) check(node);
      },
    };
  },
};
