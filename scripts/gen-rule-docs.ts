/** Writes `docs/rules/<id>.md` for every built-in rule, and an index, from the rules' metadata. */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { builtinRules } from '../src/lint/rules/index.js';
import { renderRuleDoc, ruleDocFile } from '../src/lint/rule-docs.js';
import { renderRuleIndex } from './rule-index.js';

const directory = resolve(import.meta.dirname, '../docs/rules');
mkdirSync(directory, { recursive: true });
const wanted = new Set(builtinRules.map(ruleDocFile));
for (const file of readdirSync(directory)) {
  if (file !== 'README.md' && !wanted.has(file)) rmSync(join(directory, file));
}
for (const rule of builtinRules) writeFileSync(join(directory, ruleDocFile(rule)), renderRuleDoc(rule));
writeFileSync(join(directory, 'README.md'), renderRuleIndex(builtinRules));
console.log(`wrote ${builtinRules.length} rule pages to docs/rules`);
