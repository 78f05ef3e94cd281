/** Helpers several formatters share: 1-based positions, XML escaping, report paths and a stable hash. */
import { PARSE_ERROR_CODE } from '../engine.js';
import type { Finding, LintSeverity } from '../types.js';
import type { FileFindings, FormatOptions, PositionStyle } from './types.js';

/** 1-based start and end of a finding; the end column points just past the last character. */
export interface Span {
  readonly startLine: number;
  readonly startColumn: number;
  readonly endLine: number;
  readonly endColumn: number;
}

export function spanOf(finding: Finding, options?: FormatOptions, style: PositionStyle = 'exact'): Span {
  const { start, end } = finding.range;
  const line = instructionLineOf(finding, options, style);
  if (line !== undefined) return { startLine: line, startColumn: 1, endLine: line, endColumn: 1 };
  return {
    startLine: start.line + 1,
    startColumn: start.character + 1,
    endLine: end.line + 1,
    endColumn: end.character + 1,
  };
}

/**
 * The line a report in hadolint's positions places a finding on (its instruction's first line, 1-based, the column
 * left at 1), or `undefined` when it keeps the finding's exact range: exact positions asked for, a parse error, or
 * a finding made outside the engine.
 */
export function instructionLineOf(finding: Finding, options: FormatOptions | undefined, style: PositionStyle): number | undefined {
  if ((options?.positions ?? style) !== 'hadolint' || finding.code === PARSE_ERROR_CODE) return undefined;
  return finding.instructionLine;
}

/** The file name a path-overridable format writes (hadolint applies the override to every file of the run). */
export function reportPath(file: string, options: FormatOptions | undefined): string {
  return options?.filePathInReport ?? file;
}

/** Every finding of the run with the file it belongs to, in report order. */
export function* eachFinding(
  results: readonly FileFindings[],
): Generator<{ readonly result: FileFindings; readonly finding: Finding }> {
  for (const result of results) for (const finding of result.findings) yield { result, finding };
}

/**
 * A file's findings as a report in hadolint's positions shows them: one per code, place and message. hadolint
 * reports a rule at most once per instruction; dfkit may find several things in one (two unpinned packages),
 * which these reports would otherwise show as identical entries. Exact positions keep them apart.
 */
export function distinctFindings(result: FileFindings, options: FormatOptions | undefined): readonly Finding[] {
  if (result.findings.length < 2) return result.findings;
  const seen = new Set<string>();
  return result.findings.filter((finding) => {
    const span = spanOf(finding, options, 'hadolint');
    const key = `${finding.code}\0${span.startLine}:${span.startColumn}\0${finding.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Every finding of the run with the file it belongs to, in report order, as `distinctFindings` keeps them. */
export function* eachDistinctFinding(
  results: readonly FileFindings[],
  options: FormatOptions | undefined,
): Generator<{ readonly result: FileFindings; readonly finding: Finding }> {
  for (const result of results) for (const finding of distinctFindings(result, options)) yield { result, finding };
}

export const SEVERITY_RANK: Readonly<Record<LintSeverity, number>> = { error: 0, warning: 1, info: 2, style: 3 };

// XML 1.0 cannot carry these at all, not even as character references, so they become U+FFFD.
const XML_FORBIDDEN =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function xmlText(text: string): string {
  return text
    .replace(XML_FORBIDDEN, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

/** Escapes an attribute value; white space is written as references because parsers normalise it to spaces. */
export function xmlAttr(text: string): string {
  return xmlText(text)
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/\t/g, '&#9;')
    .replace(/\n/g, '&#10;')
    .replace(/\r/g, '&#13;');
}

export function xmlAttributes(attributes: Readonly<Record<string, string | number>>): string {
  return Object.entries(attributes)
    .map(([name, value]) => ` ${name}="${xmlAttr(String(value))}"`)
    .join('');
}

export const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>';

const FNV_PRIME = 0x0000000001000000000000000000013bn;
const FNV_OFFSET = 0x6c62272e07bb014262b821756295c58dn;
const MASK_128 = (1n << 128n) - 1n;

/**
 * 128-bit FNV-1a of the UTF-8 bytes, as 32 hex digits. Not cryptographic: it only has to be stable across runs and
 * platforms and to make accidental collisions between distinct issues negligible.
 */
export function stableHash(text: string): string {
  let hash = FNV_OFFSET;
  for (const byte of new TextEncoder().encode(text)) {
    hash ^= BigInt(byte);
    hash = (hash * FNV_PRIME) & MASK_128;
  }
  return hash.toString(16).padStart(32, '0');
}

/** Where each rule's generated documentation page is published. */
export const RULE_DOCS_BASE = 'https://github.com/dfkit/dfkit/blob/main/docs/rules/';

export function ruleDocsUrl(ruleId: string): string {
  return `${RULE_DOCS_BASE}${encodeURIComponent(ruleId)}.md`;
}

/** The codes of the run in order of first appearance, each with its most severe finding's severity. */
export function codesOf(results: readonly FileFindings[]): Map<string, LintSeverity> {
  const codes = new Map<string, LintSeverity>();
  for (const { finding } of eachFinding(results)) {
    const previous = codes.get(finding.code);
    if (!previous || SEVERITY_RANK[finding.severity] < SEVERITY_RANK[previous]) codes.set(finding.code, finding.severity);
  }
  return codes;
}
