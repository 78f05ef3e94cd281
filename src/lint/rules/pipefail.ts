import { parseImageReference, type RunInstruction } from '../../parser/index.js';
import { placeAbove } from '../move-instruction.js';
import { isBareHeredocRun, runScripts, type RunScript } from '../run-script.js';
import { DEFAULT_SHELL, rootStageOf } from '../scope.js';
import { lineBreakAt } from '../source-lines.js';
import { basename, outsideShellStrings, programName, type ShellWord, type SimpleCommand } from '../shell/index.js';
import type { ReportDescriptor, RuleModule, StageInfo } from '../types.js';

const NON_POSIX = /^(?:pwsh|powershell|cmd)(?:\.exe)?$/i;
const PIPEFAIL_SHELLS: ReadonlySet<string> = new Set(['bash', 'zsh', 'ash']);

/** Whether the SHELL sets `-o pipefail` for a shell that knows it. */
function setsPipefail(shell: readonly string[]): boolean {
  if (!PIPEFAIL_SHELLS.has(basename(shell[0] ?? ''))) return false;
  const args = shell.slice(1);
  const hasO = args.some((a) => /^-[A-Za-z]*$/.test(a) && a.includes('o'));
  return hasO && args.includes('pipefail');
}

/**
 * Whether a script has a pipe this rule speaks of. A pipe inside `sh -c '…'` or in a heredoc fed to `bash <<EOF`
 * runs in a shell of its own, which the SHELL's pipefail does not reach (hadolint reads neither), but the exec
 * form's `sh -c` script is read, as hadolint reads it, and so is the body of `RUN <<EOF`. A shell-form script
 * that is not shell at all (PowerShell run by `powershell -Command`, say) has no pipe to speak of: hadolint's
 * shell parser rejects it and finds none.
 */
function hasCheckedPipe(node: RunInstruction, run: RunScript): boolean {
  if (run.origin === 'exec') return run.script.hasPipe;
  if (run.origin === 'command' && !run.script.ownComplete) return false;
  // A heredoc is the SHELL's own script only in a RUN that is nothing else.
  if (run.origin === 'heredoc' && (!isBareHeredocRun(node) || run.heredoc !== node.heredocs[0])) return false;
  return run.script.hasOwnPipe;
}

/**
 * The first command that reads from a pipe: the one right after the first `|`, outside shell strings unless
 * `inStrings` (where the exec form's `sh -c` script is the pipe's place).
 */
function afterPipe(commands: readonly SimpleCommand[], inStrings: boolean): ShellWord | null {
  const seen = new Set<number>();
  const outside = inStrings ? null : outsideShellStrings();
  for (const cmd of commands) {
    if (outside !== null && !outside(cmd)) continue;
    if (!cmd.inPipe) continue;
    if (seen.has(cmd.pipeline) && cmd.name !== null) return cmd.name;
    seen.add(cmd.pipeline);
  }
  return null;
}

/**
 * Docker Hub's official images whose Debian, Ubuntu or Red Hat based variants have bash at `/bin/bash` (their
 * Alpine, BusyBox and Windows variants are told apart by the tag).
 */
const BASH_IMAGES: ReadonlySet<string> = new Set([
  'debian', 'ubuntu', 'buildpack-deps', 'python', 'node', 'golang', 'ruby', 'php', 'perl', 'openjdk',
  'eclipse-temurin', 'amazoncorretto', 'maven', 'gradle', 'rust', 'fedora', 'centos', 'rockylinux', 'almalinux',
  'amazonlinux', 'oraclelinux', 'elixir', 'erlang', 'haskell', 'julia', 'r-base', 'swift', 'pypy', 'postgres',
  'mysql', 'mariadb', 'httpd', 'nginx', 'redis', 'mongo', 'wordpress',
]);
const NOT_BASH_TAG = /alpine|busybox|nanoserver|windowsservercore|ltsc/i;

/** Whether the image the stage is built from (through the stages it builds on) is known to have bash. */
function hasBash(stage: StageInfo): boolean {
  const reference = parseImageReference(rootStageOf(stage).baseImage);
  if (!reference.valid || (reference.registry !== null && reference.registry !== 'docker.io')) return false;
  const repository = reference.repository.replace(/^library\//, '');
  return BASH_IMAGES.has(repository) && !NOT_BASH_TAG.test(reference.tag ?? '');
}

const sameShell = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((w, i) => w === b[i]);

/**
 * Puts `SHELL ["/bin/bash", "-o", "pipefail", "-c"]` above the RUN (and above the comment lines directly over
 * it, which may be pragmas for the RUN), in the RUN keyword's case and with the file's line breaks.
 */
function shellFix(source: string, run: RunInstruction): ReportDescriptor['fix'] {
  const above = placeAbove(source, run);
  if (above === null) return undefined;
  const { at: lineStart, indent } = above;
  const keyword = run.keyword === run.keyword.toLowerCase() ? 'shell' : 'SHELL';
  const eol = lineBreakAt(source, lineStart);
  return {
    description: 'Run the stage\'s RUN instructions with bash -o pipefail',
    edits: [{ start: lineStart, end: lineStart, text: `${indent}${keyword} ["/bin/bash", "-o", "pipefail", "-c"]${eol}` }],
  };
}

export const pipefail: RuleModule = {
  meta: {
    id: 'pipefail',
    hadolint: 'DL4006',
    severity: 'warning',
    category: 'correctness',
    locality: 'stage',
    docs: {
      summary: 'Set -o pipefail before a RUN with a pipe',
      description:
        'Flags a `RUN` containing a pipe while the active `SHELL` is not bash, zsh or ash with `-o pipefail`. ' +
        'PowerShell and cmd shells are left alone, whether set by `SHELL` or named by a `# hadolint shell=` pragma.',
      rationale:
        'A pipeline\'s status is that of its last command, so `curl … | tar x` succeeds when the download ' +
        'fails and the build goes on with a broken layer. With pipefail any failing command fails the RUN.',
      example: 'FROM debian:12\nRUN curl -fsSL https://example.com/x.tar.gz | tar -xz',
      useInstead:
        'FROM debian:12\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nRUN curl -fsSL https://example.com/x.tar.gz | tar -xz',
      fixSafety:
        'Unsafe: inserts `SHELL ["/bin/bash", "-o", "pipefail", "-c"]` above the first such RUN of the stage, so ' +
        'it and every later RUN of the stage (and of stages built on it) run in bash with pipefail. Offered only ' +
        'when the stage runs the default `/bin/sh -c` and is built from an official Debian, Ubuntu or Red Hat ' +
        'based image known to have bash (not an Alpine, BusyBox or Windows tag). What can change: a pipeline ' +
        'whose first command fails or is cut off now fails the RUN (`yes | tool` ends `yes` with SIGPIPE), and ' +
        'bash differs from dash in places (`echo \'a\\nb\'` prints the backslash).',
    },
    fixable: 'unsafe',
  },
  create(context) {
    // One SHELL a stage: the first RUN with a pipe gets it, and it covers the RUNs after it.
    const fixedStages = new Set<StageInfo>();
    return {
      RUN(node, scope) {
        // hadolint does not look into ONBUILD triggers for this check.
        if (scope.inOnbuild) return;
        // A `# hadolint shell=pwsh` pragma says RUN commands are not POSIX shell either (hadolint itself only
        // lets the pragma steer ShellCheck).
        const program = programName(scope.shell[0] ?? '');
        const analysed = programName(scope.analysisShell[0] ?? '');
        if (NON_POSIX.test(program) || NON_POSIX.test(analysed) || setsPipefail(scope.shell)) return;
        for (const run of runScripts(node)) {
          if (!hasCheckedPipe(node, run)) continue;
          // A substitution in a double-quoted string runs in this shell too, where its commands overlap the string's.
          const word = afterPipe(run.script.commands, run.origin === 'exec') ?? afterPipe(run.script.commands, true);
          const stage = scope.stage;
          let fix: ReportDescriptor['fix'];
          const defaultShell = sameShell(scope.shell, DEFAULT_SHELL) && sameShell(scope.analysisShell, DEFAULT_SHELL);
          if (stage && !fixedStages.has(stage) && defaultShell && hasBash(stage)) {
            fixedStages.add(stage);
            fix = shellFix(context.text, node);
          }
          context.report({
            message:
              'Set the SHELL option -o pipefail before RUN with a pipe in it. If you are using /bin/sh in an ' +
              'alpine image or if your shell is symlinked to busybox then consider explicitly setting your SHELL ' +
              'to /bin/ash, or disable this check',
            range: word === null ? (node.command?.range ?? node.range) : run.rangeOf(word.start, word.end),
            ...(fix ? { fix } : {}),
          });
          return;
        }
      },
    };
  },
};
