/** The `syntax` directive found the way BuildKit finds it, on lines of any length. */
import { describe, expect, it } from 'vitest';
import { detectSyntax } from '../../src/parser/index.js';

describe('detectSyntax', () => {
  it('ignores the carriage returns that end a directive line', () => {
    expect(detectSyntax('# syntax=docker/dockerfile:1.7\r\r\nFROM a\n')).toMatchObject({ ref: 'docker/dockerfile:1.7', line: 1 });
  });

  it('reads a line of tens of thousands of carriage returns at once (trimming them once took seconds)', () => {
    expect(detectSyntax(`# syntax=${'\r'.repeat(100_000)}x\nFROM a\n`)).toBeNull();
    expect(detectSyntax(`# syntax=docker/dockerfile:1${'\r'.repeat(100_000)}\nFROM a\n`)).toMatchObject({ ref: 'docker/dockerfile:1' });
  });
});
