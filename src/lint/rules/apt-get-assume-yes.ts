import type { RunInstruction } from '../../parser/index.js';
import { NodeSlot } from '../node-slot.js';
import { programWord } from '../program-word.js';
import { runScripts, type RunScript } from '../run-script.js';
import {
  hasFlag,
  outsideShellStrings,
  subcommand,
  type ShellScript,
  type ShellWord,
  type SimpleCommand,
} from '../shell/index.js';
import type { ReportDescriptor, RuleModule } from '../types.js';
import { withoutTrailing } from '../../parser/trailing.js';

/*
 * Helpers shared by the package-manager rules (apt-get, apk, yum, dnf, zypper). They live here, with the first
 * of those rules, so that every rule stays one self-contained module.
 */

/** A command of a RUN script, with the script it came from for mapping offsets to the source. */
export interface ScriptCommand {
  readonly script: RunScript;
  readonly cmd: SimpleCommand;
}

/**
 * The commands of a RUN the way hadolint's package rules see them, in source order:
 *
 * - the shell-form command, exec form, and the first heredoc's body only of a RUN that starts with the heredoc
 *   (`RUN <<EOF`, `RUN <<EOF bash`) and when a shell runs it; for `RUN bash <<EOF` only `bash` is looked at;
 * - commands in `$(…)` count, the script string of `sh -c '…'` does not;
 * - a command is known by its name as written (quotes removed): `/usr/bin/apt-get`, `sudo apt-get` and
 *   `env A=1 apt-get` are not `apt-get`; `command`, `builtin`, `busybox` and `run` are looked through when
 *   their first argument is not an option, `exec` past its own options (`exec -a name apt-get`); see
 *   `programWord`.
 *
 * `names` picks the programs: a list of names, or a test of the name.
 */
export function hadolintCommands(
  run: RunInstruction,
  names: string | readonly string[] | ((name: string) => boolean),
): readonly ScriptCommand[] {
  const commands = runCommandsOf(run);
  // Some twenty rules ask every RUN for a program or two by name, and most RUNs run none of them: a name is
  // looked up in the tables of the RUN's parses, and a list is made only for a name that is there.
  if (typeof names === 'string') return commands.named(names);
  if (typeof names === 'function') return commands.all().filter(({ cmd }) => cmd.name !== null && names(cmd.name.value));
  if (!runsAnyOf(run, names)) return NO_COMMANDS;
  return commands.all().filter(({ cmd }) => cmd.name !== null && names.includes(cmd.name.value));
}

/** How many commands `hadolintCommands(run, test)` would list (no list is made). */
export function hadolintCommandCount(run: RunInstruction, test: (name: string) => boolean): number {
  return runCommandsOf(run).count(test);
}

/** How many commands of one parsed script `hadolintCommands` would find for `test`. */
export function hadolintScriptCommandCount(script: ShellScript, test: (name: string) => boolean): number {
  return countNamed(literalCommands(script), test);
}

/** How many of a script's literal commands have a name `test` accepts. */
function countNamed(table: LiteralCommands, test: (name: string) => boolean): number {
  let count = 0;
  for (const cmd of table.all) if (cmd.name !== null && test(cmd.name.value)) count++;
  return count;
}

/** Whether the RUN runs a program of one of these names, as `hadolintCommands` finds them (no list is made). */
export function runsAnyOf(run: RunInstruction, names: readonly string[]): boolean {
  const commands = runCommandsOf(run);
  for (let index = 0; index < names.length; index++) if (commands.has(names[index] as string)) return true;
  return false;
}

const NO_COMMANDS: readonly ScriptCommand[] = [];

/** The commands of one parsed script as `hadolintCommands` sees them, in order, and those of each name. */
interface LiteralCommands {
  readonly all: readonly SimpleCommand[];
  readonly byName: ReadonlyMap<string, readonly SimpleCommand[]>;
}

const literalCommandsOf = new NodeSlot<ShellScript, LiteralCommands>();

function literalCommands(script: ShellScript): LiteralCommands {
  let found = literalCommandsOf.get(script);
  if (found) return found;
  const all: SimpleCommand[] = [];
  const byName = new Map<string, SimpleCommand[]>();
  // A command inside the script string of `sh -c '…'` is not looked at.
  const outside = outsideShellStrings();
  for (const cmd of script.commands) {
    if (!outside(cmd)) continue;
    const resolved = literalCommand(cmd);
    if (resolved === null) continue;
    all.push(resolved);
    if (resolved.name === null) continue;
    const named = byName.get(resolved.name.value);
    if (named) named.push(resolved);
    else byName.set(resolved.name.value, [resolved]);
  }
  literalCommandsOf.set(script, (found = { all, byName }));
  return found;
}

/** A RUN's commands as `hadolintCommands` sees them: those of the scripts it looks at, made into entries when asked. */
class RunCommands {
  #all: readonly ScriptCommand[] | null = null;
  #named: Map<string, readonly ScriptCommand[]> | null = null;
  /** Each script's tables, beside it: some twenty rules ask every RUN, and most of the answers are "none". */
  readonly #tables: readonly LiteralCommands[];

  constructor(private readonly scripts: readonly RunScript[]) {
    this.#tables = scripts.map((script) => literalCommands(script.script));
  }

  has(name: string): boolean {
    const tables = this.#tables;
    for (let index = 0; index < tables.length; index++) if ((tables[index] as LiteralCommands).byName.has(name)) return true;
    return false;
  }

  named(name: string): readonly ScriptCommand[] {
    const found = this.#named?.get(name);
    if (found) return found;
    let entries: ScriptCommand[] | null = null;
    const tables = this.#tables;
    for (let index = 0; index < tables.length; index++) {
      const commands = (tables[index] as LiteralCommands).byName.get(name);
      if (commands === undefined) continue;
      const script = this.scripts[index] as RunScript;
      entries ??= [];
      for (let at = 0; at < commands.length; at++) entries.push({ script, cmd: commands[at] as SimpleCommand });
    }
    // A name the RUN does not run is answered by its tables alone, each time, with nothing kept.
    if (entries === null) return NO_COMMANDS;
    (this.#named ??= new Map()).set(name, entries);
    return entries;
  }

  count(test: (name: string) => boolean): number {
    let count = 0;
    for (const table of this.#tables) count += countNamed(table, test);
    return count;
  }

  all(): readonly ScriptCommand[] {
    if (this.#all) return this.#all;
    const entries: ScriptCommand[] = [];
    this.#tables.forEach((table, index) => {
      const script = this.scripts[index] as RunScript;
      for (const cmd of table.all) entries.push({ script, cmd });
    });
    return (this.#all = entries);
  }
}

const runCommands = new NodeSlot<RunInstruction, RunCommands>();

function runCommandsOf(run: RunInstruction): RunCommands {
  let found = runCommands.get(run);
  if (found) return found;
  // hadolint reads the first heredoc's body as the RUN's script when the command starts with its marker
  // (`RUN <<EOF`, `RUN <<EOF bash`); dfkit's scripts hold that body only where a shell runs it.
  const command = run.command;
  const startsWithHeredoc = command?.form === 'shell' && command.text.trimStart().startsWith('<<');
  const leadingHeredoc = startsWithHeredoc ? run.heredocs[0] : undefined;
  const scripts: RunScript[] = [];
  for (const script of runScripts(run)) {
    if (script.origin === 'heredoc' && (leadingHeredoc === undefined || script.heredoc !== leadingHeredoc)) continue;
    scripts.push(script);
  }
  runCommands.set(run, (found = new RunCommands(scripts)));
  return found;
}

/** The command under its literal name, looked through `command` and the like; `null` for an unknown name. */
function literalCommand(cmd: SimpleCommand): SimpleCommand | null {
  const name = programWord(cmd);
  if (name === null) return null;
  if (name === cmd.name) return cmd;
  // The runner's own words (`exec -a label`) are not the program's arguments.
  return { ...cmd, name, args: cmd.args.slice(cmd.args.indexOf(name) + 1) };
}

/** The source range of a word. */
export function wordRange(script: RunScript, word: ShellWord): ReportDescriptor['range'] {
  return script.rangeOf(word.start, word.end);
}

/**
 * The source offsets of `word` when a fix may edit there, or `null` when the word's source range does not hold
 * exactly its text (exec form, or a word cut by a line continuation), where an offset could land in the wrong place.
 */
export function editableWord(source: string, script: RunScript, word: ShellWord): { start: number; end: number } | null {
  if (script.origin === 'exec') return null;
  const range = wordRange(script, word);
  const start = range.start.offset;
  const end = range.end.offset;
  return source.slice(start, end) === word.raw ? { start, end } : null;
}

/** A fix inserting `insert` right after `word`, where `editableWord` allows it. */
export function insertAfter(
  source: string,
  script: RunScript,
  word: ShellWord,
  insert: string,
  description: string,
): ReportDescriptor['fix'] {
  const at = editableWord(source, script, word)?.end;
  return at === undefined ? undefined : { description, safety: 'safe', edits: [{ start: at, end: at, text: insert }] };
}

/** Whether a cache or tmpfs mount covers `dir` (its target is `dir` or a directory inside it). */
export function hasCacheMount(run: RunInstruction, dir: string): boolean {
  if (run.mounts.length === 0) return false;
  return run.mounts.some((mount) => {
    if (mount.type !== 'cache' && mount.type !== 'tmpfs') return false;
    const target = withoutTrailing(mount.target ?? '', '/');
    return target === dir || target.startsWith(`${dir}/`);
  });
}

/** apt-get options that take the next word as their value. */
export const APT_GET_OPTIONS_WITH_VALUE: readonly string[] = [
  '-o',
  '-c',
  '-t',
  '--option',
  '--config-file',
  '--target-release',
  '--default-release',
];

/** `-q` given twice (`-qq`, `-q -q`, `-q=2`, `--quiet=2`) implies `-y` in apt-get. */
function quietLevel(cmd: SimpleCommand): number {
  let level = 0;
  const args = cmd.args;
  for (let i = 0; i < args.length; i++) {
    const a = (args[i] as ShellWord).value;
    if (a === '--') break;
    if (a === '--quiet') level++;
    else if (a.startsWith('--quiet=')) level += Number.parseInt(a.slice('--quiet='.length), 10) || 0;
    else if (/^-q=\d+$/.test(a)) level += Number.parseInt(a.slice('-q='.length), 10);
    else if (a.length > 1 && a[0] === '-' && a[1] !== '-') {
      for (let k = 1; k < a.length; k++) {
        const flag = `-${a[k] ?? ''}`;
        if (flag === '-q') level++;
        else if (APT_GET_OPTIONS_WITH_VALUE.includes(flag)) {
          if (k === a.length - 1) i++;
          break;
        }
      }
    } else if (a.startsWith('--') && APT_GET_OPTIONS_WITH_VALUE.includes(a)) i++;
  }
  return level;
}

/** apt-get's (and apt's) spellings of `--simulate`: it then only prints what it would do. */
export const APT_GET_SIMULATE_OPTIONS: readonly string[] = [
  '-s',
  '--simulate',
  '--just-print',
  '--dry-run',
  '--recon',
  '--no-act',
];

/**
 * Whether apt-get only simulates: it then downloads and installs nothing and never prompts, which is how
 * scripts ask whether a package exists (`if apt-get install -s pkg; then …`).
 */
export function aptGetSimulates(cmd: SimpleCommand): boolean {
  return hasFlag(cmd, APT_GET_SIMULATE_OPTIONS, APT_GET_OPTIONS_WITH_VALUE);
}

/** The `install` word of an `apt-get install`, or `null` for any other apt-get command and a simulated install. */
export function aptGetInstallWord(cmd: SimpleCommand): ShellWord | null {
  const sub = subcommand(cmd, APT_GET_OPTIONS_WITH_VALUE);
  return sub?.value === 'install' && !aptGetSimulates(cmd) ? sub : null;
}

export const aptGetAssumeYes: RuleModule = {
  meta: {
    id: 'apt-get-assume-yes',
    hadolint: 'DL3014',
    severity: 'warning',
    category: 'correctness',
    locality: 'stage',
    fixable: 'safe',
    docs: {
      summary: 'Pass `-y` to `apt-get install`',
      description:
        'Flags `apt-get install` in a RUN (ONBUILD triggers included) that has none of `-y`, `--yes`, ' +
        '`--assume-yes`, nor `-q` given twice (`-qq`), which also answers yes. A simulated install (`-s`, ' +
        '`--simulate`, `--just-print`, `--dry-run`, `--recon`, `--no-act`) never prompts and is left alone. The ' +
        'finding points at `install`.',
      rationale:
        'A build has no terminal to answer prompts. Without `-y`, apt-get asks for confirmation whenever it ' +
        'installs more than was asked for, reads end-of-file, and aborts the build.',
      example: 'FROM debian:12\nRUN apt-get update && apt-get install curl',
      useInstead: 'FROM debian:12\nRUN apt-get update && apt-get install -y curl',
      fixSafety:
        'Inserts ` -y` after `install`. The only change is that apt-get proceeds instead of prompting, which ' +
        'is what a build needs; it is not offered for exec form or when the word is split by a line continuation.',
    },
  },
  create(context) {
    return {
      RUN(run) {
        for (const { script, cmd } of hadolintCommands(run, 'apt-get')) {
          const install = aptGetInstallWord(cmd);
          if (install === null) continue;
          if (hasFlag(cmd, ['-y', '--yes', '--assume-yes'], APT_GET_OPTIONS_WITH_VALUE) || quietLevel(cmd) >= 2) continue;
          const fix = insertAfter(context.text, script, install, ' -y', 'Add -y');
          context.report({
            message: 'Use the `-y` switch to avoid manual input `apt-get -y install <package>`',
            range: wordRange(script, install),
            ...(fix ? { fix } : {}),
          });
        }
      },
    };
  },
};
