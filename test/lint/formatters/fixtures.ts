/** A fixed run shared by the formatter tests: three files, every severity, a fix, a parse error, awkward text. */
import { LineTable } from '../../../src/parser/index.js';
import { builtinRules } from '../../../src/lint/index.js';
import type { FileFindings } from '../../../src/lint/formatters/index.js';
import type { Finding, RuleMeta } from '../../../src/lint/types.js';

export const SOURCE = 'FROM node\nWORKDIR app\nRUN echo "a,b" \\\n  && true\n';
const lines = new LineTable(SOURCE);

function at(text: string, needle: string, length = needle.length): readonly [number, number] {
  const start = text.indexOf(needle);
  if (start < 0) throw new Error(`${needle} not in fixture`);
  return [start, start + length];
}

const [nodeStart, nodeEnd] = at(SOURCE, 'node');
const [appStart, appEnd] = at(SOURCE, 'app');
const [runStart] = at(SOURCE, 'RUN');
const runEnd = SOURCE.indexOf('true') + 'true'.length;

export const untagged: Finding = {
  ruleId: 'untagged-image',
  code: 'DL3006',
  severity: 'warning',
  message: 'Always tag the version of an image explicitly',
  range: lines.range(nodeStart, nodeEnd),
};

export const relativeWorkdir: Finding = {
  ruleId: 'absolute-workdir',
  code: 'DL3000',
  severity: 'error',
  message: 'Use absolute WORKDIR',
  range: lines.range(appStart, appEnd),
  fix: { description: 'Make the path absolute', safety: 'unsafe', edits: [{ start: appStart, end: appEnd, text: '/app' }] },
};

/** A multi-line range and a message with every character some format must escape. */
export const awkward: Finding = {
  ruleId: 'shellcheck',
  code: 'SC2086',
  severity: 'style',
  message: 'Quote <this> & "that", a:b\n100%',
  range: lines.range(runStart, runEnd),
};

export const info: Finding = {
  ruleId: 'merge-runs',
  code: 'DL3059',
  severity: 'info',
  message: 'Multiple consecutive RUN instructions',
  range: lines.range(runStart, runStart + 3),
};

const BROKEN = 'FROM alpine\nRUNN x\n';
const brokenLines = new LineTable(BROKEN);
export const parseError: Finding = {
  ruleId: 'parse-error',
  code: 'DL1000',
  severity: 'error',
  message: 'unknown instruction: RUNN',
  range: brokenLines.range(12, 16),
};

export const RESULTS: readonly FileFindings[] = [
  { file: 'Dockerfile', findings: [untagged, relativeWorkdir, awkward, info], source: SOURCE },
  { file: 'sub dir/Dockerfile.dev', findings: [parseError], source: BROKEN },
  { file: 'clean/Dockerfile', findings: [], source: 'FROM alpine:3.20\n' },
];

const absoluteWorkdir = builtinRules.find((rule) => rule.meta.id === 'absolute-workdir')?.meta as RuleMeta;

export const untaggedMeta: RuleMeta = {
  id: 'untagged-image',
  hadolint: 'DL3006',
  severity: 'warning',
  category: 'reproducibility',
  docs: {
    summary: 'Tag base images',
    description: 'Flags a FROM image with neither tag nor digest.',
    rationale: 'Untagged images change under you.',
    example: 'FROM node',
    useInstead: 'FROM node:20',
  },
};

export const offByDefaultMeta: RuleMeta = {
  id: 'healthcheck-missing',
  hadolint: 'DL3057',
  severity: 'ignore',
  category: 'maintainability',
  docs: { summary: 'Add a HEALTHCHECK', description: 'd', rationale: 'r', example: 'FROM x', useInstead: 'HEALTHCHECK CMD true' },
};

export const RULES: ReadonlyMap<string, RuleMeta> = new Map([
  ['DL3000', absoluteWorkdir],
  ['DL3006', untaggedMeta],
  ['DL3057', offByDefaultMeta],
]);

/**
 * A small XML well-formedness check: one root, balanced and properly nested tags, quoted attributes without raw
 * `<`, `&` or `"`, and text without raw `<` or stray `&`.
 */
export function assertWellFormedXml(xml: string): void {
  const body = xml.replace(/^<\?xml [^?]*\?>\n?/, '');
  const entity = /&(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);/g;
  const tag = /<(\/?)([A-Za-z_][\w.-]*)((?:\s+[A-Za-z_][\w.-]*="[^"<]*")*)\s*(\/?)>/y;
  const stack: string[] = [];
  let roots = 0;
  let index = 0;
  while (index < body.length) {
    const next = body.indexOf('<', index);
    const text = body.slice(index, next === -1 ? body.length : next);
    if (text.replace(entity, '').includes('&')) throw new Error(`unescaped & in text: ${text}`);
    if (stack.length === 0 && text.trim() !== '') throw new Error(`text outside the root: ${text}`);
    if (next === -1) break;
    tag.lastIndex = next;
    const match = tag.exec(body);
    if (!match) throw new Error(`malformed tag at ${next}: ${body.slice(next, next + 60)}`);
    const [whole, closing, name, attributes, selfClosing] = match as unknown as [string, string, string, string, string];
    if ((attributes ?? '').replace(entity, '').includes('&')) throw new Error(`unescaped & in attributes of ${name}`);
    if (closing) {
      if (stack.pop() !== name) throw new Error(`unbalanced </${name}>`);
    } else {
      if (stack.length === 0) roots++;
      if (!selfClosing) stack.push(name);
    }
    index = next + whole.length;
  }
  if (stack.length > 0) throw new Error(`unclosed <${stack.join('>, <')}>`);
  if (roots !== 1) throw new Error(`expected one root element, found ${roots}`);
}
