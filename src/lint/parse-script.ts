/**
 * How the linter parses the shell texts a RUN runs, by where the text comes from. A parse is kept with the node
 * it was made for (`run-script.ts`): an editor's incremental parse hands back unchanged RUNs as the same nodes,
 * so their parses are reused without a table of texts. (A table of parses by text, shared between lints, was
 * tried: across the files of a run it held parses long enough for the young-generation collector to copy and
 * promote them, which cost more than parsing again — the shell parser reads some 60 MB/s.)
 */
import { parseShell, type ShellScript } from './shell/index.js';

/** How a text is parsed: a RUN's shell form (heredoc bodies outside it or not), exec form, a heredoc body. */
export type ScriptKind = 'command' | 'command-with-heredocs' | 'exec' | 'heredoc';

const parsers: Readonly<Record<ScriptKind, (text: string) => ShellScript>> = {
  command: (text) => parseShell(text, { externalHeredocs: false }),
  'command-with-heredocs': (text) => parseShell(text, { externalHeredocs: true }),
  exec: (text) => parseShell(text),
  heredoc: (text) => parseShell(text),
};

/** `parseShell(text, …)` with the options for the kind of text. */
export function parseScript(text: string, kind: ScriptKind): ShellScript {
  return parsers[kind](text);
}
