/**
 * The first pass: white space no builder ever sees, line by line. Trailing blanks of blank and comment lines,
 * indentation before an instruction's keyword, blanks after a continuation marker, and white space of the comment
 * and empty lines skipped inside a continuation. Heredoc bodies and parser directives are copied as written, and
 * no line is added or removed, so line numbers stay valid for the second pass.
 */
import { LineTable, type Dockerfile } from '../parser/index.js';
import { withoutTrailing } from '../parser/trailing.js';
import { headEnd } from './head.js';
import type { Scope } from './scope.js';

type LineRole =
  | { readonly kind: 'top' }
  | { readonly kind: 'keep' }
  | { readonly kind: 'first'; readonly keywordColumn: number; readonly last: boolean }
  | { readonly kind: 'continuation'; readonly last: boolean };

function lineRoles(text: string, ast: Dockerfile, scope: Scope, lines: LineTable): LineRole[] {
  const roles: LineRole[] = Array.from({ length: lines.lineCount }, () => ({ kind: 'top' }));
  for (const directive of ast.directives) roles[lines.lineOf(directive.range.start.offset)] = { kind: 'keep' };
  for (const instruction of ast.instructions) {
    const start = instruction.range.start.offset;
    const first = lines.lineOf(start);
    const headLast = lines.lineOf(headEnd(text, instruction));
    const last = lines.lineOf(instruction.range.end.offset);
    const free = scope.instruction(instruction);
    for (let line = first; line <= last; line++) {
      if (!free || line > headLast) roles[line] = { kind: 'keep' };
      else if (line === first) roles[line] = { kind: 'first', keywordColumn: start - lines.lineStart(line), last: line === headLast };
      else roles[line] = { kind: 'continuation', last: line === headLast };
    }
  }
  return roles;
}

/** Blanks after a continuation marker at the end of `content`, cut; anything else unchanged. */
function cutBlanksAfterMarker(content: string, escapeChar: string): string {
  const trimmed = withoutTrailing(content, ' \t');
  if (trimmed === content || !trimmed.endsWith(escapeChar)) return content;
  // An escaped escape character (`\\` at the end) is text, not a continuation marker.
  return trimmed.length >= 2 && trimmed[trimmed.length - 2] === escapeChar ? content : trimmed;
}

function cleanLine(content: string, role: LineRole, escapeChar: string, topInScope: boolean): string {
  switch (role.kind) {
    case 'keep':
      return content;
    case 'top':
      // A stray carriage return among the trailing blanks goes too: kept, it would join the line ending on the
      // next pass, and formatting must be idempotent.
      return topInScope ? withoutTrailing(content, ' \t\r') : content;
    case 'first': {
      // Only a byte order mark may stay before the keyword; the builder strips the rest.
      const prefix = content.slice(0, role.keywordColumn).startsWith('\ufeff') ? '\ufeff' : '';
      const rest = content.slice(role.keywordColumn);
      return prefix + (role.last ? rest : cutBlanksAfterMarker(rest, escapeChar));
    }
    case 'continuation': {
      if (/^[ \t]*$/.test(content)) return '';
      if (/^[ \t]*#/.test(content)) return withoutTrailing(content, ' \t\r');
      return role.last ? content : cutBlanksAfterMarker(content, escapeChar);
    }
  }
}

export function cleanLines(text: string, ast: Dockerfile, scope: Scope): string {
  const lines = new LineTable(text);
  const roles = lineRoles(text, ast, scope, lines);
  let out = '';
  for (let line = 0; line < lines.lineCount; line++) {
    const start = lines.lineStart(line);
    const next = line + 1 < lines.lineCount ? lines.lineStart(line + 1) : undefined;
    let contentEnd = next === undefined ? text.length : next - 1;
    // Carriage returns before a newline belong to the line ending; at the very end of a file without a final
    // newline they are kept as content, so that a second pass sees the same line as the first.
    if (next !== undefined) while (contentEnd > start && text[contentEnd - 1] === '\r') contentEnd--;
    const content = text.slice(start, contentEnd);
    const eol = text.slice(contentEnd, next ?? text.length);
    out += cleanLine(content, roles[line] as LineRole, ast.escapeChar, scope.line(line)) + eol;
  }
  return out;
}
