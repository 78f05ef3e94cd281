import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sha1Hex } from '../../../src/lint/formatters/sha1.js';

describe('sha1Hex', () => {
  it('agrees with the platform SHA-1 on texts of every length across block boundaries, non-ASCII included', () => {
    const pieces = ['a', 'é', '中', '😀', '\n'];
    for (let length = 0; length < 300; length++) {
      let text = '';
      for (let i = 0; i < length; i++) text += pieces[(i * 7 + length) % pieces.length];
      expect(sha1Hex(text), `length ${length}`).toBe(createHash('sha1').update(text, 'utf8').digest('hex'));
    }
  });

  it('gives the standard test vectors', () => {
    expect(sha1Hex('')).toBe('da39a3ee5e6b4b0d3255bfef95601890afd80709');
    expect(sha1Hex('abc')).toBe('a9993e364706816aba3e25717850c26c9cd0d89d');
  });
});
