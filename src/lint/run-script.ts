/**
 * The shell scripts a RUN executes, parsed once per instruction and shared by every rule: the shell-form
 * command, the heredoc bodies that are scripts (`RUN <<EOF`, `RUN bash <<EOF`), and exec form read as one
 * simple command. Each comes with a way to turn offsets in the parsed text into source ranges.
 */
import type { Heredoc, Position, Range, RunInstruction } from '../parser/index.js';
import { parseScript } from './script-memo.js';
import type { ShellScript } from './shell/index.js';

export interface RunScript {
  readonly script: ShellScript;
  /** The text that was parsed. */
  readonly text: string;
  /** The source range of `text[start, end)`. */
  rangeOf(start: number, end: number): Range;
  readonly origin: 'command' | 'heredoc' | 'exec';
}

const cache = new WeakMap<RunInstruction, readonly RunScript[]>();

/**
 * A position `by` characters into `content`, which starts at `base` in the source. `newlines` are the offsets
 * of the line breaks in `content`: rules map many words of a long heredoc, and scanning it from the top for
 * each of them made the mapping quadratic.
 */
function advance(base: Position, newlines: readonly number[], by: number): Position {
  // How many line breaks come before `by`.
  let low = 0;
  let high = newlines.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if ((newlines[mid] as number) < by) low = mid + 1;
    else high = mid;
  }
  const lineStart = low === 0 ? -base.character : (newlines[low - 1] as number) + 1;
  return { line: base.line + low, character: by - lineStart, offset: base.offset + by };
}

function newlinesOf(content: string): number[] {
  const offsets: number[] = [];
  for (let i = content.indexOf('\n'); i !== -1; i = content.indexOf('\n', i + 1)) offsets.push(i);
  return offsets;
}

/** Shells that read a heredoc on standard input as their script. */
const SHELL_NAMES = /^(?:\/(?:usr\/)?bin\/)?(?:sh|bash|ash|dash|zsh|ksh)$/;

function heredocIsScript(run: RunInstruction, heredoc: Heredoc): boolean {
  const command = run.command?.text.trim() ?? '';
  // `RUN <<EOF` alone runs the body; `RUN bash <<EOF` (and `sh -e <<EOF`) feeds it to a shell.
  const words = command.split(/\s+/).filter((word) => !/^\d*<<-?/.test(word) && !word.startsWith('-'));
  const bodyWord = heredoc.chomp ? '<<-' : '<<';
  if (!command.includes(bodyWord)) return false;
  return words.length === 0 || SHELL_NAMES.test(words[0] ?? '');
}

/** The scripts of a RUN (shell form and script heredocs; exec form as one command). Cached per instruction. */
export function runScripts(run: RunInstruction): readonly RunScript[] {
  const cached = cache.get(run);
  if (cached) return cached;
  const scripts: RunScript[] = [];
  const command = run.command;
  if (command?.form === 'shell') {
    scripts.push({
      script: parseScript(command.text, run.heredocs.length > 0 ? 'command-with-heredocs' : 'command'),
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
    const pieceAt = (offset: number): (typeof pieces)[number] => {
      let found = pieces[0] as (typeof pieces)[number];
      for (const piece of pieces) if (piece.start - 1 <= offset) found = piece;
      return found;
    };
    scripts.push({
      script: parseScript(text, 'exec'),
      text,
      rangeOf: (start) => pieceAt(start).word.range,
      origin: 'exec',
    });
  }
  for (const heredoc of run.heredocs) {
    if (!heredocIsScript(run, heredoc)) continue;
    const base = heredoc.bodyRange.start;
    const content = heredoc.content;
    let newlines: number[] | null = null;
    scripts.push({
      script: parseScript(content, 'heredoc'),
      text: content,
      rangeOf: (start, end) => {
        newlines ??= newlinesOf(content);
        return { start: advance(base, newlines, start), end: advance(base, newlines, end) };
      },
      origin: 'heredoc',
    });
  }
  cache.set(run, scripts);
  return scripts;
}
