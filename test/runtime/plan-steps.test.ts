/** Engine step names mapped to plan steps (the names as Docker 20.10's builders print them, measured). */
import { describe, expect, it } from 'vitest';
import { parse } from '../../src/parser/index.js';
import { planWithContext } from '../../src/planner/plan-core.js';
import type { BuilderModel } from '../../src/planner/index.js';
import { parseBuildKitStepName, PlanStepLocator } from '../../src/runtime/docker/plan-steps.js';

const noContext = { context: null, contextInfo: { root: null, ignoreFile: null, files: 0, bytes: 0 } };

async function locatedLines(text: string, names: readonly string[], builder: BuilderModel = 'buildkit'): Promise<(number | null)[]> {
  const plan = await planWithContext(text, noContext, { builder });
  const locator = new PlanStepLocator(plan, parse(text).ast, builder);
  return names.map((name) => locator.locate(parseBuildKitStepName(name)!)?.step.line ?? null);
}

describe('PlanStepLocator under BuildKit', () => {
  it('numbers a stage built on another stage without its FROM', async () => {
    const text = 'FROM busybox AS parent\nRUN echo parent\nFROM parent\nRUN echo one\nRUN echo two\n';
    const names = ['[parent 1/2] FROM docker.io/library/busybox', '[parent 2/2] RUN echo parent', '[stage-1 1/2] RUN echo one', '[stage-1 2/2] RUN echo two'];
    expect(await locatedLines(text, names)).toEqual([1, 2, 4, 5]);
  });

  it('puts the ONBUILD triggers the base stage left first, on the FROM line that runs them', async () => {
    const text = 'FROM busybox AS parent\nONBUILD RUN echo a\nONBUILD RUN echo b\nFROM parent\nRUN echo own\n';
    const names = ['[stage-1 1/1] RUN echo a', '[stage-1 2/1] RUN echo b', '[stage-1 3/1] RUN echo own'];
    expect(await locatedLines(text, names)).toEqual([4, 4, 5]);
  });

  it('does not line up a step whose instruction is not the one at that place', async () => {
    expect(await locatedLines('FROM busybox\nRUN echo a\n', ['[2/2] COPY a /a'])).toEqual([null]);
  });
});
