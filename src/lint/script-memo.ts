/**
 * Parsed shell scripts by their text, shared between lint runs. An editor lints the whole file again after
 * every keystroke while all but one of its RUNs are unchanged; parsing is a pure function of the text and
 * the options, and offsets in a parsed script are relative to its text, so a RUN that merely moved reuses its
 * parse too. The rules' per-script tables (commands by name, unwrapped commands) hang off the parsed script,
 * so they are reused along with it.
 */
import { parseShell, type ShellScript } from './shell/index.js';
import { TextMemo } from './text-memo.js';

/** How a text is parsed: a RUN's shell form (heredoc bodies outside it or not), exec form, a heredoc body. */
export type ScriptKind = 'command' | 'command-with-heredocs' | 'exec' | 'heredoc';

/** Longer texts are parsed every time: one would crowd out many ordinary scripts. */
const MAX_TEXT_LENGTH = 16 * 1024;

/**
 * What a parse and the tables built on it keep grows with the text, so each table is bounded by the characters
 * of script text it holds (shell-form commands are by far the most common kind).
 */
const memos: Readonly<Record<ScriptKind, TextMemo<ShellScript>>> = {
  command: new TextMemo(128 * 1024, MAX_TEXT_LENGTH),
  'command-with-heredocs': new TextMemo(32 * 1024, MAX_TEXT_LENGTH),
  exec: new TextMemo(32 * 1024, MAX_TEXT_LENGTH),
  heredoc: new TextMemo(64 * 1024, MAX_TEXT_LENGTH),
};

const parsers: Readonly<Record<ScriptKind, (text: string) => ShellScript>> = {
  command: (text) => parseShell(text, { externalHeredocs: false }),
  'command-with-heredocs': (text) => parseShell(text, { externalHeredocs: true }),
  exec: (text) => parseShell(text, { shellStrings: false }),
  heredoc: (text) => parseShell(text),
};

/** `parseShell(text, …)` for the kind, answered from earlier runs when the same text was parsed. */
export function parseScript(text: string, kind: ScriptKind): ShellScript {
  return memos[kind].get(text, parsers[kind]);
}
