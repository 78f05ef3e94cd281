/**
 * The shell scripts a RUN executes, parsed once per instruction and shared by every rule: the shell-form
 * command, the heredoc bodies that are scripts (`RUN <<EOF`, `RUN bash <<EOF`; `heredoc-scripts.ts` decides),
 * and exec form read as one simple command. Each comes with a way to turn offsets in the parsed text into
 * source ranges.
 */
import type { Heredoc, Range, RunInstruction } from '../parser/index.js';
import { scriptHeredocs } from './heredoc-scripts.js';
import { NodeSlot } from './node-slot.js';
import { parseScript } from './parse-script.js';
import type { ShellScript } from './shell/index.js';

export interface RunScript {
  readonly script: ShellScript;
  /** The text that was parsed. */
  readonly text: string;
  /** The source range of `text[start, end)`. */
  rangeOf(start: number, end: number): Range;
  readonly origin: 'command' | 'heredoc' | 'exec';
  /** The heredoc whose body `text` is, for a script of origin `heredoc`. */
  readonly heredoc?: Heredoc;
}

/**
 * Kept with the node: an incremental parse hands back the same node, moved when an edit lies before it. What is
 * kept is move-proof: parses of texts, and ranges made only when asked for, on the node's own placement.
 */
const cache = new NodeSlot<RunInstruction, readonly RunScript[]>();

const heredocParses = new NodeSlot<Heredoc, ShellScript>();

/** A heredoc body parsed as a script, once per heredoc (the cache rules read the bodies they run too). */
export function parsedHeredoc(heredoc: Heredoc): ShellScript {
  let parsed = heredocParses.get(heredoc);
  if (!parsed) heredocParses.set(heredoc, (parsed = parseScript(heredoc.content, 'heredoc')));
  return parsed;
}

/**
 * Whether the RUN is nothing but a heredoc (`RUN <<EOF`): its first heredoc is then the script the SHELL itself
 * runs. In `RUN bash <<EOF` the body is fed to another shell.
 */
export function isBareHeredocRun(run: RunInstruction): boolean {
  const command = run.command;
  return command?.form === 'shell' && /^<<-?\S+$/.test(command.text.trim());
}

/** The scripts of a RUN (shell form and script heredocs; exec form as one command). Cached per instruction. */
export function runScripts(run: RunInstruction): readonly RunScript[] {
  let scripts = cache.get(run);
  if (!scripts) cache.set(run, (scripts = readRunScripts(run)));
  return scripts;
}

function readRunScripts(run: RunInstruction): readonly RunScript[] {
  const scripts: RunScript[] = [];
  const command = run.command;
  let commandParse: ShellScript | null = null;
  if (command?.form === 'shell') {
    commandParse = parseScript(command.text, run.heredocs.length > 0 ? 'command-with-heredocs' : 'command');
    scripts.push({
      script: commandParse,
      text: command.text,
      rangeOf: (start, end) => command.rangeOf(start, end),
      origin: 'command',
    });
  } else if (command?.form === 'exec' && command.args.length > 0) {
    // Exec form runs one program with these arguments; quoting each keeps every argument one word.
    const pieces: { start: number; word: (typeof command.args)[number] }[] = [];
    let text = '';
    for (const arg of command.args) {
      if (text) text += ' ';
      pieces.push({ start: text.length + 1, word: arg });
      text += `'${arg.value.replace(/'/g, `'\\''`)}'`;
    }
    // The last argument that starts at or before `offset` (a binary search: an exec form may hold thousands).
    const pieceAt = (offset: number): (typeof pieces)[number] => {
      let low = 0;
      let high = pieces.length - 1;
      while (low < high) {
        const middle = (low + high + 1) >> 1;
        if ((pieces[middle] as (typeof pieces)[number]).start - 1 <= offset) low = middle;
        else high = middle - 1;
      }
      return pieces[low] as (typeof pieces)[number];
    };
    scripts.push({
      script: parseScript(text, 'exec'),
      text,
      rangeOf: (start) => pieceAt(start).word.range,
      origin: 'exec',
    });
  }
  const isScript = scriptHeredocs(run, commandParse);
  for (const heredoc of run.heredocs) {
    if (!isScript.has(heredoc)) continue;
    scripts.push({
      script: parsedHeredoc(heredoc),
      text: heredoc.content,
      rangeOf: (start, end) => heredoc.rangeOf(start, end),
      origin: 'heredoc',
      heredoc,
    });
  }
  return scripts;
}
