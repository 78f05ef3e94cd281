import type { RuleModule } from '../types.js';
import { rangeWithin } from '../ranges.js';

const MAX_PORT = 65535;


/**
 * Where an item's out-of-range port numbers are, as `[start, end)` offsets into the item, or `null` when every
 * literal number is a valid port. Items holding variables or quotes are only known after expansion, so only
 * their literal parts are judged.
 */
export function outOfRange(item: string): readonly [number, number] | null {
  // `ip:host:container` forms only expose the container part.
  const colon = item.lastIndexOf(':');
  const base = colon + 1;
  const slash = item.indexOf('/', base);
  const ports = item.slice(base, slash === -1 ? item.length : slash);
  const dash = ports.indexOf('-');
  const parts: ReadonlyArray<readonly [number, number]> =
    dash === -1 ? [[0, ports.length]] : [[0, dash], [dash + 1, ports.length]];
  let first: number | null = null;
  let last = 0;
  for (const [start, end] of parts) {
    const text = ports.slice(start, end);
    if (/^[0-9]+$/.test(text) && Number(text) > MAX_PORT) {
      first ??= start;
      last = end;
    }
  }
  return first === null ? null : [base + first, base + last];
}

/** DL3011: EXPOSE ports must be in the range of TCP/UDP ports. */
export const validExposePort: RuleModule = {
  meta: {
    id: 'valid-expose-port',
    hadolint: 'DL3011',
    severity: 'error',
    category: 'correctness',
    locality: 'stage',
    docs: {
      summary: 'Valid UNIX ports range from 0 to 65535',
      description:
        'Flags an `EXPOSE` port, or either end of a port range, above 65535. Ports written with variables are ' +
        'only known at build time and are not judged.',
      rationale:
        'Port numbers are 16-bit. A larger number is usually a typo (an extra digit) and makes the build fail ' +
        'or the image advertise a port nothing can listen on.',
      example: 'EXPOSE 80800',
      useInstead: 'EXPOSE 8080',
    },
  },
  create(context) {
    return {
      EXPOSE(node) {
        for (const port of node.ports) {
          const found = outOfRange(port.raw.value);
          if (!found) continue;
          context.report({
            message: 'Valid UNIX ports range from 0 to 65535',
            range: rangeWithin(context.text, port.raw, found[0], found[1]),
          });
        }
      },
    };
  },
};
