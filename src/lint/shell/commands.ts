/**
 * Questions rules ask about simple commands: which program runs, which flags are set, what the operands are.
 * All of them look at word values (quotes removed), so `"-y"` is the flag `-y`.
 */
import { NodeSlot } from '../node-slot.js';
import type { ShellScript, ShellWord, SimpleCommand } from './types.js';

/** The last path segment: `/usr/bin/apt-get` → `apt-get`. */
export function basename(path: string): string {
  let end = path.length;
  while (end > 1 && path.charCodeAt(end - 1) === 47) end--;
  const slash = path.lastIndexOf('/', end - 1);
  if (slash === -1) return end === path.length ? path : path.slice(0, end);
  // Only slashes: the root.
  if (slash === end - 1) return '/';
  return path.slice(slash + 1, end);
}

/** The file name of a program a SHELL or pragma names, for POSIX and Windows paths alike (`C:\\…\\pwsh.exe`). */
export function programName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}

/** The basename of the command's name, or `null` when it has none. */
export function commandName(cmd: SimpleCommand): string | null {
  return cmd.name === null ? null : basename(cmd.name.value);
}

/** Whether the word is `NAME=value` (or `NAME+=value`), judged on the value: what `env` and `sudo` accept. */
export function isAssignmentWord(value: string): boolean {
  const eq = value.indexOf('=');
  if (eq <= 0) return false;
  const end = value.charCodeAt(eq - 1) === 43 ? eq - 1 : eq;
  return end > 0 && /^[A-Za-z_][A-Za-z0-9_]*$/.test(value.slice(0, end));
}

/** How a wrapper command reads its own arguments before the command it runs. */
interface WrapperSpec {
  /** Options followed by a value, short (`-u`) or long (`--user`; `--user=x` needs no entry). */
  readonly withValue: readonly string[];
  /** Operands before the command: `timeout 10 cmd`, `gosu user cmd`. */
  readonly operands?: number;
  /** `NAME=value` words before the command are skipped. */
  readonly assignments?: boolean;
  /** Options that mean the wrapper does not run the command (`command -v`, `sudo -l`). */
  readonly notRunning?: readonly string[];
  /** A lone `-` is an option (`env -`). */
  readonly dashIsOption?: boolean;
}

const WRAPPERS: ReadonlyMap<string, WrapperSpec> = new Map<string, WrapperSpec>([
  [
    'sudo',
    {
      withValue: ['-u', '-g', '-h', '-p', '-C', '-D', '-r', '-t', '-T', '-U', '--user', '--group', '--host', '--prompt', '--close-from', '--chdir', '--role', '--type', '--command-timeout', '--other-user'],
      assignments: true,
      notRunning: ['-l', '-v', '-k', '-K', '-V', '-e', '--list', '--validate', '--version', '--edit'],
    },
  ],
  ['doas', { withValue: ['-u', '-C'] }],
  ['env', { withValue: ['-u', '-C', '-S', '--unset', '--chdir', '--split-string'], assignments: true, dashIsOption: true }],
  ['time', { withValue: ['-f', '-o', '--format', '--output'] }],
  ['nice', { withValue: ['-n', '--adjustment'] }],
  ['nohup', { withValue: [] }],
  ['exec', { withValue: ['-a'] }],
  ['command', { withValue: [], notRunning: ['-v', '-V'] }],
  ['timeout', { withValue: ['-s', '-k', '--signal', '--kill-after'], operands: 1 }],
  ['stdbuf', { withValue: ['-i', '-o', '-e', '--input', '--output', '--error'] }],
  ['xargs', { withValue: ['-a', '-d', '-E', '-I', '-L', '-n', '-P', '-s', '--arg-file', '--delimiter', '--max-lines', '--max-args', '--max-procs', '--max-chars', '--process-slot-var'] }],
  ['gosu', { withValue: [], operands: 1 }],
  ['su-exec', { withValue: [], operands: 1 }],
  ['chroot', { withValue: ['--userspec', '--groups'], operands: 1 }],
  ['busybox', { withValue: [] }],
]);

/** The commands `unwrap` sees through. */
export const WRAPPER_COMMANDS: readonly string[] = [...WRAPPERS.keys()];

/**
 * The command a wrapper runs: `sudo -u app env A=1 apt-get install x` → a command named `apt-get` with
 * arguments `install x` (assignments, redirects, range and flags as the original). A command that is not a
 * wrapper, or a wrapper that runs nothing (`sudo -l`, `command -v x`, a bare `env`), is returned as is.
 */
export function unwrap(cmd: SimpleCommand): SimpleCommand {
  let name = cmd.name;
  if (name === null) return cmd;
  const args = cmd.args;
  let next = 0;
  // A wrapper of a wrapper of …, but never looping on a pathological chain.
  for (let depth = 0; depth < 16; depth++) {
    const spec = WRAPPERS.get(basename(name.value));
    if (spec === undefined) break;
    const inner = wrappedIndex(args, next, spec);
    if (inner < 0) break;
    name = args[inner] as ShellWord;
    next = inner + 1;
  }
  return name === cmd.name ? cmd : { ...cmd, name, args: args.slice(next) };
}

/** Where the wrapped command's name is in `args` (reading from `from`), or -1. */
function wrappedIndex(args: readonly ShellWord[], from: number, spec: WrapperSpec): number {
  let operands = spec.operands ?? 0;
  for (let i = from; i < args.length; i++) {
    const a = (args[i] as ShellWord).value;
    if (spec.notRunning?.includes(a)) return -1;
    if (a === '--') return i + 1 < args.length ? i + 1 : -1;
    if (a.length > 1 && a.charCodeAt(0) === 45) {
      if (optionTakesNext(a, spec.withValue)) i++;
      continue;
    }
    if (a === '-' && spec.dashIsOption === true) continue;
    if (spec.assignments === true && isAssignmentWord(a)) continue;
    if (operands > 0) {
      operands--;
      continue;
    }
    return i;
  }
  return -1;
}

/**
 * Whether the option word `a` consumes the next word as its value: `--opt` listed without `=`, or a short
 * cluster whose first value-taking letter is last (`-qo` with `-o` listed; `-oFoo` carries its value).
 */
function optionTakesNext(a: string, withValue: readonly string[]): boolean {
  if (a.charCodeAt(1) === 45) return !a.includes('=') && withValue.includes(a);
  if (withValue.includes(a)) return true;
  for (let k = 1; k < a.length; k++) {
    if (withValue.includes('-' + a[k])) return k === a.length - 1;
  }
  return false;
}

/** Options: resolve wrappers first (`sudo apt-get …` counts as `apt-get`). */
export interface CommandQuery {
  readonly unwrap?: boolean;
}

/**
 * The commands whose program is `names` (compared by basename, so `/usr/bin/apt-get` matches `apt-get`). With
 * `unwrap`, wrapped commands match too and are returned unwrapped.
 */
export function commandsNamed(
  script: ShellScript,
  names: string | readonly string[],
  query: CommandQuery = {},
): readonly SimpleCommand[] {
  const index = commandIndex(script, query.unwrap === true);
  // The index's own lists are handed out: rules ask every RUN for a program or two, and most run none of them.
  if (typeof names === 'string') return index.get(names) ?? NO_COMMANDS;
  // Gather each name's commands from the index, then restore script order if more than one name matched.
  let first: readonly SimpleCommand[] = NO_COMMANDS;
  let merged: SimpleCommand[] | null = null;
  for (let at = 0; at < names.length; at++) {
    const list = index.get(names[at] as string);
    if (!list) continue;
    if (first === NO_COMMANDS) first = list;
    else merged = (merged ?? first).concat(list);
  }
  if (merged === null) return first;
  const order = commandOrder(script, query.unwrap === true);
  return merged.sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0));
}

const NO_COMMANDS: readonly SimpleCommand[] = [];

const orders = new NodeSlot<readonly SimpleCommand[], Map<SimpleCommand, number>>();

/** Each command's position in the script, for merging index lists back into script order. */
function commandOrder(script: ShellScript, unwrapped: boolean): Map<SimpleCommand, number> {
  const commands = resolvedCommands(script, unwrapped);
  let order = orders.get(commands);
  if (!order) {
    order = new Map(commands.map((cmd, position) => [cmd, position]));
    orders.set(commands, order);
  }
  return order;
}

/**
 * Commands by program name, built once per script (and per unwrap mode): dozens of rules ask the same
 * script for their programs, so scanning every command for each of them would dominate linting.
 */
const plainIndexes = new NodeSlot<ShellScript, Map<string, SimpleCommand[]>>();
const unwrappedIndexes = new NodeSlot<ShellScript, Map<string, SimpleCommand[]>>();
const unwrappedLists = new NodeSlot<ShellScript, readonly SimpleCommand[]>();

/** The script's commands, unwrapped when asked, computed once per script. */
function resolvedCommands(script: ShellScript, unwrapped: boolean): readonly SimpleCommand[] {
  return unwrapped ? unwrappedCommands(script) : script.commands;
}

/** The script's commands, each `unwrap`ped, in order; made once per script for every rule that asks. */
export function unwrappedCommands(script: ShellScript): readonly SimpleCommand[] {
  let commands = unwrappedLists.get(script);
  if (!commands) unwrappedLists.set(script, (commands = script.commands.map(unwrap)));
  return commands;
}

function commandIndex(script: ShellScript, unwrapped: boolean): Map<string, SimpleCommand[]> {
  const slot = unwrapped ? unwrappedIndexes : plainIndexes;
  let index = slot.get(script);
  if (!index) {
    index = new Map();
    for (const cmd of resolvedCommands(script, unwrapped)) {
      const name = commandName(cmd);
      if (name === null) continue;
      let list = index.get(name);
      if (!list) index.set(name, (list = []));
      list.push(cmd);
    }
    slot.set(script, index);
  }
  return index;
}

/**
 * Whether an option is given: `flags` lists the spellings (`['-y', '--yes', '--assume-yes']`). Short flags are
 * found inside clusters (`-qy`), long ones also as `--flag=value`. `optionsWithValue` keeps values from being
 * read as flags (`-o Foo=-y`, `-oy`). Arguments after `--` are operands.
 */
export function hasFlag(
  cmd: SimpleCommand,
  flags: readonly string[],
  optionsWithValue: readonly string[] = [],
): boolean {
  return flagWord(cmd, flags, optionsWithValue) !== null;
}

/** The argument that carries one of `flags` (see `hasFlag`), for reporting its place. */
export function flagWord(
  cmd: SimpleCommand,
  flags: readonly string[],
  optionsWithValue: readonly string[] = [],
): ShellWord | null {
  const args = cmd.args;
  const index = flagIndex(args.length, (i) => (args[i] as ShellWord).value, flags, optionsWithValue);
  return index < 0 ? null : (args[index] as ShellWord);
}

/**
 * The index of the first of `count` argument texts (`valueAt(i)`) that carries one of `flags` (see `hasFlag`),
 * or -1: for parsed words and for a command's words split from its text alike.
 */
export function flagIndex(
  count: number,
  valueAt: (index: number) => string,
  flags: readonly string[],
  optionsWithValue: readonly string[] = [],
): number {
  for (let i = 0; i < count; i++) {
    const a = valueAt(i);
    if (a === '--') break;
    if (a.length < 2 || a.charCodeAt(0) !== 45) continue;
    if (flags.includes(a)) return i;
    if (a.charCodeAt(1) === 45) {
      const eq = a.indexOf('=');
      if (eq > 0 && flags.includes(a.slice(0, eq))) return i;
      if (eq < 0 && optionsWithValue.includes(a)) i++;
      continue;
    }
    for (let k = 1; k < a.length; k++) {
      const short = '-' + a[k];
      if (flags.includes(short)) return i;
      if (optionsWithValue.includes(short)) {
        if (k === a.length - 1) i++;
        break;
      }
    }
  }
  return -1;
}

/**
 * The operands: arguments that are not options nor option values. `optionsWithValue` lists the options that
 * take the next word (`-t`, `--target-release`); `--opt=value` and `-tvalue` need no listing. `--` ends the
 * options; a lone `-` is an operand.
 */
export function positionalArgs(cmd: SimpleCommand, optionsWithValue: readonly string[] = []): ShellWord[] {
  const out: ShellWord[] = [];
  const args = cmd.args;
  for (let i = 0; i < args.length; i++) {
    const word = args[i] as ShellWord;
    const a = word.value;
    if (a === '--') {
      for (let j = i + 1; j < args.length; j++) out.push(args[j] as ShellWord);
      break;
    }
    if (a.length > 1 && a.charCodeAt(0) === 45) {
      if (optionTakesNext(a, optionsWithValue)) i++;
      continue;
    }
    out.push(word);
  }
  return out;
}

/** The first operand (`install` in `apt-get -y install x`), or `null`. */
export function subcommand(cmd: SimpleCommand, optionsWithValue: readonly string[] = []): ShellWord | null {
  return positionalArgs(cmd, optionsWithValue)[0] ?? null;
}

/**
 * The operands after the subcommand when the first operand is one of `names` (`apt-get -y install -t x a b` →
 * `a b` with `-t` listed), else `null`.
 */
export function argsAfterSubcommand(
  cmd: SimpleCommand,
  names: string | readonly string[],
  optionsWithValue: readonly string[] = [],
): ShellWord[] | null {
  const operands = positionalArgs(cmd, optionsWithValue);
  const first = operands[0];
  if (first === undefined) return null;
  const ok = typeof names === 'string' ? first.value === names : names.includes(first.value);
  return ok ? operands.slice(1) : null;
}

const SHELLS: ReadonlySet<string> = new Set(['sh', 'bash', 'dash', 'ash', 'zsh', 'ksh', 'mksh', 'yash', 'posh']);

/** Every command `shellStringArgument` looks into. */
const RELEVANT: ReadonlySet<string> = new Set([...SHELLS, ...WRAPPERS.keys(), 'su', 'runuser']);

/** Where a command's script string is: the word, and where the script starts in its value. */
export interface ShellStringArgument {
  readonly word: ShellWord;
  /** 0, or the length of `--command=` for `su --command=…`. */
  readonly offset: number;
}

/**
 * The script string a command runs: the operand after `-c` of `sh`, `bash`, … (`-c` may be inside a cluster:
 * `-ec`, `-xc`, `-euxc`), or the value of `su` / `runuser`'s `-c` / `--command`. Wrappers are seen through.
 */
export function shellStringArgument(cmd: SimpleCommand): ShellStringArgument | null {
  if (cmd.name === null) return null;
  const value = cmd.name.value;
  let name = value.includes('/') ? basename(value) : value;
  // The parser asks this of every command; most are none of these.
  if (!RELEVANT.has(name)) return null;
  let inner = cmd;
  if (WRAPPERS.has(name)) {
    inner = unwrap(cmd);
    if (inner.name === null) return null;
    name = basename(inner.name.value);
  }
  const args = inner.args;
  if (SHELLS.has(name)) {
    let sawC = false;
    for (let i = 0; i < args.length; i++) {
      const word = args[i] as ShellWord;
      const a = word.value;
      const first = a.charCodeAt(0);
      if (a === '--' || a === '-') {
        if (sawC) return args[i + 1] === undefined ? null : { word: args[i + 1] as ShellWord, offset: 0 };
        return null;
      }
      if (a.length > 1 && (first === 45 || first === 43)) {
        if (a.charCodeAt(1) === 45) {
          if (a === '--rcfile' || a === '--init-file') i++;
          continue;
        }
        // `-o pipefail` and `-O extglob` take the next word, also from inside a cluster (`-euo pipefail`).
        for (let k = 1; k < a.length; k++) {
          const ch = a[k];
          if (ch === 'c') sawC = true;
          else if (ch === 'o' || ch === 'O') i++;
        }
        continue;
      }
      return sawC ? { word, offset: 0 } : null;
    }
    return null;
  }
  if (name === 'su' || name === 'runuser') {
    for (let i = 0; i < args.length; i++) {
      const word = args[i] as ShellWord;
      const a = word.value;
      if (a === '-c' || a === '--command') {
        const next = args[i + 1];
        return next === undefined ? null : { word: next, offset: 0 };
      }
      if (a.startsWith('--command=')) return { word, offset: '--command='.length };
      if (a.startsWith('-c') && a.length > 2 && a.charCodeAt(1) !== 45) return { word, offset: 2 };
    }
  }
  return null;
}

/**
 * A test of a script's commands, asked of each in order: whether it lies outside the script strings of the
 * commands before it (`sh -c '…'`, `su -c …`), which another shell runs.
 */
export function outsideShellStrings(): (cmd: SimpleCommand) => boolean {
  let strings: { start: number; end: number }[] | null = null;
  return (cmd) => {
    if (strings !== null && strings.some((s) => cmd.start >= s.start && cmd.start < s.end)) return false;
    const inner = shellStringArgument(cmd);
    if (inner !== null) (strings ??= []).push({ start: inner.word.start, end: inner.word.end });
    return true;
  };
}
