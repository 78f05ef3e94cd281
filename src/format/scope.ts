/**
 * Which parts of a file the formatter may touch: instructions without parse errors (all of them unless
 * `allowErrors` was given, or the file is refused) that overlap the requested line span.
 */
import type { Diagnostic, Instruction } from '../parser/index.js';
import type { ResolvedOptions } from './options.js';

export interface Scope {
  /** Whether the instruction may be reformatted. */
  instruction(instruction: Instruction): boolean;
  /** Whether a line outside instructions (blank, comment) may lose its trailing blanks. */
  line(line: number): boolean;
}

export function errorsOf(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return diagnostics.filter((diagnostic) => diagnostic.severity === 'error');
}

export function makeScope(text: string, diagnostics: readonly Diagnostic[], options: ResolvedOptions): Scope {
  const errors = errorsOf(diagnostics).map((d) => ({ start: d.range.start.offset, end: d.range.end.offset }));
  const span = options.lines;
  const inSpan = (first: number, last: number): boolean => span === null || (first <= span.end && last >= span.start);
  return {
    instruction(instruction) {
      const start = instruction.range.start.offset;
      const end = instruction.range.end.offset;
      // A problem that spans the whole file (no stages, no instructions…) belongs to no instruction in particular.
      const frozen = errors.some((e) => !(e.start === 0 && e.end === text.length && end - start < text.length) && e.start >= start && e.start <= end);
      return !frozen && inSpan(instruction.range.start.line, instruction.range.end.line);
    },
    line: (line) => inSpan(line, line),
  };
}
