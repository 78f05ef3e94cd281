import { runScripts } from '../run-script.js';
import { commandsNamed } from '../shell/index.js';
import type { RuleModule } from '../types.js';

export const noCdInRun: RuleModule = {
  meta: {
    id: 'no-cd-in-run',
    hadolint: 'DL3003',
    severity: 'warning',
    category: 'maintainability',
    locality: 'stage',
    docs: {
      summary: 'Use WORKDIR instead of cd',
      description: 'Flags `cd` in a `RUN` script.',
      rationale:
        'A `cd` lasts only until the end of its RUN, so later instructions silently run elsewhere than the ' +
        'script suggests, and the directory each step uses has to be read out of shell text. WORKDIR sets the ' +
        'directory for every following instruction, creates it when missing and shows in the image config.',
      example: 'FROM debian:12\nRUN cd /usr/src/app && make',
      useInstead: 'FROM debian:12\nWORKDIR /usr/src/app\nRUN make',
    },
  },
  create(context) {
    return {
      RUN(node, scope) {
        // hadolint does not look into ONBUILD triggers for this check.
        if (scope.inOnbuild) return;
        for (const run of runScripts(node)) {
          for (const cmd of commandsNamed(run.script, 'cd')) {
            if (cmd.name === null) continue;
            context.report({ message: 'Use WORKDIR to switch to a directory', range: run.rangeOf(cmd.name.start, cmd.name.end) });
          }
        }
      },
    };
  },
};
