import { expandWords, type ExposedPort } from '../../parser/index.js';
import { parseExposedPort, type ParsedExposedPort } from '../../parser/ports.js';
import { valuesInScope } from '../scope.js';
import type { InstructionScope, RuleContext, RuleModule } from '../types.js';
import { rangeMaker } from './undefined-var.js';

/** One EXPOSE item after expansion, and whether it is the word's source text itself. */
export interface ExposeItem {
  readonly text: string;
  readonly parsed: ParsedExposedPort;
  readonly literal: boolean;
}

/**
 * The items an EXPOSE word stands for. A word with variables is expanded with what the scope knows; when it uses
 * a variable the scope does not define (one from the base image, or in an ONBUILD trigger) it is not judged.
 */
export function exposeItems(context: RuleContext, port: ExposedPort, scope: InstructionScope): ExposeItem[] {
  const word = port.raw;
  const source = context.text.slice(word.range.start.offset, word.range.end.offset);
  const first = parseExposedPort(word.value);
  if (first.literal) return [{ text: word.value, parsed: first, literal: source === word.value }];
  if (scope.inOnbuild) return [];
  const result = expandWords(word.value, valuesInScope(scope), { escapeChar: context.ast.escapeChar });
  if (!result.ok || result.unmatched.size > 0) return [];
  return result.value.map((text) => ({ text, parsed: parseExposedPort(text), literal: false }));
}

/** ExposeProtoCasing: the protocol of an EXPOSE port is not lower case. */
export const exposeProtoCasing: RuleModule = {
  meta: {
    id: 'expose-proto-casing',
    buildkit: 'ExposeProtoCasing',
    severity: 'warning',
    category: 'style',
    locality: 'stage',
    fixable: 'safe',
    docs: {
      summary: 'Protocol in EXPOSE should be lowercase',
      description: 'Flags an `EXPOSE` port whose protocol is not written in lower case, such as `80/TCP`.',
      rationale:
        'The builder lower-cases the protocol anyway; writing it in lower case matches the image configuration ' +
        'and what `docker inspect` shows, and keeps one spelling across files.',
      example: 'EXPOSE 80/TCP',
      useInstead: 'EXPOSE 80/tcp',
      fixSafety: 'The builder lower-cases the protocol itself, so the exposed ports do not change.',
    },
  },
  create(context) {
    const makeRange = rangeMaker(context);
    return {
      EXPOSE(node, scope) {
        for (const port of node.ports) {
          for (const item of exposeItems(context, port, scope)) {
            const protocol = item.parsed.protocol;
            if (!item.parsed.protocolCasing || protocol === null) continue;
            const message = `Defined protocol '${item.text}' in EXPOSE instruction should be lowercase`;
            if (!item.literal) {
              context.report({ message, range: port.raw.range });
              continue;
            }
            const end = port.raw.range.end.offset;
            const start = end - protocol.length;
            context.report({
              message,
              range: makeRange(start, end),
              fix: { description: `Write '${protocol.toLowerCase()}'`, edits: [{ start, end, text: protocol.toLowerCase() }] },
            });
          }
        }
      },
    };
  },
};
