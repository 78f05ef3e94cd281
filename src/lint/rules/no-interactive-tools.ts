import { hadolintCommands } from './apt-get-assume-yes.js';
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
      description: `Flags ${TOOLS.map((t) => `\`${t}\``).join(', ')} run in a \`RUN\`, each known by its name as written, as hadolint knows it (through \`command\` and \`exec\`, not behind \`sudo\` or by its path).`,
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
        for (const { script: run, cmd } of hadolintCommands(node, TOOLS)) {
          if (cmd.name === null) continue;
          context.report({
            message:
              'For some bash commands it makes no sense running them in a Docker container like `ssh`, `vim`, ' +
              '`shutdown`, `service`, `ps`, `free`, `top`, `kill`, `mount`, `ifconfig`',
            range: run.rangeOf(cmd.name.start, cmd.name.end),
          });
        }
      },
    };
  },
};
