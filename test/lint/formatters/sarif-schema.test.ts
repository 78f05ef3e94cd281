/**
 * Validates our SARIF output against the published SARIF 2.1.0 JSON schema (the copy shipped in the
 * @microsoft/jest-sarif package), for a fixed run and for a real lint of every example.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import Ajv from 'ajv-draft-04';
import { describe, expect, it } from 'vitest';
import { formatters } from '../../../src/lint/formatters/index.js';
import { builtinRules, lint } from '../../../src/lint/index.js';
import { RESULTS, RULES } from './fixtures.js';

const require = createRequire(import.meta.url);
const schema = JSON.parse(
  readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'),
) as Record<string, unknown>;
// The schema's language-tag pattern is not valid under the `u` flag Ajv uses by default.
const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
const isUrl = (text: string): boolean => URL.canParse(text);
ajv.addFormat('uri', isUrl);
ajv.addFormat('uri-reference', (text: string) => isUrl(text) || URL.canParse(text, 'file:///base/'));
ajv.addFormat('date-time', (text: string) => !Number.isNaN(Date.parse(text)));
const validate = ajv.compile(schema);

const examples = resolve(__dirname, '../../../examples');

/** Every Dockerfile-like file of the bundled examples. */
function collectExampleDockerfiles(): Array<{ path: string; text: string }> {
  return readdirSync(examples, { recursive: true, encoding: 'utf8' })
    .filter((path) => /(^|\/)(Dockerfile|Containerfile)[^/]*$|\.Dockerfile$/.test(path))
    .filter((path) => !path.endsWith('.dockerignore'))
    .sort()
    .map((path) => ({ path: `examples/${path}`, text: readFileSync(join(examples, path), 'utf8') }));
}

function problems(log: string): string[] {
  if (validate(JSON.parse(log))) return [];
  return (validate.errors ?? []).map((error) => `${error.instancePath} ${error.message ?? ''}`);
}

describe('SARIF output against the SARIF 2.1.0 schema', () => {
  it('the schema itself rejects a broken log (the validator is live)', () => {
    expect(problems(JSON.stringify({ version: '2.1.0', runs: [{ tool: {} }] }))).not.toEqual([]);
  });

  it('validates a run with fixes, every severity and a parse error', () => {
    expect(problems(formatters.sarif(RESULTS, { rules: RULES, toolVersion: '1.2.3' }))).toEqual([]);
    expect(problems(formatters.sarif([]))).toEqual([]);
  });

  it('validates the lint of every example with the full rule catalogue', () => {
    const files = collectExampleDockerfiles();
    expect(files.length).toBeGreaterThan(5);
    const results = files.map(({ path, text }) => ({ file: path, findings: lint(text).findings }));
    expect(results.some((result) => result.findings.length > 0)).toBe(true);
    const rules = new Map(builtinRules.map((rule) => [rule.meta.hadolint ?? rule.meta.id, rule.meta] as const));
    expect(problems(formatters.sarif(results, { rules, toolVersion: '0.0.0' }))).toEqual([]);
  });
});
