/** The bundled examples: the cache mistake is found and `--fix`'s safe fixes turn it into its fixed twin. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyFixes, lint } from '../../src/lint/index.js';

const examples = resolve(__dirname, '../../examples');
const read = (name: string): string => readFileSync(resolve(examples, name, 'Dockerfile'), 'utf8');

describe('examples', () => {
  it('flags the Node example that copies sources before installing', () => {
    const { findings } = lint(read('node-app-cache-mistake'));
    expect(findings.filter((f) => f.ruleId === 'dependency-install-order').map((f) => f.range.start.line + 1)).toEqual([7]);
  });

  it('fixes it into exactly the fixed twin, and fixing again changes nothing', () => {
    const text = read('node-app-cache-mistake');
    const fixed = applyFixes(text, lint(text).findings).text;
    expect(fixed).toBe(read('node-app'));
    expect(applyFixes(fixed, lint(fixed).findings).text).toBe(fixed);
    expect(lint(fixed).findings.filter((f) => f.ruleId === 'dependency-install-order')).toEqual([]);
  });

  it.each(readdirSync(examples).filter((name) => existsSync(join(examples, name, 'Dockerfile'))))('%s has no parse or instruction errors', (name) => {
    const { findings } = lint(read(name));
    expect(findings.filter((f) => f.code === 'DL1000' || f.ruleId === 'invalid-instruction')).toEqual([]);
  });
});
