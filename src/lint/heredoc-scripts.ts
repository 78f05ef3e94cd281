/**
 * Which heredocs of a RUN the build runs as shell scripts, read the way the builder and the shell do:
 *
 * - A command that is one heredoc word and nothing else (`RUN <<EOF`) is handed over by BuildKit as a script of
 *   its own: run by the interpreter of its `#!` line when it has one, else by the SHELL. Only a POSIX-family
 *   interpreter makes it a shell script. (With two or more heredoc words and no command, the shell gets a
 *   command of nothing but redirections, which runs no body.)
 * - Otherwise the shell runs the command line and each body is what its redirection feeds: a script when a shell
 *   reads it on standard input as its program (`bash <<EOF`, `sh -e <<EOF`, `sh -s arg <<EOF`), data when any
 *   other program reads it (`cat <<EOF > file`, `python3 <<EOF`), when it goes to another descriptor (`3<<EOF`)
 *   or when the shell has a program already (`bash -c '…' <<EOF`, `bash script.sh <<EOF`).
 */
import type { Heredoc, RunInstruction } from '../parser/index.js';
import { basename, type ShellScript, type SimpleCommand } from './shell/index.js';

/** Shells that run a program read on standard input as a POSIX-family shell script. */
const POSIX_SHELLS = new Set(['sh', 'bash', 'ash', 'dash', 'zsh', 'ksh', 'mksh', 'posh', 'yash']);

/** A command line that is one heredoc word (BuildKit also accepts a descriptor before it). */
const LONE_HEREDOC = /^\d*<<-?\S+$/;

/** Shell options whose value is the next word (`-o pipefail`, `+O extglob`, `--rcfile FILE`). */
const LONG_OPTIONS_WITH_VALUE = new Set(['--rcfile', '--init-file']);

const NONE: ReadonlySet<Heredoc> = new Set();

/**
 * The heredocs of `run` that run as shell scripts. `command` is the shell parse of the RUN's command line (made
 * with the heredoc bodies outside it), `null` for exec form, whose heredocs are never scripts.
 */
export function scriptHeredocs(run: RunInstruction, command: ShellScript | null): ReadonlySet<Heredoc> {
  const heredocs = run.heredocs;
  if (heredocs.length === 0 || command === null || run.command?.form !== 'shell') return NONE;
  const text = run.command.text.trim();
  if (LONE_HEREDOC.test(text)) {
    const only = heredocs[0] as Heredoc;
    return heredocs.length === 1 && runsAsShellScript(only) ? new Set([only]) : NONE;
  }
  // The heredoc redirections in the order they are written, each with whether a shell reads it as its program;
  // the RUN's heredocs are matched to them in turn by name.
  const fed: { delimiter: string; script: boolean; start: number }[] = [];
  for (const cmd of command.commands) {
    const reader = !cmd.nested && readsProgramFromStdin(cmd);
    for (const redirect of cmd.redirects) {
      if (!redirect.heredoc) continue;
      const stdin = redirect.fd === null || redirect.fd === 0;
      fed.push({ delimiter: redirect.heredoc.delimiter, script: reader && stdin, start: redirect.start });
    }
  }
  fed.sort((a, b) => a.start - b.start);
  // Where each delimiter stands among them, with a cursor per delimiter that only moves forward: a heredoc the
  // shell does not see (BuildKit's word for it differs) is passed over without a walk to the end each time.
  const byDelimiter = new Map<string, { at: number[]; cursor: number }>();
  fed.forEach((entry, at) => {
    const found = byDelimiter.get(entry.delimiter);
    if (found) found.at.push(at);
    else byDelimiter.set(entry.delimiter, { at: [at], cursor: 0 });
  });
  const scripts = new Set<Heredoc>();
  let next = 0;
  for (const heredoc of heredocs) {
    const named = byDelimiter.get(heredoc.name);
    if (!named) continue;
    while (named.cursor < named.at.length && (named.at[named.cursor] as number) < next) named.cursor++;
    const at = named.at[named.cursor];
    if (at === undefined) continue;
    if ((fed[at] as (typeof fed)[number]).script) scripts.add(heredoc);
    next = at + 1;
  }
  return scripts.size === 0 ? NONE : scripts;
}

/** A lone heredoc's body runs as a shell script unless its `#!` line names another interpreter. */
function runsAsShellScript(heredoc: Heredoc): boolean {
  const body = heredoc.chomp ? heredoc.content.replace(/^\t+/, '') : heredoc.content;
  if (!body.startsWith('#!')) return true;
  const lineEnd = body.search(/\r?\n/);
  const interpreter = interpreterOf(body.slice(2, lineEnd < 0 ? body.length : lineEnd));
  return interpreter !== null && POSIX_SHELLS.has(interpreter);
}

/** The program a `#!` line runs, looking through `env` (and its options) and `busybox`. */
function interpreterOf(line: string): string | null {
  const words = line.trim().split(/[ \t]+/);
  let name = basename(words[0] ?? '');
  let index = 1;
  if (name === 'env') {
    while (index < words.length && (words[index]?.startsWith('-') || words[index]?.includes('='))) index++;
    name = basename(words[index++] ?? '');
  }
  if (name === 'busybox') name = basename(words[index] ?? '');
  return name === '' ? null : name;
}

/**
 * Whether `cmd` is a shell that takes its program from standard input: no `-c`, and no operand naming a script
 * file unless `-s` says the program comes from standard input all the same.
 */
function readsProgramFromStdin(cmd: SimpleCommand): boolean {
  const name = cmd.name;
  if (name === null || name.expansions || !POSIX_SHELLS.has(basename(name.value))) return false;
  let fromStdin = false;
  let optionsEnd = false;
  for (let index = 0; index < cmd.args.length; index++) {
    const word = cmd.args[index] as SimpleCommand['args'][number];
    const value = word.value;
    if (!optionsEnd && !word.expansions && value !== '--' && /^[-+]./.test(value)) {
      if (value.startsWith('--')) {
        if (LONG_OPTIONS_WITH_VALUE.has(value)) index++;
        continue;
      }
      const letters = value.slice(1);
      if (letters.includes('c')) return false;
      if (letters.includes('s')) fromStdin = true;
      if (letters.includes('o') || letters.includes('O')) index++;
      continue;
    }
    if (!optionsEnd && (value === '--' || value === '-')) {
      optionsEnd = true;
      continue;
    }
    // An operand: the script file, unless `-s` made the operands the program's arguments.
    if (!fromStdin) return false;
    optionsEnd = true;
  }
  return true;
}
