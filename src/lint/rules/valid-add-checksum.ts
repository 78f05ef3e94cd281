import { addChecksumProblem, type CopyLikeInstruction } from '../../parser/index.js';
import type { RuleModule } from '../types.js';

/** `ADD --checksum` verifies a download: it needs exactly one URL or git source. */
export const validAddChecksum: RuleModule = {
  meta: {
    id: 'valid-add-checksum',
    severity: 'error',
    category: 'correctness',
    locality: 'stage',
    docs: {
      summary: '`ADD --checksum` needs exactly one URL or git source',
      description:
        'Flags `ADD --checksum` with a source from the build context, or with more than one source (sources written ' +
        'without variables).',
      rationale:
        'BuildKit checks the digest of what it downloads; it refuses the flag for files of the build context ' +
        '("checksum requires HTTP(S) or Git sources") and for several sources ("checksum can\'t be specified for ' +
        'multiple sources"), failing the build.',
      example: 'FROM alpine:3.20\nADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2015d0e1a12d0b5c tool.tar.gz /opt/',
      useInstead:
        'FROM alpine:3.20\nADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2015d0e1a12d0b5c https://example.com/tool.tar.gz /opt/',
    },
  },
  create(context) {
    return {
      ADD(node: CopyLikeInstruction) {
        const flag = node.options.checksum;
        if (!flag) return;
        const paths = node.sources.filter((source) => !source.heredoc);
        if (paths.some((source) => source.value.includes('$'))) return;
        const problem = addChecksumProblem(paths.map((source) => source.value));
        if (problem === 'several-sources') {
          context.report({ message: "ADD --checksum can't be used with several sources: the build fails", range: flag.range });
        } else if (problem === 'context-source') {
          context.report({
            message: 'ADD --checksum requires a URL or git source, not a file of the build context: the build fails',
            range: flag.range,
          });
        }
      },
    };
  },
};
