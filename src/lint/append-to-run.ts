/**
 * The fix that runs one more command at the end of a RUN (`… && rm -rf /var/lib/apt/lists/*`), for the rules
 * that ask for a cleanup in the same layer.
 */
import type { RunInstruction } from '../parser/index.js';
import { runScripts } from './run-script.js';
import type { ReportDescriptor } from './types.js';

/** Characters a script may not end with for `&& command` to follow it: a list, pipe or background operator. */
const OPEN_ENDS = new Set([';', '&', '|']);

/**
 * Appends ` && <command>` after the last character of a shell-form RUN's command, so that it runs once the rest
 * has succeeded. `undefined` where that cannot be said of the text (see `appendPoint`).
 */
export function appendToRun(run: RunInstruction, command: string, description: string): ReportDescriptor['fix'] {
  const at = appendPoint(run);
  if (at === null) return undefined;
  return { description, edits: [{ start: at, end: at, text: ` && ${command}` }] };
}

/**
 * The source offset just after the last character of a shell-form RUN's command, where `&& command` may follow
 * and run once the rest has succeeded. `null` for exec form, heredocs, a script the shell parser had to recover
 * from, one that ends with an operator or a backslash, or one whose last line ends in a comment (which would
 * swallow the addition).
 */
export function appendPoint(run: RunInstruction): number | null {
  const shellForm = run.command;
  if (shellForm?.form !== 'shell' || run.heredocs.length > 0) return null;
  const parsed = runScripts(run)[0];
  if (parsed === undefined || parsed.origin !== 'command' || !parsed.script.complete) return null;
  const text = shellForm.text;
  const end = text.trimEnd().length;
  const last = text.charAt(end - 1);
  if (end === 0 || OPEN_ENDS.has(last) || last === '\\') return null;
  let commandsEnd = 0;
  for (const cmd of parsed.script.commands) if (cmd.end > commandsEnd) commandsEnd = cmd.end;
  // After the last simple command only closing words and operators may follow (`; fi`, `)`), never a comment.
  if (commandsEnd === 0 || text.slice(commandsEnd, end).includes('#')) return null;
  return shellForm.rangeOf(end - 1, end).end.offset;
}
