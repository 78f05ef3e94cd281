/** The stage graph exports: names shown as written, never read as syntax or markup. */
import { describe, expect, it } from 'vitest';
import { plan } from '../../src/planner/index.js';
import { planToDot } from '../../src/planner/export/dot.js';
import { planToMermaid } from '../../src/planner/export/mermaid.js';

// A stage name BuildKit refuses still reaches the graph (the plan reports it and goes on).
const dockerfile = 'FROM alpine AS a\nFROM a AS "x#1;<b>&"\nRUN true\nFROM scratch AS c\nCOPY --from=a / /\n';

describe('graph exports', () => {
  it('writes Mermaid labels with entities for #, quotes, angle brackets and ampersands', async () => {
    const text = planToMermaid(await plan(dockerfile, {}));
    expect(text).toContain('s1["#quot;x#35;1;#lt;b#gt;#amp;#quot; (2 steps)"]');
    expect(text).toContain('s0["a (1 step)"]');
    expect(text).not.toMatch(/<b>|x#1;/);
  });

  it('writes DOT labels with quotes escaped, and counts steps in words', async () => {
    const text = planToDot(await plan(dockerfile, {}));
    expect(text).toContain('label="\\"x#1;<b>&\\"\\n2 steps"');
    expect(text).toContain('label="a\\n1 step"');
    // A backslash and an `n` in a name are not a line break.
    expect(planToDot(await plan('FROM alpine AS a\\nb\n', {}))).toContain('label="a\\\\nb\\n1 step"');
  });
});
