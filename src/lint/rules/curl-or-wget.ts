import { hadolintCommands } from './apt-get-assume-yes.js';
import type { RuleModule } from '../types.js';

type Tool = 'curl' | 'wget';

export const curlOrWget: RuleModule = {
  meta: {
    id: 'curl-or-wget',
    hadolint: 'DL4001',
    severity: 'warning',
    category: 'maintainability',
    locality: 'stage',
    docs: {
      summary: 'Use either wget or curl, not both',
      description:
        'Flags the use of `curl` or `wget` in a stage that has already used the other one. Each RUN using one ' +
        'of them after both have appeared is reported. ONBUILD triggers are counted apart, as they run in ' +
        'another build. The programs are known by their names as written, as hadolint knows them (not behind ' +
        '`sudo` or by their paths).',
      rationale:
        'Both tools download files; installing and using both makes the image larger and the Dockerfile less ' +
        'consistent for no gain.',
      example: 'FROM debian:12\nRUN wget https://example.com/a\nRUN curl -O https://example.com/b',
      useInstead: 'FROM debian:12\nRUN curl -O https://example.com/a\nRUN curl -O https://example.com/b',
    },
  },
  create(context) {
    let seen = new Set<Tool>();
    let seenOnbuild = new Set<Tool>();
    return {
      Stage() {
        seen = new Set();
        seenOnbuild = new Set();
      },
      RUN(node, scope) {
        const tools = scope.inOnbuild ? seenOnbuild : seen;
        const words = [];
        for (const { script: run, cmd } of hadolintCommands(node, ['curl', 'wget'])) {
          if (cmd.name === null) continue;
          tools.add(cmd.name.value.endsWith('curl') ? 'curl' : 'wget');
          words.push(run.rangeOf(cmd.name.start, cmd.name.end));
        }
        const first = words[0];
        if (first === undefined || tools.size < 2) return;
        context.report({ message: 'Either use Wget or Curl but not both', range: first });
      },
    };
  },
};
