import { expandWord, type AddInstruction, type CopyInstruction } from '../../parser/index.js';
import { ignoreMatcherFor } from '../ignore-matcher.js';
import type { InstructionScope, RuleModule } from '../types.js';

const REMOTE = /^(?:https?:\/\/|git@|git:\/\/)/i;

/** The context-relative path the builder looks up for a source (Docker treats `/` and `./` as the root). */
function contextPath(source: string): string {
  return source.replace(/^(?:\.?\/)+/, '');
}

export const copyIgnoredFile: RuleModule = {
  meta: {
    id: 'copy-ignored-file',
    buildkit: 'CopyIgnoredFile',
    buildkitExperimental: true,
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
        'heredocs are not checked. On by default here; BuildKit, where the check is experimental, runs it only ' +
        'where `# check=experimental=CopyIgnoredFile` opts in, and then `skip=` does not silence it.',
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
    const check = (node: CopyInstruction | AddInstruction, scope: InstructionScope): void => {
      if (scope.inOnbuild || node.options.from) return;
      const env: Record<string, string> = {};
      for (const [name, value] of scope.args) if (value !== undefined) env[name] = value;
      for (const [name, value] of scope.env) env[name] = value;
      for (const source of node.sources) {
        if (source.heredoc) continue;
        const expanded = expandWord(source.value, env);
        const value = expanded.ok ? expanded.value : source.value;
        if (REMOTE.test(value)) continue;
        const path = contextPath(value);
        if (path === '' || !matcher.matches(path)) continue;
        context.report({
          message: `Attempting to ${node.kind === 'ADD' ? 'Add' : 'Copy'} file ${JSON.stringify(value)} that is excluded by .dockerignore`,
          range: source.range,
        });
      }
    };
    return { COPY: check, ADD: check };
  },
};
