import { remoteSourceKind } from '../../parser/index.js';
import type { RuleModule } from '../types.js';

/** COPY cannot fetch from a URL or a git repository. */
export const copyUrlSource: RuleModule = {
  meta: {
    id: 'copy-url-source',
    severity: 'error',
    category: 'correctness',
    locality: 'stage',
    docs: {
      summary: 'COPY cannot fetch a URL or a git repository',
      description:
        'Flags a COPY source that starts with `http://` or `https://`, or names a git repository ' +
        '(`git@host:path`, `git://…`), unless the COPY takes it from a stage or image with `--from`.',
      rationale:
        'Only ADD downloads; COPY copies from the build context. The builders refuse such a source ("source ' +
        'can\'t be a URL for COPY") when they reach the instruction, after every step before it has run.',
      example: 'FROM alpine:3.20\nCOPY https://example.com/tool.tar.gz /tmp/',
      useInstead: 'FROM alpine:3.20\nADD https://example.com/tool.tar.gz /tmp/',
    },
  },
  create(context) {
    return {
      COPY(node) {
        if (node.options.from) return;
        for (const source of node.sources) {
          if (source.heredoc) continue;
          const remote = remoteSourceKind(source.value);
          if (!remote) continue;
          const kind = remote === 'url' ? 'URL' : 'git ref';
          context.report({
            message: `COPY cannot fetch a ${kind}: the build fails. Use ADD (with --checksum) or download it in a RUN`,
            range: source.range,
          });
        }
      },
    };
  },
};
