/**
 * Which word names the program a simple command runs, the way hadolint decides it for every rule that asks
 * whether a RUN uses some program (`cd`, `sudo`, `apt`, the package managers). hadolint takes the name that
 * ShellCheck gives a command: the first word as written, except that a few runners are looked through. Sharing
 * this one answer keeps the rules from disagreeing with each other about `exec -a name cmd` and the like.
 */
import { basename, type ShellScript, type ShellWord, type SimpleCommand } from './shell/index.js';

/** Runners of the command their first argument names; an option there (`command -v`) means they are not seen through. */
const RUNS_FIRST_ARGUMENT: ReadonlySet<string> = new Set(['command', 'builtin', 'busybox', 'run']);

/**
 * The word naming the program `cmd` runs, or `null` when that word is not literal text (`$TOOL install`,
 * `command "$x"`): such a command has no name to match.
 *
 * - The first word as written, quotes removed: `/usr/bin/apt-get` and `sudo apt-get` keep their own names.
 * - `command`, `builtin`, `busybox` and `run`: their first argument, unless it starts with `-`.
 * - `exec`: the first operand after its options `-c`, `-l` and `-a name` (clustered as getopts would, so
 *   `-la name`); `exec` itself when an option is unknown (`exec -x cmd`, rejected by the shell anyway), a value is
 *   missing or no command follows.
 *
 * Runners are known by their bare names and are not nested (`command exec sudo` names `exec`).
 */
export function programWord(cmd: SimpleCommand): ShellWord | null {
  const name = cmd.name;
  if (name === null || name.expansions) return null;
  let target: ShellWord | undefined;
  if (name.value === 'exec') target = execOperand(cmd.args);
  else if (RUNS_FIRST_ARGUMENT.has(name.value)) {
    const first = cmd.args[0];
    target = first !== undefined && !first.value.startsWith('-') ? first : undefined;
  }
  if (target === undefined) return name;
  return target.expansions ? null : target;
}

/** The operand `exec` runs, or `undefined` when its options cannot be read or no command follows. */
function execOperand(args: readonly ShellWord[]): ShellWord | undefined {
  for (let i = 0; i < args.length; i++) {
    const a = (args[i] as ShellWord).value;
    if (a === '--') return args[i + 1];
    // exec has no long options.
    if (a.startsWith('--')) return undefined;
    if (!a.startsWith('-')) return args[i];
    // A lone `-` is an empty cluster and is passed over.
    for (let k = 1; k < a.length; k++) {
      const flag = a[k];
      if (flag === 'a') {
        // `-a` takes the rest of its word, or else the next word, as the name to give the command.
        if (k === a.length - 1 && ++i >= args.length) return undefined;
        break;
      }
      if (flag !== 'c' && flag !== 'l') return undefined;
    }
  }
  return undefined;
}

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
