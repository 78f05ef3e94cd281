/**
 * The check of a range a rule reports. Ranges the parser made are right by construction; any other (a custom
 * rule's, a range built from positions) must be two positions inside the text, in order, or every formatter,
 * fix and editor downstream would fail on it far from the rule that made it.
 */
import { isParsedRange } from '../parser/source.js';

/** What is wrong with `range` for a text of `length` characters, or `null` when nothing is. */
export function reportedRangeProblem(range: unknown, length: number): string | null {
  if (isParsedRange(range)) return null;
  if (typeof range !== 'object' || range === null) return `range must be an object {start, end}, got ${describe(range)}`;
  const { start, end } = range as { start?: unknown; end?: unknown };
  const startProblem = positionProblem('start', start, length);
  if (startProblem) return startProblem;
  const endProblem = positionProblem('end', end, length);
  if (endProblem) return endProblem;
  const from = (start as { offset: number }).offset;
  const to = (end as { offset: number }).offset;
  return from <= to ? null : `range.start.offset ${from} is after range.end.offset ${to}`;
}

function positionProblem(name: string, position: unknown, length: number): string | null {
  if (typeof position !== 'object' || position === null) {
    return `range.${name} must be a position {line, character, offset}, got ${describe(position)}`;
  }
  for (const field of ['line', 'character', 'offset'] as const) {
    const value = (position as Record<string, unknown>)[field];
    if (!Number.isInteger(value) || (value as number) < 0) {
      return `range.${name}.${field} must be a whole number ≥ 0, got ${describe(value)}`;
    }
  }
  const offset = (position as { offset: number }).offset;
  return offset <= length ? null : `range.${name}.offset ${offset} is past the end of the text (${length})`;
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'object' && value !== null) return Array.isArray(value) ? 'a list' : 'an object';
  return JSON.stringify(value) ?? String(value);
}
