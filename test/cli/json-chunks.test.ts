import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { jsonChunks } from '../../src/cli/json-chunks.js';
import { parse } from '../../src/parser/index.js';

const examples = resolve(__dirname, '../../examples');
const whole = (value: unknown, options?: { depth?: number; chunkSize?: number }) => [...jsonChunks(value, options)].join('');

describe('jsonChunks', () => {
  it('writes what JSON.stringify(value, null, 2) writes, for the AST and diagnostics of every example', () => {
    const files = readdirSync(examples, { recursive: true, encoding: 'utf8' }).filter((path) => /(^|\/)Dockerfile[^/]*$/.test(path));
    expect(files.length).toBeGreaterThan(3);
    for (const file of files) {
      const text = readFileSync(join(examples, file), 'utf8');
      const { ast, diagnostics } = parse(text);
      const payload = { ast, diagnostics };
      for (const depth of [0, 1, 3, 6, 40]) expect(whole(payload, { depth, chunkSize: 100 })).toBe(JSON.stringify(payload, null, 2));
    }
  });

  it('follows JSON.stringify on undefined, functions, symbols, toJSON, empty containers and odd numbers', () => {
    const value = {
      a: undefined,
      b: () => 1,
      c: [undefined, () => 2, Symbol('s'), NaN, -0, Infinity, 'x\ny'],
      d: { toJSON: (key: string) => ({ key }) },
      e: new Date(0),
      f: [],
      g: {},
      h: { nested: [{}, [], [[1, { two: 2 }]]] },
      i: null,
      'quoted "key"': true,
    };
    for (const depth of [0, 1, 2, 5]) expect(whole(value, { depth })).toBe(JSON.stringify(value, null, 2));
    expect(whole([])).toBe('[]');
    expect(whole('text')).toBe('"text"');
  });

  it('yields pieces of about the chunk size', () => {
    const value = Array.from({ length: 2000 }, (_, index) => ({ index, text: 'x'.repeat(50) }));
    const chunks = [...jsonChunks(value, { chunkSize: 4096 })];
    expect(chunks.length).toBeGreaterThan(20);
    expect(Math.max(...chunks.map((chunk) => chunk.length))).toBeLessThan(4096 + 200);
  });
});
