/** Directive lines read in linear time, deciding as the regular expressions that once read them. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readDirectiveLine } from '../../src/parser/directive-line.js';
import { scanDirectives } from '../../src/parser/directives.js';
import { detectSyntax, findDirective } from '../../src/parser/syntax.js';

// The definitions, as regular expressions: right, and quadratic on a long run of blanks inside the value.
const HASH_LINE = /^[ \t]*#[ \t]*([a-zA-Z][a-zA-Z0-9]*)[ \t]*=[ \t]*(.+?)[ \t]*$/;
const SLASH_LINE = /^\/\/[ \t]*([a-zA-Z][a-zA-Z0-9]*)[ \t]*=[ \t]*(.+?)[ \t]*$/;
const HASH_HEAD = /^[ \t]*#[ \t]*([a-zA-Z][a-zA-Z0-9]*)[ \t]*=[ \t]*/;
const SLASH_HEAD = /^\/\/[ \t]*([a-zA-Z][a-zA-Z0-9]*)[ \t]*=[ \t]*/;

describe('directive lines', () => {
  it('are read as the regular expressions read them', () => {
    const piece = fc.constantFrom('#', '//', ' ', '\t', '=', 'syntax', 'Check', 'x1', '1', 'a b', '\r', '\u2028', '\u00a0', '"', '==');
    const line = fc.array(piece, { maxLength: 12 }).map((pieces) => pieces.join(''));
    fc.assert(
      fc.property(line, (text) => {
        for (const [whole, head] of [[HASH_LINE, HASH_HEAD], [SLASH_LINE, SLASH_HEAD]] as const) {
          const expected = whole.exec(text);
          const read = readDirectiveLine(text, head);
          expect(read && [read.name, read.value, text.slice(read.valueStart, read.valueStart + read.value.length)]).toEqual(
            expected && [expected[1], expected[2], expected[2]],
          );
          if (read) expect(text.slice(read.nameStart, read.nameStart + read.name.length)).toBe(read.name);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('take a value of nothing but blanks as its last blank, as the pattern did', () => {
    expect(readDirectiveLine('# syntax= \t', HASH_HEAD)).toEqual({ name: 'syntax', nameStart: 2, value: '\t', valueStart: 10 });
    expect(readDirectiveLine('# syntax=', HASH_HEAD)).toBeNull();
  });

  it('are read whole when a long run of blanks sits inside the value (the pattern took seconds)', () => {
    const value = `docker/dockerfile:1${' \t'.repeat(30_000)}x`;
    const text = `# syntax=${value}  \nFROM a\n`;
    expect(scanDirectives(text).directives.map((directive) => directive.value)).toEqual([value]);
    expect(findDirective(text, 'syntax')?.cmdline).toBe(value);
    expect(detectSyntax(`// syntax=${value}\n`)?.cmdline).toBe(value);
  });
});
