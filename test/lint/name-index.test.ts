/** The name index answers what `suggest` answers over the names in scope, in their order. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { suggest } from '../../src/parser/suggest.js';
import { NameIndex } from '../../src/lint/name-index.js';
import { lint } from '../../src/lint/index.js';
import { undefinedArgInFrom } from '../../src/lint/rules/undefined-arg-in-from.js';
import { undefinedVar } from '../../src/lint/rules/undefined-var.js';

/** Short names over few characters, so that many lie within two edits of each other. */
const name = fc.array(fc.constantFrom('A', 'B', 'C', '_', '1', 'é', '😀'), { minLength: 0, maxLength: 6 }).map((chars) => chars.join(''));

describe('NameIndex', () => {
  it('finds the name suggest finds among the names in scope', () => {
    fc.assert(
      fc.property(fc.array(name, { maxLength: 40 }), fc.array(name, { maxLength: 20 }), name, (scope, others, word) => {
        const index = new NameIndex([...others, ...scope]);
        const rankOf = (candidate: string): number | null => {
          const at = scope.indexOf(candidate);
          return at < 0 ? null : at;
        };
        expect(index.closest(word, rankOf)).toBe(suggest(word, scope));
      }),
      { numRuns: 3000 },
    );
  });

  it('answers nothing for a word longer than every name by more than two', () => {
    expect(new NameIndex(['AB', 'ABC']).closest('ABCDEF', () => 0)).toBeNull();
    expect(new NameIndex(['AB', 'ABC']).closest('ABCDE', () => 0)).toBe('ABC');
  });
});

describe('UndefinedVar with thousands of names', () => {
  // Far from every name the checks below look up, and from each other by more than the checks care about.
  const fillers = (count: number): string =>
    `ENV ${Array.from({ length: count }, (_, i) => `FILLER_${String(i).padStart(4, '0')}=1`).join(' ')}`;
  const hints = (text: string): string[] => lint(text, { rules: [undefinedVar] }).findings.map((finding) => finding.message);

  // The same file with few names (a scan of the names in scope) and with hundreds more (the index): the same hints.
  it.each([
    // One edit from an ancestor's ARG, an ENV and an ARG of the stage: the ancestor's ARG comes first.
    ['FROM scratch AS base\nARG AB1=1\nFROM base\n%FILL%\nENV AB2=1\nARG AB3=1\nCOPY $AB /x /y'],
    // An ENV set before an ARG of the same distance comes first; a name set later is not in scope yet.
    ['FROM scratch\n%FILL%\nARG XY1=1\nENV XY2=1\nCOPY $XY /x /y\nENV XY0=1'],
    // Two edits away only; PATH is left out of names built on it when the base image is not known.
    ['FROM debian:12\n%FILL%\nENV GOPTH=1\nENV MYPATH=2\nCOPY $GOPATH $MYPAHT /y'],
    // An ARG with a value, among the others of the stage.
    ['FROM scratch\n%FILL%\nARG TARGETARC=1\nARG A=$TARGETAR'],
  ])('%j', (template) => {
    const few = hints(template.replace('%FILL%', fillers(3)));
    const many = hints(template.replace('%FILL%', fillers(400)));
    expect(few.length).toBeGreaterThan(0);
    expect(many).toEqual(few);
  });
});

describe('UndefinedArgInFrom with thousands of global ARGs', () => {
  const fillers = (count: number): string => Array.from({ length: count }, (_, i) => `ARG FILLER_${String(i).padStart(4, '0')}`).join('\n');
  const hints = (text: string): string[] => lint(text, { rules: [undefinedArgInFrom] }).findings.map((finding) => finding.message);

  it('gives the hints a scan gives', () => {
    // One edit from two global ARGs and from a predefined one: the first declared wins; two edits from TARGETOS.
    const template = 'ARG IMAGE2\n%FILL%\nARG IMAGE1\nFROM $IMAGE\nFROM $TARGETO:1\nFROM $BUILDARC\nFROM $NOTHING_NEAR_ANY';
    const few = hints(template.replace('%FILL%', fillers(3)));
    expect(few).toEqual([
      "FROM argument 'IMAGE' is not declared (did you mean IMAGE2?)",
      "FROM argument 'TARGETO' is not declared (did you mean TARGETOS?)",
      "FROM argument 'BUILDARC' is not declared (did you mean BUILDARCH?)",
      "FROM argument 'NOTHING_NEAR_ANY' is not declared",
    ]);
    expect(hints(template.replace('%FILL%', fillers(400)))).toEqual(few);
  });
});
