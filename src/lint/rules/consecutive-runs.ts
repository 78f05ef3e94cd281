import type { RunInstruction } from '../../parser/index.js';
import { appendPoint } from '../append-to-run.js';
import { isPragmaLine } from '../pragmas.js';
import { parseScript } from '../parse-script.js';
import { runScripts } from '../run-script.js';
import { commandName, type SimpleCommand } from '../shell/index.js';
import type { ReportDescriptor, RuleModule } from '../types.js';
import { hadolintCommandCount, hadolintScriptCommandCount } from './apt-get-assume-yes.js';

/**
 * The commands a RUN executes as hadolint counts them: those with a literal name, in command substitutions too,
 * not in the script string of `sh -c '…'`. A test in brackets (`[ -e f ]`, `[[ … ]]`) is a condition to the
 * shell parser hadolint uses, not a command, so `[ -e f ] && make` is one command (`test -e f && make` is two).
 * hadolint finds no command at all in a script its shell parser rejects (PowerShell, say): such a RUN counts as
 * none, so it is merged like a single command. The exec form it reads as its arguments joined by spaces:
 * `["sh", "-c", "a && b"]` is `sh -c a && b`, two commands.
 */
function commandCount(run: RunInstruction): number {
  const command = run.command;
  if (command?.form === 'exec') {
    const script = parseScript(command.args.map((arg) => arg.value).join(' '), 'command');
    return script.ownComplete ? hadolintScriptCommandCount(script, isCountedCommand) : 0;
  }
  if (runScripts(run).some((script) => script.origin === 'command' && !script.script.ownComplete)) return 0;
  return hadolintCommandCount(run, isCountedCommand);
}

const isCountedCommand = (name: string): boolean => name !== '[' && name !== '[[';

/**
 * Only RUNs of a single command are worth merging: hadolint leaves two RUNs alone as soon as either chains
 * commands (`a && b`, `a; b`, a pipe), taking the split as deliberate.
 */
const MAX_COMMANDS = 1;

function flagsOf(run: RunInstruction): string {
  return run.flags.map((f) => f.text).join(' ');
}

/**
 * Commands whose effect outlives them in the shell that runs them (directory, variables, options, limits,
 * traps, or the shell itself): merged, the next RUN's command would run under it, or not at all.
 */
const SHELL_STATE = new Set([
  'cd', 'pushd', 'popd', 'export', 'unset', 'set', 'shopt', 'source', '.', 'eval', 'exec', 'exit', 'umask',
  'ulimit', 'alias', 'unalias', 'declare', 'typeset', 'readonly', 'local', 'trap', 'hash', 'enable', 'builtin',
  'command',
]);

/** The one command of a RUN's shell form, when the script is nothing else: no other command, nested ones included. */
function onlyCommand(run: RunInstruction): { text: string; cmd: SimpleCommand } | null {
  if (run.command?.form !== 'shell' || run.heredocs.length > 0) return null;
  const parsed = runScripts(run)[0];
  if (parsed === undefined || parsed.origin !== 'command' || !parsed.script.complete) return null;
  const commands = parsed.script.commands;
  return commands.length === 1 ? { text: parsed.text, cmd: commands[0] as SimpleCommand } : null;
}

/**
 * Around the one command only grouping, negation and a trailing `;` or comment: nothing that would bind the
 * command to what comes before it differently once it follows `&&` (a trailing `&` would send both to the
 * background).
 */
const PLAIN_BEFORE = /^[\s(!{]*$/;
const PLAIN_AFTER = /^[\s;)}]*(?:#.*)?$/;

/**
 * Runs `run`'s command in `previous` after `&&`: the text from the end of `previous`'s command to the start of
 * `run`'s (line breaks, comments, keyword, flags) becomes ` && \`, the comments and a continuation line.
 * `undefined` unless both are plain shell-form commands, nothing but blank lines and comments other than
 * pragmas stands between them, and `previous` changes no shell state.
 */
function mergeFix(source: string, escapeChar: string, previous: RunInstruction, run: RunInstruction): ReportDescriptor['fix'] {
  const first = onlyCommand(previous);
  const second = onlyCommand(run);
  if (first === null || second === null || run.command === null) return undefined;
  const firstName = commandName(first.cmd);
  if (firstName === null || SHELL_STATE.has(firstName) || first.cmd.assignments.length > 0) return undefined;
  const { text, cmd } = second;
  if (cmd.name === null || !PLAIN_BEFORE.test(text.slice(0, cmd.start)) || !PLAIN_AFTER.test(text.slice(cmd.end))) {
    return undefined;
  }
  const start = appendPoint(previous);
  if (start === null) return undefined;
  // Between the two: the rest of the first RUN's line, blank and comment lines, the second's indentation.
  const lines = source.slice(start, run.range.start.offset).split(/\r?\n/);
  if (lines.length < 2 || !/^[ \t]*$/.test(lines[0] as string) || !/^[ \t]*$/.test(lines[lines.length - 1] as string)) {
    return undefined;
  }
  // The comments go inside the merged RUN, where the builder skips them; blank lines there would be empty
  // continuation lines, so they go. A pragma there would no longer apply to anything: none is moved.
  const comments = lines.slice(1, -1).filter((line) => line.trim() !== '');
  if (comments.some((line) => !line.trimStart().startsWith('#') || isPragmaLine(line))) return undefined;
  const end = run.command.rangeOf(0, 0).start.offset;
  const eol = source.slice(start, end).includes('\r\n') ? '\r\n' : '\n';
  const indent = ' '.repeat(previous.keyword.length + 1);
  return {
    description: `Run ${cmd.name.value} in the RUN before it`,
    edits: [{ start, end, text: ` && ${escapeChar}${eol}${comments.map((line) => line + eol).join('')}${indent}` }],
  };
}

export const consecutiveRuns: RuleModule = {
  meta: {
    id: 'consecutive-runs',
    hadolint: 'DL3059',
    severity: 'info',
    category: 'performance',
    locality: 'stage',
    fixable: 'unsafe',
    docs: {
      summary: 'Consolidate consecutive RUN instructions',
      description:
        'Flags a `RUN` right after another `RUN` (comments between them do not count) with the same flags, ' +
        'when each runs a single command. Chains of several commands are taken as a deliberate split.',
      rationale:
        'Every RUN makes a layer. Short consecutive RUNs with the same mounts and options can share one, which ' +
        'makes the image smaller and the build faster.',
      example: 'FROM debian:12\nRUN mkdir /app\nRUN chown app /app',
      useInstead: 'FROM debian:12\nRUN mkdir /app && \\\n    chown app /app',
      fixSafety:
        'Unsafe: the RUN is merged into the one before it, its command after ` && \\` on a continuation line. ' +
        'Offered when both are shell form with one command and no heredoc, only blank lines and comments (not ' +
        'pragmas) stand between them (the comments move inside the merged RUN, where the builder skips them), ' +
        'and the first command is no `cd`, `export`, `set`, `source`, `exec` or other command that changes the ' +
        'shell the second would now run in. What can still change: the second command runs in the same shell ' +
        'and layer as the first (a file the first leaves behind is no longer a layer of its own), the merged ' +
        'layer is rebuilt when either command changes, and the lines below move up.',
    },
  },
  create(context) {
    // The RUN a later one is compared with: the last RUN (a run of short RUNs is reported RUN by RUN, each fix
    // merging a RUN into the one before it), and any other instruction, FROM included, starts afresh.
    // Instructions before the first FROM are compared too. An ONBUILD's trigger is compared with nothing.
    // Since every FROM starts afresh, nothing carries from one stage to the next: the rule is stage-local.
    //
    // Only RUNs are visited (a handler for every other kind, on every lint, cost more than the rule's own work):
    // an instruction between two RUNs shows as a gap between their places in the file's instructions. The
    // engine visits those in order, so each RUN is looked for after the last one; a chunk an incremental lint
    // skips ends before a FROM, and FROM starts afresh anyway.
    const instructions = context.ast.instructions;
    // Commands are counted only for RUNs that follow one another with the same flags, once per RUN.
    interface Anchor {
      readonly run: RunInstruction;
      readonly flags: string;
      count: number | null;
    }
    const countOf = (at: Anchor): number => (at.count ??= commandCount(at.run));
    let anchor: Anchor | null = null;
    let lastIndex = -1;
    return {
      RUN(instruction, scope) {
        if (scope.inOnbuild) return;
        const index = instructions.indexOf(instruction, lastIndex + 1);
        const follows = index !== -1 && lastIndex !== -1 && index === lastIndex + 1;
        lastIndex = index;
        const flags = flagsOf(instruction);
        const previous = anchor;
        anchor = { run: instruction, flags, count: null };
        if (!follows || previous === null || previous.flags !== flags) return;
        if (countOf(previous) > MAX_COMMANDS || countOf(anchor) > MAX_COMMANDS) return;
        const fix = mergeFix(context.text, context.ast.escapeChar, previous.run, instruction);
        context.report({
          message: 'Multiple consecutive `RUN` instructions. Consider consolidation.',
          range: instruction.keywordRange,
          ...(fix ? { fix } : {}),
        });
      },
    };
  },
};
