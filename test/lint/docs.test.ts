/** The rule pages in docs/rules are exactly what the rules' metadata renders to. */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinRules } from '../../src/lint/index.js';
import { renderRuleDoc, ruleDocFile } from '../../src/lint/rule-docs.js';
import { renderRuleIndex } from '../../scripts/rule-index.js';

const directory = resolve(__dirname, '../../docs/rules');

describe('rule docs', () => {
  it.each(builtinRules.map((rule) => [rule.meta.id, rule] as const))('%s has an up-to-date page', (_id, rule) => {
    const path = resolve(directory, ruleDocFile(rule));
    expect(existsSync(path), `run npm run docs:rules`).toBe(true);
    expect(readFileSync(path, 'utf8')).toBe(renderRuleDoc(rule));
  });

  it('has an up-to-date index', () => {
    expect(readFileSync(resolve(directory, 'README.md'), 'utf8')).toBe(renderRuleIndex(builtinRules));
  });

  it('every rule has an id, docs and, when fixable, a fix-safety note', () => {
    const ids = new Set<string>();
    for (const rule of builtinRules) {
      expect(rule.meta.id).toMatch(/^[a-z][a-z0-9-]*$/);
      expect(ids.has(rule.meta.id)).toBe(false);
      ids.add(rule.meta.id);
      for (const field of ['summary', 'description', 'rationale', 'example', 'useInstead'] as const) {
        expect(rule.meta.docs[field].length, `${rule.meta.id}.${field}`).toBeGreaterThan(0);
      }
      if (rule.meta.fixable) expect(rule.meta.docs.fixSafety, rule.meta.id).toBeTruthy();
    }
  });
});
