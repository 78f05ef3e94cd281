/**
 * Properties that must hold for every input: parse never throws or trips its internal safety net, printing
 * gives the input back byte for byte, the top-level nodes partition the text, and every range's
 * line/character agrees with its offset.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse, print, type Dockerfile, type Position } from '../../src/parser/index.js';
import { conformanceRoot } from '../conformance/paths.js';

const DOCKERFILE_ALPHABET = [
  'FROM ', 'RUN ', 'COPY ', 'ADD ', 'ENV ', 'LABEL ', 'ARG ', 'ONBUILD ', 'HEALTHCHECK ', 'CMD ', 'SHELL ', 'EXPOSE ',
  'USER ', 'WORKDIR ', 'VOLUME ', 'MAINTAINER ', 'STOPSIGNAL ', 'ENTRYPOINT ', 'AS ', 'NONE ',
  '\\', '`', '\n', '\r\n', '\r', ' ', '\t', '#', '# escape=`\n', '# syntax=x\n', '<<', '<<-', 'EOF', "'", '"', '[', ']',
  ',', '=', '--', '--mount=', 'type=cache,target=/x', '$', '${', '}', ':-', 'a', 'b', '0', '\ufeff', 'é', '😀', '\u2028',
];

const dockerfileish = fc.array(fc.constantFrom(...DOCKERFILE_ALPHABET), { maxLength: 60 }).map((parts) => parts.join(''));

function positionMatches(text: string, position: Position): boolean {
  const before = text.slice(0, position.offset);
  const line = before.split('\n').length - 1;
  const character = position.offset - (before.lastIndexOf('\n') + 1);
  return position.line === line && position.character === character;
}

function checkInvariants(text: string): void {
  const { ast, diagnostics } = parse(text);
  expect(diagnostics.filter((d) => d.code === 'internal-error')).toEqual([]);
  expect(print(ast)).toBe(text);
  let offset = 0;
  for (const node of ast.nodes) {
    expect(node.range.start.offset).toBe(offset);
    expect(text.slice(node.range.start.offset, node.range.end.offset)).toBe(node.raw);
    offset = node.range.end.offset;
  }
  expect(offset).toBe(text.length);
  checkRanges(text, ast);
}

/** Every object reachable from a node that looks like a word or a range must carry a valid range. */
function checkDeepRanges(text: string, value: unknown, seen = new Set<unknown>()): void {
  if (value === null || typeof value !== 'object' || seen.has(value)) return;
  seen.add(value);
  if (Array.isArray(value)) {
    for (const item of value) checkDeepRanges(text, item, seen);
    return;
  }
  const record = value as Record<string, unknown>;
  // Words carry a range; mount options (`{ key, value }`) are the one value-holding shape that does not.
  if (typeof record['value'] === 'string' && !('key' in record)) {
    expect(record['range'], 'a word without a range').toBeDefined();
  }
  for (const key of Object.keys(record).concat(['range'])) {
    const child = record[key];
    if (/range$/i.test(key) && child !== null && child !== undefined) {
      const range = child as { start: Position; end: Position };
      expect(range.start.offset).toBeGreaterThanOrEqual(0);
      expect(range.end.offset).toBeLessThanOrEqual(text.length);
      expect(range.start.offset).toBeLessThanOrEqual(range.end.offset);
    } else if (key !== 'range') {
      checkDeepRanges(text, child, seen);
    }
  }
}

function checkRanges(text: string, ast: Dockerfile): void {
  checkDeepRanges(text, ast.instructions);
  for (const instruction of ast.instructions) {
    for (const range of [instruction.range, instruction.keywordRange, ...instruction.args.map((a) => a.range)]) {
      expect(range.start.offset).toBeLessThanOrEqual(range.end.offset);
      expect(positionMatches(text, range.start)).toBe(true);
      expect(positionMatches(text, range.end)).toBe(true);
    }
    const keywordText = text.slice(instruction.keywordRange.start.offset, instruction.keywordRange.end.offset);
    if (!keywordText.includes('\n')) expect(keywordText).toBe(instruction.keyword);
  }
}

function corpus(): { name: string; text: string }[] {
  const files: { name: string; text: string }[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir)) {
      const path = join(dir, entry);
      if (entry === 'node_modules') continue;
      if (statSync(path).isDirectory()) walk(path);
      else if (entry === 'Dockerfile') files.push({ name: path, text: readFileSync(path, 'utf8') });
    }
  };
  walk(resolve(conformanceRoot, 'parser'));
  walk(resolve(__dirname, '../../examples'));
  return files;
}

describe('parser properties', () => {
  it('holds for arbitrary strings', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) => checkInvariants(text)), { numRuns: 400 });
  });

  it('holds for Dockerfile-shaped strings', () => {
    fc.assert(fc.property(dockerfileish, (text) => checkInvariants(text)), { numRuns: 1500 });
  });

  const files = corpus();
  it('has a corpus of examples and vectors', () => {
    expect(files.length).toBeGreaterThan(40);
  });

  it.each(files.map((f) => [f.name.replace(/^.*?(parser|examples)\//, '$1/'), f.text]))(
    'holds for mutations of %s',
    (_name, text) => {
      checkInvariants(text);
      const mutation = fc.tuple(
        fc.nat({ max: Math.max(text.length, 1) }),
        fc.nat({ max: 8 }),
        fc.constantFrom(...DOCKERFILE_ALPHABET),
      );
      fc.assert(
        fc.property(fc.array(mutation, { minLength: 1, maxLength: 4 }), (edits) => {
          let mutated = text;
          for (const [at, remove, insert] of edits) mutated = mutated.slice(0, at) + insert + mutated.slice(at + remove);
          checkInvariants(mutated);
        }),
        { numRuns: 60 },
      );
    },
  );
});
