import type { RuleModule } from '../types.js';
import { isPlainPath, resolveWorkdir, workdirBefore } from '../workdir.js';

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
    fixable: 'safe',
    docs: {
      summary: 'Use absolute WORKDIR',
      description: 'Flags a `WORKDIR` whose path is relative.',
      rationale:
        'A relative WORKDIR is resolved against whatever working directory the base image or an earlier ' +
        'instruction left behind, so the same line can mean different directories as bases change.',
      example: 'WORKDIR app',
      useInstead: 'WORKDIR /app',
      fixSafety:
        'Safe: the path is written out absolute, resolved against the directory before it exactly as the ' +
        'builder resolves it. Offered only when that directory is known from the Dockerfile: set by earlier ' +
        'WORKDIRs of the stage or the stages it is built on (plain paths, no variables), or `/` of a stage ' +
        'chain built from scratch. A base image\'s own WORKDIR is not known, so a relative WORKDIR on an image ' +
        'stays as it is.',
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
        if (absolute) return;
        const before = scope.stage !== null && isPlainPath(value.value) ? workdirBefore(scope.stage, node) : null;
        if (before === null) {
          context.report({ message: 'Use absolute WORKDIR', range: value.range });
          return;
        }
        const edit = { start: value.range.start.offset, end: value.range.end.offset, text: resolveWorkdir(before, value.value) };
        context.report({
          message: 'Use absolute WORKDIR',
          range: value.range,
          fix: { description: `Write the WORKDIR as ${edit.text}, the path it resolves to`, edits: [edit] },
        });
      },
    };
  },
};
