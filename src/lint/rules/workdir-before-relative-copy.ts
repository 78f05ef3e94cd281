import { someInChain } from '../scope.js';
import type { RuleModule, StageInfo } from '../types.js';
import { withoutSurrounding } from '../../parser/trailing.js';

const MESSAGE = '`COPY` to a relative destination without `WORKDIR` set.';

/** Absolute on Linux or Windows, or starting with a variable that may hold an absolute path. */
function isAnchored(destination: string): boolean {
  const path = withoutSurrounding(destination, `"'`);
  return path.startsWith('/') || path.startsWith('$') || /^[A-Za-z]:/.test(path);
}

/** DL3045: a relative COPY destination needs a WORKDIR. */
export const workdirBeforeRelativeCopy: RuleModule = {
  meta: {
    id: 'workdir-before-relative-copy',
    hadolint: 'DL3045',
    severity: 'warning',
    category: 'reproducibility',
    locality: 'stage',
    docs: {
      summary: 'COPY to a relative destination without WORKDIR set',
      description:
        'Flags a `COPY` whose destination is relative (not `/…`, not `C:…`, not starting with a variable) when ' +
        'no `WORKDIR` was set earlier in the stage or anywhere in the stages it builds on.',
      rationale:
        'A relative destination is resolved against the working directory, which then comes from the base ' +
        'image. It differs between images (`/`, `/app`, `/usr/src/app`…) and can change when the base image ' +
        'is updated, silently moving the files. Setting `WORKDIR` makes the location explicit.',
      example: 'FROM node:20\nCOPY package.json .',
      useInstead: 'FROM node:20\nWORKDIR /app\nCOPY package.json .',
    },
  },
  create(context) {
    // WORKDIRs met so far in the stage being visited; the stages it is built on are read whole, not
    // remembered from visiting them, so a stage is judged the same whether or not they were visited this time.
    const withWorkdir = new Set<number>();
    // Each stage is read at most once: `someInChain` remembers the answer for every stage its walks pass.
    const hasWorkdir = (stage: StageInfo): boolean => stage.stage.instructions.some((instruction) => instruction.kind === 'WORKDIR');
    const chainsWithWorkdir = new Map<StageInfo, boolean>();
    // Instructions before the first FROM are a file of their own to hadolint (a broken one, but linted): a
    // WORKDIR there covers the COPYs after it, up to the FROM.
    let workdirBeforeFrom = false;
    return {
      WORKDIR(_node, scope) {
        if (scope.inOnbuild) return;
        if (scope.stage) withWorkdir.add(scope.stage.index);
        else workdirBeforeFrom = true;
      },
      COPY(node, scope) {
        // A trigger copies in a downstream build, whose working directory is unknown here.
        const destination = node.destination;
        if (scope.inOnbuild || !destination || isAnchored(destination.value)) return;
        const stage = scope.stage;
        if (stage ? withWorkdir.has(stage.index) || someInChain(stage.parent, hasWorkdir, chainsWithWorkdir) : workdirBeforeFrom) return;
        context.report({ message: MESSAGE, range: destination.range });
      },
    };
  },
};
