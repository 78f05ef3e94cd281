import { parseExposedPort } from '../../parser/ports.js';
import type { RuleModule } from '../types.js';
import { outOfRange } from './valid-expose-port.js';

/** An EXPOSE item the builders cannot read fails the build. */
export const exposePortSyntax: RuleModule = {
  meta: {
    id: 'expose-port-syntax',
    severity: 'error',
    category: 'correctness',
    locality: 'stage',
    docs: {
      summary: 'EXPOSE items must be ports the builder can read',
      description:
        'Flags an EXPOSE item, written without variables, that is not `port`, `start-end`, either with ' +
        '`/tcp`, `/udp` or `/sctp` (or Docker\'s `host:port` forms): a name instead of a number, an unknown ' +
        'protocol, a range the wrong way round. Port numbers above 65535 are `valid-expose-port`\'s finding.',
      rationale:
        'Both builders read EXPOSE when they reach the instruction and fail the build on an item they cannot ' +
        'parse ("invalid containerPort: http"), after every step before it has run.',
      example: 'FROM nginx:1.27\nEXPOSE http',
      useInstead: 'FROM nginx:1.27\nEXPOSE 80/tcp',
    },
  },
  create(context) {
    return {
      EXPOSE(node) {
        for (const port of node.ports) {
          const text = port.raw.value;
          if (outOfRange(text)) continue;
          const problem = parseExposedPort(text).problems[0];
          if (!problem) continue;
          context.report({ message: `${problem.message}: the build fails`, range: port.raw.range });
        }
      },
    };
  },
};
