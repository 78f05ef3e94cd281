/**
 * SARIF 2.1.0, for GitHub code scanning and other SARIF viewers. Unlike hadolint's report, the driver lists every
 * rule with its documentation, so viewers can show what a rule is about and link to its page; regions carry real
 * columns, and findings with a fix carry it as a SARIF `fix`.
 * https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html
 */
import { LineTable } from '../../parser/index.js';
import { PARSE_ERROR_CODE } from '../engine.js';
import type { Finding, LintSeverity, RuleMeta, TextEdit } from '../types.js';
import { codesOf, ruleDocsUrl, spanOf } from './shared.js';
import type { Formatter } from './types.js';

const SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
const INFORMATION_URI = 'https://github.com/dfkit/dfkit';

// SARIF has no level below note, so info and style share it (as in hadolint).
const LEVEL: Readonly<Record<LintSeverity, 'error' | 'warning' | 'note'>> = {
  error: 'error',
  warning: 'warning',
  info: 'note',
  style: 'note',
};

interface Region {
  readonly startLine?: number;
  readonly startColumn?: number;
  readonly endLine?: number;
  readonly endColumn?: number;
  readonly charOffset?: number;
  readonly charLength?: number;
}

export const formatSarif: Formatter = (results, options) => {
  const descriptors: object[] = [];
  const indexOf = new Map<string, number>();
  const add = (code: string, descriptor: object): void => {
    indexOf.set(code, descriptors.length);
    descriptors.push(descriptor);
  };
  for (const [code, meta] of options?.rules ?? []) add(code, ruleDescriptor(code, meta));
  // Findings whose code has no metadata (parse errors, ShellCheck codes, rules nobody passed in) still get an entry,
  // so every result's ruleIndex is valid.
  for (const code of codesOf(results).keys()) {
    if (indexOf.has(code)) continue;
    add(code, code === PARSE_ERROR_CODE ? { id: code, name: 'parse-error', shortDescription: { text: 'The Dockerfile does not parse' } } : { id: code });
  }

  const sarifResults = [];
  for (const result of results) {
    const uri = artifactUri(result.file);
    let lines: LineTable | undefined;
    const table = (): LineTable | undefined => {
      if (result.source === undefined) return undefined;
      lines ??= new LineTable(result.source);
      return lines;
    };
    for (const finding of result.findings) {
      const span = spanOf(finding);
      sarifResults.push({
        ruleId: finding.code,
        ruleIndex: indexOf.get(finding.code),
        level: LEVEL[finding.severity],
        message: { text: finding.message },
        locations: [{ physicalLocation: { artifactLocation: { uri }, region: span } }],
        ...(finding.fix ? { fixes: [sarifFix(finding, uri, table())] } : {}),
      });
    }
  }

  const driver = {
    name: 'dfkit',
    informationUri: INFORMATION_URI,
    ...(options?.toolVersion ? { version: options.toolVersion, semanticVersion: options.toolVersion } : {}),
    rules: descriptors,
  };
  return JSON.stringify({
    version: '2.1.0',
    $schema: SCHEMA,
    runs: [{ tool: { driver }, columnKind: 'utf16CodeUnits', results: sarifResults }],
  });
};

function ruleDescriptor(code: string, meta: RuleMeta): object {
  const { docs } = meta;
  const markdown = [
    docs.description,
    `**Why:** ${docs.rationale}`,
    'Flagged:',
    fence(docs.example),
    'Use instead:',
    fence(docs.useInstead),
  ].join('\n\n');
  return {
    id: code,
    name: meta.id,
    shortDescription: { text: docs.summary },
    fullDescription: { text: docs.description },
    help: { text: `${docs.description}\n\n${docs.rationale}`, markdown },
    helpUri: ruleDocsUrl(meta.id),
    defaultConfiguration:
      meta.severity === 'ignore' ? { enabled: false, level: 'none' } : { level: LEVEL[meta.severity] },
    properties: { tags: [meta.category] },
  };
}

function fence(code: string): string {
  // A fence longer than any backtick run inside keeps the example intact.
  const longest = Math.max(2, ...[...code.matchAll(/`+/g)].map((match) => match[0].length));
  const marker = '`'.repeat(longest + 1);
  return `${marker}dockerfile\n${code.replace(/\n$/, '')}\n${marker}`;
}

function sarifFix(finding: Finding, uri: string, lines: LineTable | undefined): object {
  const fix = finding.fix as NonNullable<Finding['fix']>;
  return {
    description: { text: fix.description },
    artifactChanges: [
      {
        artifactLocation: { uri },
        replacements: fix.edits.map((edit) => ({
          deletedRegion: editRegion(edit, lines),
          insertedContent: { text: edit.text },
        })),
      },
    ],
  };
}

/** Line and column when the text is at hand; otherwise character offsets, which SARIF accepts on their own. */
function editRegion(edit: TextEdit, lines: LineTable | undefined): Region {
  if (!lines) return { charOffset: edit.start, charLength: edit.end - edit.start };
  const start = lines.position(edit.start);
  const end = lines.position(edit.end);
  return {
    startLine: start.line + 1,
    startColumn: start.character + 1,
    endLine: end.line + 1,
    endColumn: end.character + 1,
  };
}

/** A relative reference for relative paths (what code scanning matches against the repository), else a file URI. */
export function artifactUri(file: string): string {
  const slashed = file.replace(/\\/g, '/');
  const drive = /^[A-Za-z]:\//.exec(slashed);
  if (drive) return `file:///${drive[0]}${encodePath(slashed.slice(3))}`;
  if (slashed.startsWith('/')) return `file://${encodePath(slashed)}`;
  return encodePath(slashed);
}

function encodePath(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}
