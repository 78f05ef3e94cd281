/** BuildKit step names read in linear time, as the regular expression that once read them. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readBuildKitStepName } from '../../src/runtime/docker/buildkit-step-name.js';

// The definition: right, and quadratic on a long run of blanks inside the label.
const STEP = /^\[(?:([^\]]*?) +)?\s*(\d+)\/(\d+)\] (.*)$/s;

function byPattern(name: string) {
  const match = STEP.exec(name);
  if (!match) return null;
  const stage = (match[1] ?? '').split(/\s+/).filter((word) => word !== '' && !word.includes('/')).pop();
  return { index: Number(match[2]), total: Number(match[3]), instruction: match[4] ?? '', ...(stage !== undefined && { stage }) };
}

describe('BuildKit step names', () => {
  it('are read as the regular expression reads them', () => {
    // Shaped like step names, with each part sometimes broken.
    const name = fc
      .tuple(
        fc.constantFrom('[', '', '[['),
        fc.array(fc.constantFrom(' ', '  ', '\t', '\n', 'build', 'linux/arm64', 'a1', '1', '/', ']'), { maxLength: 6 }),
        fc.constantFrom('2/4', '12/4', ' 3/12', '1/', '/2', '2//4', ''),
        fc.constantFrom('] ', ']', ' ] ', '] \n'),
        fc.constantFrom('RUN x', '', 'a]b'),
      )
      .map(([open, label, counts, close, rest]) => open + label.join('') + counts + close + rest);
    fc.assert(
      fc.property(name, (text) => {
        expect(readBuildKitStepName(text)).toEqual(byPattern(text));
      }),
      { numRuns: 5000 },
    );
  });

  it('read labels, platforms and padding', () => {
    expect(readBuildKitStepName('[linux/arm64 build  2/12] RUN make')).toEqual({ stage: 'build', index: 2, total: 12, instruction: 'RUN make' });
    expect(readBuildKitStepName('[ 3/12] COPY . .')).toEqual({ index: 3, total: 12, instruction: 'COPY . .' });
    expect(readBuildKitStepName('[internal] load build definition from Dockerfile')).toBeNull();
    // A label of 50,000 blanks (the pattern tried every way to share them).
    expect(readBuildKitStepName(`[a${' '.repeat(50_000)}x 1/2] RUN y`)).toEqual({ stage: 'x', index: 1, total: 2, instruction: 'RUN y' });
  });
});
