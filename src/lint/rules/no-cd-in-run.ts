import { programWord } from '../program-word.js';
import { runScripts } from '../run-script.js';
import { basename, type ShellScript, type ShellWord } from '../shell/index.js';
import type { RuleModule } from '../types.js';

/**
 * The words naming a run of `program` in `script`, called directly or through a runner (`command cd`,
 * `exec -a name sudo`). Runners are seen through exactly as for the package rules, since hadolint does so for
 * every rule. Unlike the package rules, which follow hadolint in this too, the name is compared by basename and
 * the scripts of `sh -c` and `bash <<EOF` are read (deliberate divergences): `/usr/bin/sudo` runs sudo all the
 * same, and a `cd` inside `sh -c` hides the working directory just as well.
 */
export function programWords(script: ShellScript, program: string): ShellWord[] {
  const words: ShellWord[] = [];
  for (const cmd of script.commands) {
    const word = programWord(cmd);
    if (word !== null && basename(word.value) === program) words.push(word);
  }
  return words;
}

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
          for (const word of programWords(run.script, 'cd')) {
            context.report({ message: 'Use WORKDIR to switch to a directory', range: run.rangeOf(word.start, word.end) });
          }
        }
      },
    };
  },
};
