import { cdToWorkdir } from '../cd-to-workdir.js';
import { programWords } from '../program-word.js';
import { runScripts } from '../run-script.js';
import type { RuleModule } from '../types.js';

export const noCdInRun: RuleModule = {
  meta: {
    id: 'no-cd-in-run',
    hadolint: 'DL3003',
    severity: 'warning',
    category: 'maintainability',
    locality: 'stage',
    fixable: 'unsafe',
    docs: {
      summary: 'Use WORKDIR instead of cd',
      description: 'Flags `cd` in a `RUN` script.',
      rationale:
        'A `cd` lasts only until the end of its RUN, so later instructions silently run elsewhere than the ' +
        'script suggests, and the directory each step uses has to be read out of shell text. WORKDIR sets the ' +
        'directory for every following instruction, creates it when missing and shows in the image config.',
      example: 'FROM debian:12\nRUN cd /usr/src/app && make',
      useInstead: 'FROM debian:12\nWORKDIR /usr/src/app\nRUN make',
      fixSafety:
        'Unsafe: a RUN that starts with `cd <dir> &&` becomes `WORKDIR <dir>` above it (above its comments, ' +
        'which may be its pragmas) and the RUN without the cd; when a later instruction of the stage works in ' +
        'the directory (RUN, COPY or ADD to a relative destination, a relative WORKDIR, VOLUME) before an ' +
        'absolute WORKDIR, or the stage ends there and is the last stage or one a later stage is built on, a ' +
        'WORKDIR back to the directory the RUN ran in follows it. Directories are written absolute, so offered only when the ' +
        'cd is the script\'s only one, its directory is plain path text (or starts with a variable the ' +
        'Dockerfile defines), the shell is a POSIX shell, nothing runs in the background, and every directory ' +
        'needed is known from the WORKDIRs of the stage and the stages it is built on (a base image\'s own ' +
        'WORKDIR is not known, except scratch\'s `/`). What can still change: WORKDIR creates a missing ' +
        'directory where the cd would fail the build, the RUN\'s cache key and the steps after it change, and ' +
        'a stage that later stages only copy from keeps the new directory in its image config, which shows ' +
        'when that stage is built as the target.',
    },
  },
  create(context) {
    return {
      RUN(node, scope) {
        // hadolint does not look into ONBUILD triggers for this check.
        if (scope.inOnbuild) return;
        for (const run of runScripts(node)) {
          for (const word of programWords(run.script, 'cd')) {
            // Only a leading cd, the script's one, can be a WORKDIR: the fix goes with that finding alone.
            const fix = cdToWorkdir(context.text, node, scope);
            context.report({
              message: 'Use WORKDIR to switch to a directory',
              range: run.rangeOf(word.start, word.end),
              ...(fix ? { fix } : {}),
            });
          }
        }
      },
    };
  },
};
