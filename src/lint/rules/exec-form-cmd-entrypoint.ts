import type { CmdInstruction, EntrypointInstruction, HealthcheckInstruction } from '../../parser/index.js';
import { someInChain } from '../scope.js';
import type { InstructionScope, RuleModule, StageInfo } from '../types.js';

const MESSAGE = 'Use arguments JSON notation for CMD and ENTRYPOINT arguments';

/**
 * Characters that make `/bin/sh -c` do something an argument list cannot: expansions, quoting, escapes,
 * globs, redirections, command lists, subshells, comments, negation, tilde and brace expansion.
 */
const SHELL_SYNTAX = /[$`'"\\*?[\]<>|&;(){}#!~]/;

/** Words that only a shell understands as a first word: there is no program of that name to run. */
const SHELL_ONLY = new Set([
  '.', 'alias', 'case', 'cd', 'declare', 'do', 'done', 'elif', 'else', 'esac', 'eval', 'exit', 'export', 'fi',
  'for', 'function', 'if', 'local', 'read', 'readonly', 'return', 'select', 'set', 'shift', 'source', 'then',
  'trap', 'typeset', 'ulimit', 'umask', 'unset', 'until', 'wait', 'while',
  // Builtins with no program of their name on most images.
  ':', 'builtin', 'command', 'hash', 'type', 'exec',
]);

/**
 * The exec-form arguments that run the same program with the same arguments, or `null` when the command uses
 * shell syntax that an argument list cannot express.
 */
function execFormOf(command: string): readonly string[] | null {
  if (SHELL_SYNTAX.test(command)) return null;
  const words = command.split(/[ \t\r\n]+/).filter((word) => word !== '');
  // `exec prog` only asks the shell to get out of the way, which exec form does by itself (not `exec -a name`,
  // `exec --`, `exec exec`: those stay in shell form).
  if (words[0] === 'exec') words.shift();
  const first = words[0];
  if (first === undefined || first.includes('=') || first.startsWith('-') || SHELL_ONLY.has(first)) return null;
  return words;
}

/** DL3025: CMD, ENTRYPOINT and HEALTHCHECK CMD in exec form. */
export const execFormCmdEntrypoint: RuleModule = {
  meta: {
    id: 'exec-form-cmd-entrypoint',
    hadolint: 'DL3025',
    buildkit: 'JSONArgsRecommended',
    severity: 'warning',
    category: 'correctness',
    fixable: 'unsafe',
    docs: {
      summary: 'Use JSON notation for CMD and ENTRYPOINT arguments',
      description:
        'Flags `CMD`, `ENTRYPOINT` and, as hadolint does, `HEALTHCHECK CMD` written in shell form. As in ' +
        'BuildKit, a stage that set its own `SHELL` (or builds on a stage that did) is exempt, since shell form ' +
        "is then a deliberate choice. BuildKit's JSONArgsRecommended leaves `HEALTHCHECK` alone; this rule " +
        'reports it under the same names, so `# check=skip=JSONArgsRecommended` silences it too.',
      rationale:
        'Shell form runs the command as `/bin/sh -c "…"`, so the shell, not the application, becomes PID 1. ' +
        'The shell does not forward SIGTERM, so `docker stop` waits for its timeout and then kills the ' +
        'application without a chance to shut down cleanly. A shell-form `ENTRYPOINT` also ignores any ' +
        '`CMD` or `docker run` arguments. A health check in exec form also runs without starting a shell ' +
        'every interval, and works in images that have none.',
      example: 'FROM node:20\nCMD node server.js',
      useInstead: 'FROM node:20\nCMD ["node", "server.js"]',
      fixSafety:
        'Offered only when the command contains no shell syntax (no variables, quotes, escapes, globs, ' +
        'redirections, pipes, command lists or assignments), so the words split exactly as the shell would ' +
        'split them; a leading `exec` is dropped. It is still unsafe: the program becomes PID 1 and now ' +
        'receives signals itself, a shell-form `ENTRYPOINT` turned into exec form starts receiving `CMD` and ' +
        '`docker run` arguments, and a `SHELL` inherited from the base image is no longer used.',
    },
  },
  create(context) {
    const explicitShell = new Set<number>();
    const setsShell = (stage: StageInfo): boolean => explicitShell.has(stage.index);
    const chainsWithShell = new Map<StageInfo, boolean>();
    const check = (node: CmdInstruction | EntrypointInstruction | HealthcheckInstruction, scope: InstructionScope): void => {
      const command = node.command;
      // A trigger runs in a downstream stage, whose SHELL is unknown here.
      if (scope.inOnbuild || !command || command.form !== 'shell') return;
      const stage = scope.stage;
      // The stages it is built on were visited whole before this one.
      if (stage && (explicitShell.has(stage.index) || someInChain(stage.parent, setsShell, chainsWithShell))) return;
      const words = node.heredocs.length === 0 ? execFormOf(command.text) : null;
      context.report({
        message: MESSAGE,
        range: command.range,
        ...(words
          ? {
              fix: {
                description: `Write ${node.kind === 'HEALTHCHECK' ? `${node.name} CMD` : node.name} in exec form`,
                edits: [
                  {
                    start: command.range.start.offset,
                    end: command.range.end.offset,
                    text: `[${words.map((word) => JSON.stringify(word)).join(', ')}]`,
                  },
                ],
              },
            }
          : {}),
      });
    };
    return {
      SHELL(_node, scope) {
        if (!scope.inOnbuild && scope.stage) explicitShell.add(scope.stage.index);
      },
      CMD: check,
      ENTRYPOINT: check,
      HEALTHCHECK(node, scope) {
        // `HEALTHCHECK NONE` has no command; any other word than CMD is a parse error reported elsewhere.
        if (node.mode?.value.toUpperCase() === 'CMD') check(node, scope);
      },
    };
  },
};
