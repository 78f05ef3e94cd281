/** "Did you mean …?" hints: the closest candidate within the distance, as BuildKit chooses it. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { levenshtein, suggest } from '../../src/parser/suggest.js';

/** The choice spelled out: every candidate's distance, the first of the closest. */
function closest(
  word: string,
  candidates: readonly string[],
  maxDistance: number,
  caseSensitive: boolean,
): string | null {
  const needle = caseSensitive ? word : word.toLowerCase();
  let best: string | null = null;
  let bestDistance = maxDistance + 1;
  for (const candidate of candidates) {
    const option = caseSensitive ? candidate : candidate.toLowerCase();
    if (option === needle) return null;
    const distance = levenshtein(needle, option);
    if (distance < bestDistance) [best, bestDistance] = [option, distance];
  }
  if (best === null || caseSensitive) return best;
  return word !== word.toLowerCase() && word === word.toUpperCase() ? best.toUpperCase() : best;
}

describe('suggest', () => {
  it('finds what comparing with every candidate finds, astral characters included', () => {
    const word = fc
      .array(fc.constantFrom('a', 'b', 'C', 'd', '😀', '\ud800', '\udc00'), { maxLength: 7 })
      .map((cs) => cs.join(''));
    const candidates = fc.array(word, { maxLength: 6 });
    fc.assert(
      fc.property(word, candidates, fc.integer({ min: 0, max: 3 }), fc.boolean(), (w, list, max, cased) => {
        expect(suggest(w, list, max, cased)).toBe(closest(w, list, max, cased));
      }),
      { numRuns: 3000 },
    );
  });

  it('names the instruction a typo is closest to', () => {
    expect(suggest('RUM', ['ADD', 'RUN'], 2, false)).toBe('RUN');
    expect(suggest('cahce', ['bind', 'cache', 'tmpfs'])).toBe('cache');
    expect(suggest('%%TEMPLATE_PLACEHOLDER%%', ['ADD', 'RUN'], 2, false)).toBeNull();
  });
});
