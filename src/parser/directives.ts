/**
 * Parser directives: `# syntax=`, `# escape=` and `# check=` lines in the leading block of the file.
 *
 * BuildKit scans physical lines from the top and stops at the first line that is not a known directive: a
 * blank line, an instruction, a plain comment, or a directive-shaped comment with an unknown key all end the
 * block. Directives must be known before lexing, because the escape character changes what a line
 * continuation is.
 */
import { readDirectiveLine } from './directive-line.js';

export type DirectiveName = 'syntax' | 'escape' | 'check';

export interface ScannedDirective {
  readonly name: DirectiveName;
  readonly value: string;
  /** Offsets in the text: the whole line (without its line ending), the key and the value. */
  readonly start: number;
  readonly end: number;
  readonly nameStart: number;
  readonly nameEnd: number;
  readonly valueStart: number;
  readonly valueEnd: number;
}

export interface DirectiveProblem {
  readonly code: 'duplicate-directive' | 'invalid-escape';
  readonly message: string;
  readonly start: number;
  readonly end: number;
}

export interface DirectiveScan {
  readonly directives: ScannedDirective[];
  readonly escapeChar: '\\' | '`';
  readonly problems: DirectiveProblem[];
}

const KNOWN = new Set<string>(['syntax', 'escape', 'check']);
const DIRECTIVE_HEAD = /^[ \t]*#[ \t]*([a-zA-Z][a-zA-Z0-9]*)[ \t]*=[ \t]*/;

export function scanDirectives(text: string): DirectiveScan {
  const directives: ScannedDirective[] = [];
  const problems: DirectiveProblem[] = [];
  const seen = new Set<string>();
  let escapeChar: '\\' | '`' = '\\';
  let lineStart = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  while (lineStart < text.length) {
    const newline = text.indexOf('\n', lineStart);
    let lineEnd = newline === -1 ? text.length : newline;
    while (lineEnd > lineStart && text.charCodeAt(lineEnd - 1) === 0x0d) lineEnd--;
    const line = text.slice(lineStart, lineEnd);
    const match = readDirectiveLine(line, DIRECTIVE_HEAD);
    if (!match) break;
    const key = match.name.toLowerCase();
    if (!KNOWN.has(key)) break;
    const value = match.value;
    const nameStart = lineStart + match.nameStart;
    const nameEnd = nameStart + match.name.length;
    const valueStart = lineStart + match.valueStart;
    const directive: ScannedDirective = {
      name: key as DirectiveName,
      value,
      start: lineStart,
      end: lineEnd,
      nameStart,
      nameEnd,
      valueStart,
      valueEnd: valueStart + value.length,
    };
    if (seen.has(key)) {
      problems.push({
        code: 'duplicate-directive',
        message: `only one ${key} parser directive can be used`,
        start: nameStart,
        end: directive.valueEnd,
      });
    } else {
      seen.add(key);
      if (key === 'escape') {
        if (value === '\\' || value === '`') escapeChar = value;
        else {
          problems.push({
            code: 'invalid-escape',
            message: `invalid escape token '${value}' does not match \` or \\`,
            start: directive.valueStart,
            end: directive.valueEnd,
          });
        }
      }
    }
    directives.push(directive);
    if (newline === -1) break;
    lineStart = newline + 1;
  }
  return { directives, escapeChar, problems };
}
