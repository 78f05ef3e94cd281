/** Values the linter keeps on nodes: per node and slot, invisible to everything else. */
import { describe, expect, it } from 'vitest';
import { NodeSlot } from '../../src/lint/node-slot.js';
import { parse } from '../../src/parser/index.js';

describe('NodeSlot', () => {
  it('keeps a value per node and per slot', () => {
    const first = new NodeSlot<object, string>();
    const second = new NodeSlot<object, number>();
    const a = {};
    const b = {};
    expect(first.get(a)).toBeUndefined();
    first.set(a, 'a');
    second.set(a, 1);
    first.set(b, 'b');
    expect([first.get(a), second.get(a), first.get(b), second.get(b)]).toEqual(['a', 1, 'b', undefined]);
    first.set(a, 'again');
    expect(first.get(a)).toBe('again');
  });

  it('leaves a node looking as it did: keys, JSON, spreads and deep equality', () => {
    const { ast } = parse('FROM alpine\nRUN echo hi\n');
    const run = ast.instructions[1] as object;
    const before = { keys: Object.keys(run), symbols: Object.getOwnPropertySymbols(run), json: JSON.stringify(run) };
    const copy = { ...run };
    new NodeSlot<object, string>().set(run, 'kept');
    expect({ keys: Object.keys(run), symbols: Object.getOwnPropertySymbols(run), json: JSON.stringify(run) }).toEqual(before);
    expect({ ...run }).toStrictEqual(copy);
    expect(run).toEqual(parse('FROM alpine\nRUN echo hi\n').ast.instructions[1]);
  });

  it('serves a slot made after a node already holds values of others', () => {
    const early = new NodeSlot<object, string>();
    const node = {};
    early.set(node, 'early');
    const late = new NodeSlot<object, string>();
    expect(late.get(node)).toBeUndefined();
    late.set(node, 'late');
    expect([early.get(node), late.get(node)]).toEqual(['early', 'late']);
  });

  it('keeps values for frozen and non-extensible objects too', () => {
    const slot = new NodeSlot<object, string>();
    const frozen = Object.freeze({});
    const sealed = Object.preventExtensions({ a: 1 });
    slot.set(frozen, 'f');
    slot.set(sealed, 's');
    expect([slot.get(frozen), slot.get(sealed)]).toEqual(['f', 's']);
  });
});
