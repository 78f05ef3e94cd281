import { runScripts } from '../run-script.js';
import { basename, programName, type ShellWord, type SimpleCommand } from '../shell/index.js';
import type { RuleModule } from '../types.js';

const NON_POSIX = /^(?:pwsh|powershell|cmd)(?:\.exe)?$/i;
const PIPEFAIL_SHELLS: ReadonlySet<string> = new Set(['bash', 'zsh', 'ash']);

/** Whether the SHELL sets `-o pipefail` for a shell that knows it. */
function setsPipefail(shell: readonly string[]): boolean {
  if (!PIPEFAIL_SHELLS.has(basename(shell[0] ?? ''))) return false;
  const args = shell.slice(1);
  const hasO = args.some((a) => /^-[A-Za-z]*o[A-Za-z]*$/.test(a));
  return hasO && args.includes('pipefail');
}

/** The first command that reads from a pipe: the one right after the first `|`. */
function afterPipe(commands: readonly SimpleCommand[]): ShellWord | null {
  const seen = new Set<number>();
  for (const cmd of commands) {
    if (!cmd.inPipe) continue;
    if (seen.has(cmd.pipeline) && cmd.name !== null) return cmd.name;
    seen.add(cmd.pipeline);
  }
  return null;
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
    },
  },
  create(context) {
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
          if (!run.script.hasPipe) continue;
          const word = afterPipe(run.script.commands);
          context.report({
            message:
              'Set the SHELL option -o pipefail before RUN with a pipe in it. If you are using /bin/sh in an ' +
              'alpine image or if your shell is symlinked to busybox then consider explicitly setting your SHELL ' +
              'to /bin/ash, or disable this check',
            range: word === null ? (node.command?.range ?? node.range) : run.rangeOf(word.start, word.end),
          });
          return;
        }
      },
    };
  },
};
