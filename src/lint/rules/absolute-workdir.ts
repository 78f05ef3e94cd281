import type { RuleModule } from '../types.js';

/**
 * DL3000: WORKDIR must be absolute. BuildKit's WorkdirRelativePath flags only the first relative WORKDIR of a
 * stage chain, a subset of this, so one rule answers to both names and reports each WORKDIR once.
 */
export const absoluteWorkdir: RuleModule = {
  meta: {
    id: 'absolute-workdir',
    hadolint: 'DL3000',
    buildkit: 'WorkdirRelativePath',
    severity: 'error',
    category: 'correctness',
    locality: 'stage',
    docs: {
      summary: 'Use absolute WORKDIR',
      description: 'Flags a `WORKDIR` whose path is relative.',
      rationale:
        'A relative WORKDIR is resolved against whatever working directory the base image or an earlier ' +
        'instruction left behind, so the same line can mean different directories as bases change.',
      example: 'WORKDIR app',
      useInstead: 'WORKDIR /app',
    },
  },
  create(context) {
    return {
      WORKDIR(node, scope) {
        const value = node.value;
        // hadolint does not look into ONBUILD triggers for this check.
        if (!value || scope.inOnbuild) return;
        const path = value.value.replace(/^["']|["']$/g, '');
        const absolute = path.startsWith('/') || path.startsWith('$') || /^[A-Za-z]:[\\/]/.test(path);
        if (!absolute) context.report({ message: 'Use absolute WORKDIR', range: value.range });
      },
    };
  },
};
