import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { digestOf, sha256Hex } from '../../src/planner/sha256.js';

describe('sha256Hex', () => {
  it('agrees with node:crypto on arbitrary text, including every padding boundary', () => {
    for (let length = 0; length < 200; length++) {
      const text = 'x'.repeat(length);
      expect(sha256Hex([text])).toBe(createHash('sha256').update(text).digest('hex'));
    }
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), (text) => {
        expect(sha256Hex([text])).toBe(createHash('sha256').update(text, 'utf8').digest('hex'));
      }),
    );
  });
});

describe('digestOf', () => {
  it('does not depend on key order and drops undefined members', () => {
    expect(digestOf({ a: 1, b: [1, { c: 'x', d: undefined }] })).toBe(digestOf({ b: [1, { c: 'x' }], a: 1 }));
    expect(digestOf({ a: 1 })).not.toBe(digestOf({ a: '1' }));
  });
});
