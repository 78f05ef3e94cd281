/**
 * Reading the frontend selection (`# syntax=`) and the build-check configuration (`# check=`) the way
 * BuildKit's frontend does before the Dockerfile is parsed. Unlike the main parser's directive scan, these
 * skip a leading `#!` line, and `syntax` is also accepted as a `//` comment or as a whole-file JSON object.
 */
import { readDirectiveLine } from './directive-line.js';
import { withoutTrailing } from './trailing.js';

export interface DirectiveValue {
  /** The value up to its first space (the frontend image reference for `syntax`). */
  readonly ref: string;
  /** The whole value. */
  readonly cmdline: string;
  /** 1-based line of the directive. */
  readonly line: number;
}

const HASH_DIRECTIVE = /^#[ \t]*([a-zA-Z][a-zA-Z0-9]*)[ \t]*=[ \t]*/;
const SLASH_DIRECTIVE = /^\/\/[ \t]*([a-zA-Z][a-zA-Z0-9]*)[ \t]*=[ \t]*/;

/** White space (as `trim` sees it, a byte order mark included) and then `{`. */
const STARTS_WITH_BRACE = /^\s*\{/;

function splitRef(value: string, line: number): DirectiveValue {
  const space = value.indexOf(' ');
  return { ref: space === -1 ? value : value.slice(0, space), cmdline: value, line };
}

function scanComments(text: string, name: string, head: RegExp): DirectiveValue | null {
  // Line by line from the top, stopping at the first line that is not a directive: splitting the whole
  // text first would copy every line of a file whose answer is on its first.
  let start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  for (let index = 0; ; index++) {
    const newline = text.indexOf('\n', start);
    const raw = newline === -1 ? text.slice(start) : text.slice(start, newline);
    const line = withoutTrailing(raw, '\r').replace(/^[ \t]+/, '');
    if (!(index === 0 && line.startsWith('#!'))) {
      const match = readDirectiveLine(line, head);
      if (!match) return null;
      if (match.name.toLowerCase() === name) return splitRef(match.value, index + 1);
    }
    if (newline === -1) return null;
    start = newline + 1;
  }
}

/** Finds a parser directive by name among the leading `#` comments (`check`, `escape`, `syntax`). */
export function findDirective(text: string, name: string): DirectiveValue | null {
  return scanComments(text, name.toLowerCase(), HASH_DIRECTIVE);
}

/** Finds the frontend BuildKit would use: `# syntax=`, then `// syntax=`, then `{"syntax": "…"}`. */
export function detectSyntax(text: string): DirectiveValue | null {
  const hash = scanComments(text, 'syntax', HASH_DIRECTIVE);
  if (hash) return hash;
  const slash = scanComments(text, 'syntax', SLASH_DIRECTIVE);
  if (slash) return slash;
  // Only a whole-file JSON object is left to try; most files are not one, and need no trimmed copy.
  if (!STARTS_WITH_BRACE.test(text)) return null;
  const trimmed = text.replace(/^\ufeff/, '').trim();
  if (!trimmed.startsWith('{')) return null;
  try {
    const value: unknown = JSON.parse(trimmed);
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      const syntax = (value as Record<string, unknown>)['syntax'];
      if (typeof syntax === 'string' && syntax !== '') return splitRef(syntax, 1);
    }
  } catch {
    return null;
  }
  return null;
}

/** The configuration of BuildKit's build checks from a `# check=` value. */
export interface CheckConfig {
  /** Rules to skip; `['all']` skips every rule. */
  readonly skip: readonly string[];
  /** Whether check findings fail the build. */
  readonly error: boolean;
  /** Experimental rules to enable; `['all']` enables every one. */
  readonly experimental: readonly string[];
}

export type CheckParse = { readonly ok: true; readonly value: CheckConfig } | { readonly ok: false; readonly error: string };

/** Parses `skip=A,B;error=true;experimental=all`. */
export function parseCheckDirective(value: string): CheckParse {
  let skip: string[] = [];
  let error = false;
  let experimental: string[] = [];
  const parts = value.split(';').slice(0, 3);
  for (const part of parts) {
    if (part.trim() === '') continue;
    const equals = part.indexOf('=');
    const key = (equals === -1 ? part : part.slice(0, equals)).trim();
    const rest = equals === -1 ? '' : part.slice(equals + 1).trim();
    switch (key.toLowerCase()) {
      case 'skip':
        skip = rest.split(',').map((s) => s.trim()).filter((s) => s !== '');
        break;
      case 'error': {
        const parsed = parseGoBool(rest);
        if (parsed === null) return { ok: false, error: `invalid boolean value ${JSON.stringify(rest)}` };
        error = parsed;
        break;
      }
      case 'experimental':
        experimental = rest.split(',').map((s) => s.trim()).filter((s) => s !== '');
        break;
      default:
        return { ok: false, error: `invalid check option ${JSON.stringify(key)}` };
    }
  }
  return { ok: true, value: { skip, error, experimental } };
}

/** Go's strconv.ParseBool. */
export function parseGoBool(value: string): boolean | null {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(value)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(value)) return false;
  return null;
}
