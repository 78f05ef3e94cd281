/**
 * One item of EXPOSE: `port`, `start-end`, each optionally followed by `/tcp`, `/udp` or `/sctp`.
 *
 * BuildKit also accepts Docker's publish forms `host:ctr` and `ip:host:ctr` here, keeping only the container
 * part, and flags them with its `ExposeInvalidFormat` check; an upper-case protocol is flagged by
 * `ExposeProtoCasing`. Both checks run after variable expansion, as does the whole reading of the item.
 */
import { goQuote } from './go-quote.js';
import type { Problem } from './suggest.js';

export type { Problem } from './suggest.js';

/** What {@link parseExposedPort} returns. */
export interface ParsedExposedPort {
  /** First container port; `null` when the item is not literal or the port part is invalid. */
  readonly start: number | null;
  /** Last container port (equal to `start` for a single port). */
  readonly end: number | null;
  /** Protocol as written, `null` when none is given (BuildKit then uses `tcp`). */
  readonly protocol: string | null;
  /** The IP address of an `ip:host:ctr` item, as written (brackets kept), or `null`. */
  readonly hostIp: string | null;
  /** The host port (range) of a `host:ctr` or `ip:host:ctr` item, or `null`. */
  readonly hostPort: string | null;
  /** False when the item holds `$`, quotes or escape characters: only the shell lexer knows what it becomes. */
  readonly literal: boolean;
  /** The item names a host IP or host port, which EXPOSE ignores (`ExposeInvalidFormat`). */
  readonly invalidFormat: boolean;
  /** The protocol is not written in lower case (`ExposeProtoCasing`). */
  readonly protocolCasing: boolean;
  /** BuildKit's errors for the item, e.g. `invalid containerPort: 80x`. */
  readonly problems: readonly Problem[];
}

const PROTOCOLS = new Set(['tcp', 'udp', 'sctp']);
const SIMPLE_PORT = /^([1-9][0-9]{0,4})(?:\/([a-z]+))?$/;

/** A decimal number as Go's `strconv.ParseInt(text, 10, 0)` reads it, within the port range, or `null`. */
function portNumber(text: string): number | null {
  if (!/^[+-]?[0-9]+$/.test(text)) return null;
  const value = BigInt(text);
  return value >= 0n && value <= 65535n ? Number(value) : null;
}

/** A port or `start-end` range; a range written with equal ends counts as a single port. */
function portRange(text: string): { start: number; end: number } | null {
  if (text === '') return null;
  const dash = text.indexOf('-');
  const startText = dash === -1 ? text : text.slice(0, dash);
  const start = portNumber(startText);
  if (start === null) return null;
  if (dash === -1) return { start, end: start };
  const endText = text.slice(dash + 1);
  if (endText === startText) return { start, end: start };
  const end = portNumber(endText);
  if (end === null || end < start) return null;
  return { start, end };
}

function isIPv4(text: string): boolean {
  const parts = text.split('.');
  return parts.length === 4 && parts.every((part) => /^(?:0|[1-9][0-9]{0,2})$/.test(part) && Number(part) <= 255);
}

/** Go's IP parser: no zones, no leading zeros in IPv4, `::` standing for at least one group of zeros. */
function isIP(text: string): boolean {
  if (isIPv4(text)) return true;
  if (!text.includes(':')) return false;
  const halves = text.split('::');
  if (halves.length > 2) return false;
  const groupsOf = (half: string): string[] => (half === '' ? [] : half.split(':'));
  const groups = [...groupsOf(halves[0] as string), ...(halves.length === 2 ? groupsOf(halves[1] as string) : [])];
  let count = 0;
  for (const [index, group] of groups.entries()) {
    if (index === groups.length - 1 && group.includes('.') && text.endsWith(group)) {
      if (!isIPv4(group)) return false;
      count += 2;
    } else if (/^[0-9a-fA-F]{1,4}$/.test(group)) {
      count += 1;
    } else {
      return false;
    }
  }
  return halves.length === 2 ? count <= 7 : count === 8;
}

/**
 * Go's host:port splitting applied to `ip + ":"`, which is how BuildKit strips the brackets of an IPv6 address;
 * returns the address inside the brackets or Go's reason for refusing.
 */
function unbracket(ip: string): { host: string } | { reason: string } {
  const hostport = `${ip}:`;
  const lastColon = hostport.length - 1;
  const close = hostport.indexOf(']');
  if (close === -1) return { reason: "missing ']' in address" };
  if (close + 1 !== lastColon) {
    return { reason: hostport[close + 1] === ':' ? 'too many colons in address' : 'missing port in address' };
  }
  if (hostport.indexOf('[', 1) !== -1) return { reason: "unexpected '[' in address" };
  if (hostport.indexOf(']', close + 1) !== -1) return { reason: "unexpected ']' in address" };
  return { host: hostport.slice(1, close) };
}

/**
 * Reads one EXPOSE item as BuildKit does after expansion. An item that is not literal (it holds `$`, a quote or
 * an escape character) is left unjudged, with `null` parts.
 *
 * @example
 * parseExposedPort('8000-8010/udp'); // start 8000, end 8010, protocol 'udp'
 * parseExposedPort('80/TCP').protocolCasing; // true
 * parseExposedPort('127.0.0.1:8080:80').invalidFormat; // true
 */
export function parseExposedPort(text: string): ParsedExposedPort {
  const unknown = {
    start: null,
    end: null,
    protocol: null,
    hostIp: null,
    hostPort: null,
    invalidFormat: false,
    protocolCasing: false,
  };
  if (/[$"'\\`]/.test(text)) return { ...unknown, literal: false, problems: [] };
  const simple = SIMPLE_PORT.exec(text);
  if (simple) {
    // The common case, `8080` or `8080/tcp`, without the general path's allocations.
    const port = Number(simple[1]);
    const protocolText = simple[2];
    if (port <= 65535 && (protocolText === undefined || PROTOCOLS.has(protocolText))) {
      return {
        start: port,
        end: port,
        protocol: protocolText ?? null,
        hostIp: null,
        hostPort: null,
        literal: true,
        invalidFormat: false,
        protocolCasing: false,
        problems: [],
      };
    }
  }

  const problems: Problem[] = [];
  const parts = text.split(':');
  const containerText = parts[parts.length - 1] as string;
  const hostPortText = parts.length >= 2 ? (parts[parts.length - 2] as string) : '';
  const ipText = parts.length >= 3 ? parts.slice(0, -2).join(':') : '';
  const containerStart = text.length - containerText.length;
  const hostPortStart = containerStart - 1 - hostPortText.length;

  const slash = containerText.indexOf('/');
  const portText = slash === -1 ? containerText : containerText.slice(0, slash);
  const protocolText = slash === -1 ? '' : containerText.slice(slash + 1);
  const protocol = protocolText === '' ? null : protocolText;
  const base = {
    protocol,
    hostIp: ipText === '' ? null : ipText,
    hostPort: parts.length >= 2 ? hostPortText : null,
    literal: true,
  };

  if (portText === '') {
    return {
      ...unknown,
      ...base,
      problems: [{ message: `invalid port: ${goQuote(text)}: no port specified` }],
    };
  }
  if (protocolText !== '' && !PROTOCOLS.has(protocolText.toLowerCase())) {
    return {
      ...unknown,
      ...base,
      problems: [
        {
          message: `invalid port: ${goQuote(text)}: invalid proto: ${protocolText}`,
          start: containerStart + slash + 1,
          end: text.length,
        },
      ],
    };
  }

  if (ipText !== '') {
    let address = ipText;
    let bracketProblem: string | null = null;
    if (address.startsWith('[')) {
      const split = unbracket(address);
      if ('reason' in split) bracketProblem = `invalid IP address ${ipText}: address ${ipText}:: ${split.reason}`;
      else address = split.host;
    }
    if (bracketProblem !== null) problems.push({ message: bracketProblem, start: 0, end: ipText.length });
    else if (!isIP(address)) problems.push({ message: `invalid IP address: ${address}`, start: 0, end: ipText.length });
  }

  const range = portRange(portText);
  if (range === null) {
    problems.push({
      message: `invalid containerPort: ${portText}`,
      start: containerStart,
      end: containerStart + portText.length,
    });
  }

  if (hostPortText !== '') {
    const hostRange = portRange(hostPortText);
    const hostSpan = { start: hostPortStart, end: hostPortStart + hostPortText.length };
    if (hostRange === null) {
      problems.push({ message: `invalid hostPort: ${hostPortText}`, ...hostSpan });
    } else if (
      range !== null &&
      range.end !== range.start &&
      range.end - range.start !== hostRange.end - hostRange.start
    ) {
      problems.push({
        message: `invalid ranges specified for container and host Ports: ${portText} and ${hostPortText}`,
        ...hostSpan,
      });
    }
  }

  return {
    ...base,
    start: range?.start ?? null,
    end: range?.end ?? null,
    invalidFormat: ipText !== '' || hostPortText !== '',
    protocolCasing: protocolText !== protocolText.toLowerCase(),
    problems,
  };
}
