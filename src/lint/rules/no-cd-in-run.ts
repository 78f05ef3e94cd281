import { runScripts } from '../run-script.js';
import { basename, commandsNamed, type ShellScript, type ShellWord, type SimpleCommand } from '../shell/index.js';
import type { RuleModule } from '../types.js';

/** Builtins that run the command their first operand names, which hadolint looks through (`command cd /tmp`). */
const RUNNERS = ['command', 'builtin', 'busybox', 'exec', 'run'];

/** The word naming the command a runner runs, or `null` when it runs none (`command -v cd`). */
function runTarget(cmd: SimpleCommand): ShellWord | null {
  if (cmd.name === null) return null;
  if (basename(cmd.name.value) !== 'exec') {
    const first = cmd.args[0];
    return first !== undefined && !first.value.startsWith('-') ? first : null;
  }
  // exec [-cl] [-a name] command …
  for (let i = 0; i < cmd.args.length; i++) {
    const a = (cmd.args[i] as ShellWord).value;
    if (a === '--') return cmd.args[i + 1] ?? null;
    if (a.length < 2 || !a.startsWith('-')) return cmd.args[i] as ShellWord;
    if (a.endsWith('a')) i++;
  }
  return null;
}

/** The words naming a run of `program` in `script`, called directly or through a runner builtin. */
export function programWords(script: ShellScript, program: string): ShellWord[] {
  const words: ShellWord[] = [];
  for (const cmd of commandsNamed(script, program)) if (cmd.name !== null) words.push(cmd.name);
  for (const cmd of commandsNamed(script, RUNNERS)) {
    const target = runTarget(cmd);
    if (target !== null && basename(target.value) === program) words.push(target);
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
