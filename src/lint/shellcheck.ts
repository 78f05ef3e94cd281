/**
 * ShellCheck pass-through, the way hadolint does it: every shell-form RUN is checked with a shebang taken
 * from the active SHELL (or the shell a `# hadolint shell=` pragma names; non-POSIX shells are skipped) and an `export NAME=1` for every ARG/ENV name in scope (and the proxy variables), so
 * references to them are not reported as unassigned. Findings keep ShellCheck's code (`SC2086`) and level and
 * map back to the exact place in the Dockerfile.
 *
 * The rule itself is pure: running the binary is the caller's job (`ShellCheckRunner`), so the linter stays
 * usable where no process can be spawned.
 */
import type { RunInstruction } from '../parser/index.js';
import type { LintSeverity, RuleModule } from './types.js';

type ShellCommand = NonNullable<RunInstruction['command']>;

/** One ShellCheck comment (its `json1` format): 1-based lines and columns, tabs counting one column. */
export interface ShellCheckComment {
  readonly line: number;
  readonly endLine: number;
  readonly column: number;
  readonly endColumn: number;
  readonly level: string;
  readonly code: number;
  readonly message: string;
}

/**
 * Runs ShellCheck on a script and returns its comments. A runner may also check many scripts at once
 * (`batch`, their comments in the order of the scripts): the rule then hands it every RUN of a file together,
 * which spares a process start per RUN where the runner starts one.
 */
export type ShellCheckRunner = ((script: string) => readonly ShellCheckComment[]) & {
  readonly batch?: (scripts: readonly string[]) => ReadonlyArray<readonly ShellCheckComment[]>;
};

/** Codes hadolint leaves out: they are about sourcing files that do not exist at lint time, or unknown shells. */
export const EXCLUDED_SHELLCHECK_CODES: readonly string[] = ['SC2187', 'SC1090', 'SC1091'];

const PROXY_VARIABLES = ['HTTP_PROXY', 'http_proxy', 'HTTPS_PROXY', 'https_proxy', 'FTP_PROXY', 'ftp_proxy', 'NO_PROXY', 'no_proxy'];
const NON_POSIX = /(?:^|[\\/])(?:pwsh|powershell|cmd)(?:\.exe)?$/i;

const LEVELS: Readonly<Record<string, LintSeverity>> = { error: 'error', warning: 'warning', info: 'info', style: 'style' };

/** Offset in `text` of 1-based `line`/`column`. */
function offsetOf(text: string, line: number, column: number): number {
  let offset = 0;
  for (let current = 1; current < line; current++) {
    const newline = text.indexOf('\n', offset);
    if (newline === -1) return text.length;
    offset = newline + 1;
  }
  return Math.min(text.length, offset + column - 1);
}

export function createShellCheckRule(runner: ShellCheckRunner): RuleModule {
  return {
    meta: {
      id: 'shellcheck',
      severity: 'info',
      category: 'correctness',
      docs: {
        summary: 'ShellCheck findings in RUN commands',
        description:
          'Runs ShellCheck on every shell-form RUN (when the `shellcheck` program is installed) and reports its ' +
          'findings under their own codes, at their exact place in the Dockerfile.',
        rationale: 'A RUN command is a shell script; the usual shell mistakes (unquoted variables, `cd` without a check…) apply.',
        example: 'FROM alpine\nRUN cd $DIR && make',
        useInstead: 'FROM alpine\nWORKDIR /src\nRUN make',
      },
    },
    create(context) {
      /** Maps a script's comments back to the RUN command they are about, and reports them. */
      const reportComments = (comments: readonly ShellCheckComment[], headerLines: number, command: ShellCommand): void => {
        for (const comment of comments) {
          const code = `SC${comment.code}`;
          if (EXCLUDED_SHELLCHECK_CODES.includes(code) || comment.line <= headerLines) continue;
          if (comment.line > headerLines + 1) continue;
          const start = offsetOf(command.text, comment.line - headerLines, comment.column);
          const end = Math.max(start, offsetOf(command.text, comment.endLine - headerLines, comment.endColumn));
          context.report({
            code,
            severity: LEVELS[comment.level] ?? 'info',
            message: comment.message,
            range: command.rangeOf(start, end),
          });
        }
      };
      const pending: { readonly script: string; readonly headerLines: number; readonly command: ShellCommand }[] = [];
      const batch = runner.batch;
      return {
        RUN(node: RunInstruction, scope) {
          const command = node.command;
          if (!command || command.form !== 'shell' || command.text.trim() === '') return;
          // `RUN <<EOF` alone runs the body as the script: the command line is only the heredoc marker.
          if (/^(?:\d*<<-?\S+\s*)+$/.test(command.text.trim())) return;
          // The shell comes from SHELL or a `# hadolint shell=` pragma, whichever came last.
          const shell = scope.analysisShell[0] ?? '/bin/sh';
          if (NON_POSIX.test(shell)) return;
          // An ONBUILD trigger runs in a later build, which has this image's ENV but not this build's ARGs.
          const argNames = scope.inOnbuild ? [] : [...scope.args.keys()];
          const names = new Set<string>([...argNames, ...scope.env.keys(), ...PROXY_VARIABLES]);
          const header = [`#!${shell}`, ...[...names].filter((n) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(n)).map((n) => `export ${n}=1`)];
          // With heredocs the shell sees the command line, then each body and its terminator (as BuildKit
          // builds it); only findings on the command line itself map back to it.
          const bodies = node.heredocs.map((h) => `${h.content}${h.content.endsWith('\n') || h.content === '' ? '' : '\n'}${h.name}\n`);
          const script = `${header.join('\n')}\n${command.text}\n${bodies.join('')}`;
          if (batch) pending.push({ script, headerLines: header.length, command });
          else reportComments(runner(script), header.length, command);
        },
        'Dockerfile:exit'() {
          if (!batch || pending.length === 0) return;
          const results = batch(pending.map((entry) => entry.script));
          pending.forEach((entry, index) => reportComments(results[index] ?? [], entry.headerLines, entry.command));
        },
      };
    },
  };
}
