import type { RuleModule } from '../types.js';
import { exposeItems } from './expose-proto-casing.js';

/** ExposeInvalidFormat: an EXPOSE port with a host IP or host port, which EXPOSE cannot honour. */
export const exposeInvalidFormat: RuleModule = {
  meta: {
    id: 'expose-invalid-format',
    buildkit: 'ExposeInvalidFormat',
    severity: 'warning',
    category: 'correctness',
    locality: 'stage',
    docs: {
      summary: 'EXPOSE should not name an IP address or a host port',
      description:
        'Flags an `EXPOSE` item written like a publish mapping: `host:container` or `ip:host:container`. Items with ' +
        'variables are judged after expansion when their values are known.',
      rationale:
        'An image cannot choose host ports or addresses: the builder keeps only the container port and drops the ' +
        'rest, so the line promises something that never happens. It is deprecated and will become an error.',
      example: 'EXPOSE 127.0.0.1:8080:80',
      useInstead: 'EXPOSE 80',
    },
  },
  create(context) {
    return {
      EXPOSE(node, scope) {
        for (const port of node.ports) {
          for (const item of exposeItems(context, port, scope)) {
            if (!item.parsed.invalidFormat) continue;
            context.report({
              message: `EXPOSE instruction should not define an IP address or host-port mapping, found '${item.text}'`,
              range: port.raw.range,
            });
          }
        }
      },
    };
  },
};
