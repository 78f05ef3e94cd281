/**
 * Image references as FROM names them (`node`, `ghcr.io/org/app:1.2`, `localhost:5000/app@sha256:…`), read with
 * the rules of Docker's reference grammar, which is what BuildKit uses to resolve a base image:
 *
 * - The text before the first `/` names a registry when it contains `.` or `:`, is `localhost`, or contains an
 *   upper-case letter; otherwise the image lives on Docker Hub (`docker.io`), and a single-component name there is
 *   an official image under `library/`. `index.docker.io` is the legacy spelling of `docker.io`.
 * - Repository path components are lower-case letters and digits, joined inside a component by `.`, `_`, `__` or
 *   runs of `-`; at most 255 characters in total once normalized.
 * - A tag is `[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}`; a digest is `algorithm:hex` and must use sha256, sha384 or
 *   sha512 with the matching number of lower-case hex digits.
 */
import { goQuote } from './go-quote.js';

/** What {@link parseImageReference} returns. */
export interface ParsedImageReference {
  /** Registry host (with port) when one is written, as written; `null` for Docker Hub shorthand. */
  readonly registry: string | null;
  /** Repository path as written, e.g. `org/app` or `node` (no `library/` added). */
  readonly repository: string;
  readonly tag: string | null;
  readonly digest: string | null;
  /**
   * The normalized, fully qualified name when the text is a valid literal reference: registry defaulted to
   * `docker.io` (and `index.docker.io` rewritten to it), `library/` added for official images, tag and digest kept
   * as written. No default tag is added: `node` gives `docker.io/library/node`, not `…:latest`. `null` for
   * `scratch`, for text with variables and for invalid references.
   */
  readonly familiar: string | null;
  /** The text holds `$`: its parts are only known after expansion, so it is not judged. */
  readonly hasVariables: boolean;
  /** False when the text is a literal that BuildKit would refuse as an image name. */
  readonly valid: boolean;
  /** BuildKit's error for an invalid reference, e.g. `failed to parse stage name "Node": …`. */
  readonly problem?: string;
  /**
   * What the reference grammar says is wrong, without BuildKit's prefix (the classic builder's whole message),
   * e.g. `invalid reference format: repository name (library/Node) must be lowercase`.
   */
  readonly reason?: string;
}

const DEFAULT_DOMAIN = 'docker.io';
const LEGACY_DEFAULT_DOMAIN = 'index.docker.io';
const OFFICIAL_PREFIX = 'library/';
const MAX_PATH_LENGTH = 255;

/** FROM scratch names the empty image rather than one to pull. */
const EMPTY_IMAGE = 'scratch';

const PATH_COMPONENT = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN = `(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[[a-fA-F0-9:]+\\])(?::[0-9]+)?`;
const PATH = `${PATH_COMPONENT}(?:/${PATH_COMPONENT})*`;
const TAG = '[\\w][\\w.-]{0,127}';
const DIGEST = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9A-Fa-f]{32,}';

const REFERENCE = new RegExp(`^((?:${DOMAIN}/)?${PATH})(?::(${TAG}))?(?:@(${DIGEST}))?$`);
const NAME = new RegExp(`^(?:(${DOMAIN})/)?(${PATH})$`);
const IMAGE_ID = /^[a-f0-9]{64}$/;
const ANY_DIGEST = /^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/;
const DIGEST_HEX_LENGTH: ReadonlyMap<string, number> = new Map([
  ['sha256', 64],
  ['sha384', 96],
  ['sha512', 128],
]);

function looksLikeDomain(component: string): boolean {
  return component === 'localhost' || /[.:]/.test(component) || component !== component.toLowerCase();
}

/** Docker Hub's implicit registry and `library/` namespace made explicit, for text without variables. */
function normalizeDomain(text: string): { domain: string; remainder: string } {
  const slash = text.indexOf('/');
  if (slash === -1) return { domain: DEFAULT_DOMAIN, remainder: OFFICIAL_PREFIX + text };
  const first = text.slice(0, slash);
  let domain = DEFAULT_DOMAIN;
  let remainder = text;
  if (first === LEGACY_DEFAULT_DOMAIN) remainder = text.slice(slash + 1);
  else if (looksLikeDomain(first)) [domain, remainder] = [first, text.slice(slash + 1)];
  if (domain === DEFAULT_DOMAIN && !remainder.includes('/')) remainder = OFFICIAL_PREFIX + remainder;
  return { domain, remainder };
}

function digestProblem(digest: string): string | null {
  const colon = digest.indexOf(':');
  if (colon <= 0 || colon + 1 === digest.length) return 'invalid checksum digest format';
  const algorithm = digest.slice(0, colon);
  const encoded = digest.slice(colon + 1);
  const length = DIGEST_HEX_LENGTH.get(algorithm);
  if (length === undefined) {
    return ANY_DIGEST.test(digest) ? 'unsupported digest algorithm' : 'invalid checksum digest format';
  }
  if (encoded.length !== length) return 'invalid checksum digest length';
  return /^[a-f0-9]+$/.test(encoded) ? null : 'invalid checksum digest format';
}

/**
 * The reference grammar's verdict on literal text: the normalized name, or the error text Docker's reference
 * library gives.
 */
function normalize(text: string): { familiar: string; domain: string } | { error: string } {
  if (IMAGE_ID.test(text)) {
    return { error: `invalid repository name (${text}), cannot specify 64-byte hexadecimal strings` };
  }
  const { domain, remainder } = normalizeDomain(text);
  const colon = remainder.indexOf(':');
  const remote = colon === -1 ? remainder : remainder.slice(0, colon);
  if (remote.toLowerCase() !== remote) {
    return { error: `invalid reference format: repository name (${remote}) must be lowercase` };
  }
  const full = `${domain}/${remainder}`;
  const match = REFERENCE.exec(full);
  if (!match) {
    const lower = full.toLowerCase();
    if (lower !== full && REFERENCE.test(lower)) return { error: 'repository name must be lowercase' };
    return { error: 'invalid reference format' };
  }
  const [, name = '', tag, digest] = match;
  const nameMatch = NAME.exec(name);
  const parsedDomain = nameMatch?.[1] ?? '';
  const path = nameMatch?.[2] ?? name;
  if (path.length > MAX_PATH_LENGTH) {
    return { error: `repository name must not be more than ${MAX_PATH_LENGTH} characters` };
  }
  if (digest !== undefined) {
    const problem = digestProblem(digest);
    if (problem !== null) return { error: problem };
  }
  const familiar =
    (parsedDomain === '' ? '' : `${parsedDomain}/`) +
    path +
    (tag === undefined ? '' : `:${tag}`) +
    (digest === undefined ? '' : `@${digest}`);
  return { familiar, domain: parsedDomain };
}

/**
 * Hides variable references (`$NAME`, `${…}`, `$1`…) behind NUL characters of the same length, so that the `/`,
 * `:` and `@` separators inside them (as in `${BASE:-node:20}`) are not taken for the reference's own.
 */
function maskVariables(text: string): string {
  let out = '';
  let index = 0;
  while (index < text.length) {
    if (text[index] !== '$') {
      out += text[index];
      index++;
      continue;
    }
    let end = index + 1;
    if (text[end] === '{') {
      let depth = 0;
      for (; end < text.length; end++) {
        if (text[end] === '{') depth++;
        else if (text[end] === '}' && --depth === 0) break;
      }
      end = Math.min(end + 1, text.length);
    } else if (/[A-Za-z_]/.test(text[end] ?? '')) {
      while (/[A-Za-z0-9_]/.test(text[end] ?? '')) end++;
    } else if (end < text.length) {
      end++;
    }
    out += '\0'.repeat(end - index);
    index = end;
  }
  return out;
}

/** Splits text into its written parts without judging them; the separators are found outside variables. */
function splitWritten(text: string): Pick<ParsedImageReference, 'registry' | 'repository' | 'tag' | 'digest'> {
  const masked = maskVariables(text);
  const at = masked.indexOf('@');
  const name = at === -1 ? text : text.slice(0, at);
  const maskedName = at === -1 ? masked : masked.slice(0, at);
  const digest = at === -1 ? null : text.slice(at + 1);

  let registry: string | null = null;
  let rest = name;
  let maskedRest = maskedName;
  const slash = maskedName.indexOf('/');
  if (slash !== -1 && looksLikeDomain(maskedName.slice(0, slash))) {
    registry = name.slice(0, slash);
    rest = name.slice(slash + 1);
    maskedRest = maskedName.slice(slash + 1);
  }
  const colon = maskedRest.indexOf(':', maskedRest.lastIndexOf('/') + 1);
  return {
    registry,
    repository: colon === -1 ? rest : rest.slice(0, colon),
    tag: colon === -1 ? null : rest.slice(colon + 1),
    digest,
  };
}

/**
 * Reads an image reference as written after FROM (before variable expansion).
 *
 * `scratch` is the empty image: valid, with `familiar` `null`. Text holding `$` is split into its apparent parts
 * but not judged. Whether the name is really a previous stage's name instead of an image is for the caller to
 * decide; BuildKit does not parse those as references.
 *
 * @example
 * parseImageReference('node:20').familiar; // 'docker.io/library/node:20'
 * parseImageReference('localhost:5000/app').registry; // 'localhost:5000'
 * parseImageReference('Node').valid; // false
 */
export function parseImageReference(text: string): ParsedImageReference {
  // Files name the same few base images over and over (and an editor re-parses on every keystroke), so
  // results are remembered; they are frozen, so sharing them is safe.
  let cached = referenceCache.get(text);
  if (cached === undefined) {
    if (referenceCache.size >= REFERENCE_CACHE_LIMIT) referenceCache.clear();
    cached = Object.freeze(readImageReference(text));
    referenceCache.set(text, cached);
  }
  return cached;
}

/**
 * Whether `text` is an image an engine or registry can be asked about: a valid literal reference, not `scratch`
 * and not empty. (An engine answers a malformed name with an HTTP error, not with "no such image".)
 */
export function isConcreteImageReference(text: string): boolean {
  if (text === '' || text === EMPTY_IMAGE) return false;
  const parsed = parseImageReference(text);
  return parsed.valid && !parsed.hasVariables;
}

const REFERENCE_CACHE_LIMIT = 1024;
const referenceCache = new Map<string, ParsedImageReference>();

function readImageReference(text: string): ParsedImageReference {
  if (text === EMPTY_IMAGE) {
    return {
      registry: null,
      repository: EMPTY_IMAGE,
      tag: null,
      digest: null,
      familiar: null,
      hasVariables: false,
      valid: true,
    };
  }
  const parts = splitWritten(text);
  if (text.includes('$')) return { ...parts, familiar: null, hasVariables: true, valid: true };

  const result = normalize(text);
  if ('error' in result) {
    return {
      ...parts,
      familiar: null,
      hasVariables: false,
      valid: false,
      problem: `failed to parse stage name ${goQuote(text)}: ${result.error}`,
      reason: result.error,
    };
  }
  // A first component the grammar refuses as a host is read as part of the path, not as a registry.
  if (result.domain === '' && parts.registry !== null) {
    return {
      ...parts,
      registry: null,
      repository: `${parts.registry}/${parts.repository}`,
      familiar: result.familiar,
      hasVariables: false,
      valid: true,
    };
  }
  return { ...parts, familiar: result.familiar, hasVariables: false, valid: true };
}
