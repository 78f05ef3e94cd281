/**
 * Random edits for the property tests of the incremental parser and linter: an edit removes a few characters at
 * a relative place in the text and inserts one of the given strings there.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import fc from 'fast-check';

export interface Edit {
  /** Where, as a fraction of the text's length. */
  readonly at: number;
  readonly remove: number;
  readonly insert: string;
}

export function editArbitrary(inserts: readonly string[]): fc.Arbitrary<Edit> {
  return fc.record({
    at: fc.double({ min: 0, max: 1, noNaN: true }),
    remove: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 4, max: 40 })),
    insert: fc.oneof(fc.constant(''), fc.constantFrom(...inserts)),
  });
}

/** A step taking the last edit back (a typo, then backspace; an undo): the text of the version before last. */
export const UNDO = 'undo';

/** Random edits, now and then one taken back. */
export function editOrUndoArbitrary(inserts: readonly string[]): fc.Arbitrary<Edit | typeof UNDO> {
  return fc.oneof({ weight: 5, arbitrary: editArbitrary(inserts) }, { weight: 1, arbitrary: fc.constant(UNDO) });
}

/** The text after `step`, given the texts so far (the last is the current one). */
export function nextText(versions: readonly string[], step: Edit | typeof UNDO): string {
  const text = versions.at(-1) as string;
  return step === UNDO ? (versions.at(-2) ?? text) : applyEdit(text, step);
}

export function applyEdit(text: string, { at, remove, insert }: Edit): string {
  const offset = Math.min(text.length, Math.floor(at * (text.length + 1)));
  return text.slice(0, offset) + insert + text.slice(offset + remove);
}

/** The Dockerfile of every bundled example that has one. */
export function exampleDockerfiles(): string[] {
  const root = resolve(__dirname, '../examples');
  return readdirSync(root, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .flatMap((entry) => {
      try {
        return [readFileSync(join(root, entry.name, 'Dockerfile'), 'utf8')];
      } catch {
        return [];
      }
    });
}
