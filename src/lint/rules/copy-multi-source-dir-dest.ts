import type { RuleModule } from '../types.js';

/** DL3021: COPY of several sources must go to a directory. */
export const copyMultiSourceDirDest: RuleModule = {
  meta: {
    id: 'copy-multi-source-dir-dest',
    hadolint: 'DL3021',
    severity: 'error',
    category: 'correctness',
    locality: 'stage',
    docs: {
      summary: 'COPY with several sources needs a destination ending in /',
      description:
        'Flags a `COPY` with more than one source whose destination does not end with `/`. Destinations ' +
        'written with variables are only known at build time and are not judged.',
      rationale:
        'When several sources are copied the builder requires the destination to be a directory, written ' +
        'with a trailing slash; otherwise the build fails. The slash also tells readers that the files keep ' +
        'their names.',
      example: 'FROM node:20\nCOPY package.json package-lock.json /app',
      useInstead: 'FROM node:20\nCOPY package.json package-lock.json /app/',
    },
  },
  create(context) {
    // With a backtick escape character (Windows images) a trailing backslash is a directory separator.
    const separators = context.ast.escapeChar === '`' ? ['/', '\\'] : ['/'];
    return {
      COPY(node, scope) {
        const destination = node.destination;
        // hadolint does not look into ONBUILD triggers for this check.
        if (node.sources.length < 2 || !destination || scope.inOnbuild) return;
        const path = destination.value.replace(/^["']+|["']+$/g, '');
        if (path.includes('$') || separators.some((separator) => path.endsWith(separator))) return;
        context.report({
          message: 'COPY with more than 2 arguments requires the last argument to end with /',
          range: destination.range,
        });
      },
    };
  },
};
