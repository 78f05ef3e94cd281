import { expandWord, type AddInstruction, type CopyInstruction } from '../../parser/index.js';
import { cleanPath } from '../../parser/dockerignore/go-path.js';
import { ignoreMatcherFor } from '../ignore-matcher.js';
import { valuesInScope } from '../scope.js';
import type { InstructionScope, RuleModule } from '../types.js';

const REMOTE = /^(?:https?:\/\/|git@|git:\/\/)/i;

/** Patterns that exclude everything at the context's root, which BuildKit reports a copy of the root for. */
const ROOT_PATTERNS: ReadonlySet<string> = new Set(['*', '**', '**/*']);

/** The context-relative path the builder looks up for a source (Docker treats `/` and `./` as the root). */
function contextPath(source: string): string {
  return source.replace(/^(?:\.?\/)+/, '');
}

export const copyIgnoredFile: RuleModule = {
  meta: {
    id: 'copy-ignored-file',
    buildkit: 'CopyIgnoredFile',
    severity: 'warning',
    category: 'correctness',
    locality: 'stage',
    docs: {
      summary: 'COPY or ADD of a path the .dockerignore excludes',
      description:
        'Flags a `COPY`/`ADD` source (from the build context, after ARG/ENV expansion) that the ignore file ' +
        'excludes — itself or through a parent directory — with the ignore file\'s own semantics: patterns ' +
        'anchored at the context root, `**`, `!` exceptions, last match wins. The linter reads no files: the ' +
        'caller passes the ignore file\'s text (`dockerignoreText`); the CLI reads `<Dockerfile>.dockerignore` ' +
        'or the `.dockerignore` of the Dockerfile\'s folder. Copies from other stages or images, URLs and ' +
        'heredocs are not checked. A copy of the whole context (`.`, `/`) is flagged when the ignore file excludes ' +
        'everything at its root (`*`, `**`, `**/*`) with no `!` exception. Where the ignore file has `!` ' +
        'exceptions, BuildKit does not run the check at all; dfkit still does, with the exceptions applied.',
      rationale:
        'Excluded files never reach the builder. A COPY of one fails with "not found" (or, for a directory or ' +
        'a wildcard, silently copies less than it says), usually far from the line in the ignore file that ' +
        'causes it.',
      example: '# .dockerignore: build/\nFROM nginx:1.27\nCOPY build/ /usr/share/nginx/html/',
      useInstead:
        '# .dockerignore: build/\n# !build/site/\nFROM nginx:1.27\nCOPY build/site/ /usr/share/nginx/html/',
    },
  },
  create(context) {
    const text = context.settings.dockerignoreText;
    const matcher = text === undefined ? null : ignoreMatcherFor(text);
    if (!matcher) return {};
    const excludesRoot = !matcher.hasExceptions && matcher.patterns.some((pattern) => ROOT_PATTERNS.has(pattern.pattern));
    const check = (node: CopyInstruction | AddInstruction, scope: InstructionScope): void => {
      if (scope.inOnbuild || node.options.from) return;
      const env = valuesInScope(scope);
      for (const source of node.sources) {
        if (source.heredoc) continue;
        const expanded = expandWord(source.value, env);
        const value = expanded.ok ? expanded.value : source.value;
        if (REMOTE.test(value)) continue;
        // Named as BuildKit names it: cleaned as Go's filepath.Clean cleans it.
        const cleaned = cleanPath(value);
        if (cleaned === '.' || cleaned === '/') {
          if (!excludesRoot) continue;
        } else {
          const path = contextPath(value);
          if (path === '' || !matcher.matches(path)) continue;
        }
        context.report({
          message: `Attempting to ${node.kind === 'ADD' ? 'Add' : 'Copy'} file ${JSON.stringify(cleaned)} that is excluded by .dockerignore`,
          range: source.range,
        });
      }
    };
    return { COPY: check, ADD: check };
  },
};
