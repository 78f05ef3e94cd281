import { runScripts } from '../run-script.js';
import { commandsNamed } from '../shell/index.js';
import type { RuleModule } from '../types.js';

/** hadolint's list; `ifconfig` appears in its message but is not checked. */
const TOOLS: readonly string[] = ['ssh', 'vim', 'shutdown', 'service', 'ps', 'free', 'top', 'kill', 'mount'];

export const noInteractiveTools: RuleModule = {
  meta: {
    id: 'no-interactive-tools',
    hadolint: 'DL3001',
    severity: 'info',
    category: 'correctness',
    locality: 'stage',
    docs: {
      summary: 'Do not run interactive or host-administration tools in RUN',
      description: `Flags ${TOOLS.map((t) => `\`${t}\``).join(', ')} run in a \`RUN\` (also behind sudo or env).`,
      rationale:
        'A build step has no terminal, no init system and no other processes: editors wait for input, `service` ' +
        'and `shutdown` act on daemons that do not run, and `ps`, `top`, `free` or `kill` only see the build ' +
        'step itself. Such commands either hang, fail or do nothing useful.',
      example: 'FROM debian:12\nRUN service nginx start',
      useInstead: 'FROM debian:12\nCMD ["nginx", "-g", "daemon off;"]',
    },
  },
  create(context) {
    return {
      RUN(node) {
        for (const run of runScripts(node)) {
          for (const cmd of commandsNamed(run.script, TOOLS, { unwrap: true })) {
            if (cmd.name === null) continue;
            context.report({
              message:
                'For some bash commands it makes no sense running them in a Docker container like `ssh`, `vim`, ' +
                '`shutdown`, `service`, `ps`, `free`, `top`, `kill`, `mount`, `ifconfig`',
              range: run.rangeOf(cmd.name.start, cmd.name.end),
            });
          }
        }
      },
    };
  },
};
