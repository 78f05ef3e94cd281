/**
 * ShellCheck pass-through, the way hadolint does it: every shell-form RUN is checked with a shebang taken
 * from the active SHELL (or the shell a `# hadolint shell=` pragma names; non-POSIX shells are skipped) and an
 * `export NAME=1` for every ARG/ENV name in scope (and the proxy variables), so references to them are not
 * reported as unassigned. Findings keep ShellCheck's code (`SC2086`) and level and map back to the exact place
 * in the Dockerfile, heredoc bodies included (`shellcheck-script.ts` builds the script the shell really runs).
 *
 * The rule itself is pure: running the binary is the caller's job (`ShellCheckRunner`), so the linter stays
 * usable where no process can be spawned.
 */
import type { RunInstruction } from '../parser/index.js';
import { shellCheckScriptFor, type ShellCheckScript } from './shellcheck-script.js';
import { declaredArgNames } from './stage-lookups.js';
import type { LintSeverity, RuleModule, StageInfo } from './types.js';

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
 * Runs ShellCheck on a script and returns its comments, or `null` when the script was not checked (ShellCheck
 * ran out of time on it, or failed). A runner may also check many scripts at once (`batch`, their comments in
 * the order of the scripts): the rule then hands it every RUN of a file together, which spares a process start
 * per RUN where the runner starts one.
 */
export type ShellCheckRunner = ((script: string) => readonly ShellCheckComment[] | null) & {
  readonly batch?: (scripts: readonly string[]) => ReadonlyArray<readonly ShellCheckComment[] | null>;
};

export interface ShellCheckRuleOptions {
  /** Called for each RUN whose script the runner did not check (it answered `null`): its SC findings are missing. */
  readonly onUnchecked?: (node: RunInstruction) => void;
}

/** Codes hadolint leaves out: they are about sourcing files that do not exist at lint time, or unknown shells. */
export const EXCLUDED_SHELLCHECK_CODES: readonly string[] = ['SC2187', 'SC1090', 'SC1091'];

const PROXY_VARIABLES = ['HTTP_PROXY', 'http_proxy', 'HTTPS_PROXY', 'https_proxy', 'FTP_PROXY', 'ftp_proxy', 'NO_PROXY', 'no_proxy'];

const LEVELS: Readonly<Record<string, LintSeverity>> = { error: 'error', warning: 'warning', info: 'info', style: 'style' };

export function createShellCheckRule(runner: ShellCheckRunner, options: ShellCheckRuleOptions = {}): RuleModule {
  return {
    meta: {
      id: 'shellcheck',
      severity: 'info',
      category: 'correctness',
      docs: {
        summary: 'ShellCheck findings in RUN commands',
        description:
          'Runs ShellCheck on every shell-form RUN (when the `shellcheck` program is installed) and reports its ' +
          'findings under their own codes, at their exact place in the Dockerfile. A RUN that is one heredoc is ' +
          'checked from its body, in the shell of its own `#!` line if it has one; bodies fed to a command are ' +
          'checked as the here-documents the shell reads.',
        rationale: 'A RUN command is a shell script; the usual shell mistakes (unquoted variables, `cd` without a check…) apply.',
        example: 'FROM alpine\nRUN cd $DIR && make',
        useInstead: 'FROM alpine\nWORKDIR /src\nRUN make',
      },
    },
    create(context) {
      /** Reports a script's comments where they belong in the Dockerfile, each distinct one once. */
      const reportComments = (comments: readonly ShellCheckComment[] | null, script: ShellCheckScript, node: RunInstruction): void => {
        if (comments === null) {
          options.onUnchecked?.(node);
          return;
        }
        const seen = new Set<string>();
        for (const comment of comments) {
          const code = `SC${comment.code}`;
          if (EXCLUDED_SHELLCHECK_CODES.includes(code)) continue;
          const range = script.rangeOf(comment.line, comment.column, comment.endLine, comment.endColumn);
          const key = `${code} ${range.start.offset} ${range.end.offset} ${comment.message}`;
          if (seen.has(key)) continue;
          seen.add(key);
          context.report({ code, severity: LEVELS[comment.level] ?? 'info', message: comment.message, range });
        }
      };
      /** The ARG names declared in the stages `stage` is built on, worked out once per stage (in a loop: chains run deep). */
      const inherited = new Map<StageInfo, readonly string[]>();
      const inheritedArgNames = (stage: StageInfo | null): readonly string[] => {
        const unknown: StageInfo[] = [];
        for (let at = stage; at?.parent && !inherited.has(at); at = at.parent) unknown.push(at);
        for (let index = unknown.length - 1; index >= 0; index--) {
          const info = unknown[index] as StageInfo;
          const parent = info.parent as StageInfo;
          const above = inherited.get(parent) ?? [];
          const own = declaredArgNames(parent.stage.instructions);
          inherited.set(info, own.length === 0 ? above : [...above, ...own]);
        }
        return (stage && inherited.get(stage)) ?? [];
      };
      const pending: { readonly script: ShellCheckScript; readonly node: RunInstruction }[] = [];
      const batch = runner.batch;
      return {
        RUN(node: RunInstruction, scope) {
          // An ONBUILD trigger runs in a later build, which has this image's ENV but not this build's ARGs. The
          // ARGs of the stages this one is built on are set too, as hadolint exports them.
          const argNames = scope.inOnbuild ? [] : [...inheritedArgNames(scope.stage), ...scope.args.keys()];
          const names = new Set<string>([...argNames, ...scope.env.keys(), ...PROXY_VARIABLES]);
          // The shell comes from SHELL or a `# hadolint shell=` pragma, whichever came last.
          const script = shellCheckScriptFor(node, scope.analysisShell, names);
          if (script === null) return;
          if (batch) pending.push({ script, node });
          else reportComments(runner(script.text), script, node);
        },
        'Dockerfile:exit'() {
          if (!batch || pending.length === 0) return;
          const results = batch(pending.map(({ script }) => script.text));
          pending.forEach(({ script, node }, index) => {
            const comments = results[index];
            reportComments(comments === undefined ? [] : comments, script, node);
          });
        },
      };
    },
  };
}
