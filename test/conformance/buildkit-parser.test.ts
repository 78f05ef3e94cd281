/**
 * BuildKit's own parser vectors: every positive case must dump exactly to its `result`, every negative case
 * must produce an error, and line spans must match the line-number fixture.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse, print } from '../../src/parser/index.js';
import { dumpBuildKit } from './dump.js';
import { conformancePath } from './paths.js';

const positiveDir = conformancePath('parser/testfiles');
const positive = readdirSync(positiveDir).sort();
const negativeDir = conformancePath('parser/testfiles-negative');
const negative = readdirSync(negativeDir).sort();

describe('BuildKit parser testfiles', () => {
  it('has all 33 positive cases', () => {
    expect(positive).toHaveLength(33);
  });

  it.each(positive)('%s dumps exactly as BuildKit', (name) => {
    const text = readFileSync(`${positiveDir}/${name}/Dockerfile`, 'utf8');
    const expected = readFileSync(`${positiveDir}/${name}/result`, 'utf8');
    const { ast, diagnostics } = parse(text, { instructionChecks: false });
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(dumpBuildKit(ast)).toBe(expected);
    expect(print(ast)).toBe(text);
  });
});

describe('BuildKit parser negative cases', () => {
  it('has all 4 negative cases', () => {
    expect(negative).toHaveLength(4);
  });

  const messages: Record<string, string> = {
    empty_dockerfile: 'file with no instructions',
    only_comments: 'file with no instructions',
    env_no_value: 'ENV must have two arguments',
    'shykes-nested-json': 'when using JSON array syntax, arrays must be comprised of strings only',
  };

  it.each(negative)('%s fails with BuildKit’s message', (name) => {
    const text = readFileSync(`${negativeDir}/${name}/Dockerfile`, 'utf8');
    const { ast, diagnostics } = parse(text, { instructionChecks: false });
    const errors = diagnostics.filter((d) => d.severity === 'error').map((d) => d.message);
    expect(errors).toContain(messages[name]);
    expect(print(ast)).toBe(text);
  });
});

describe('BuildKit line-number fixture', () => {
  it('reports the same 1-based line spans', () => {
    const text = readFileSync(conformancePath('parser/testfile-line/Dockerfile'), 'utf8');
    const { ast } = parse(text);
    expect(ast.instructions.map((i) => [i.startLine, i.endLine])).toEqual([
      [5, 5],
      [11, 12],
      [17, 31],
    ]);
    expect(ast.directives.map((d) => [d.name, d.value])).toEqual([['escape', '\\']]);
  });
});
