/** Engine step names mapped to plan steps (the names as Docker 20.10's builders print them, measured). */
import { describe, expect, it } from 'vitest';
import { parse } from '../../src/parser/index.js';
import { planWithContext, type PlanCoreOptions } from '../../src/planner/plan-core.js';
import type { BuilderModel } from '../../src/planner/index.js';
import type { BuildStep } from '../../src/runtime/docker/build-progress.js';
import { cacheMismatches, parseBuildKitStepName, PlanStepLocator, type CacheMismatch } from '../../src/runtime/docker/plan-steps.js';

const noContext = { context: null, contextInfo: { root: null, ignoreFile: null, files: 0, bytes: 0 } };

async function locatedLines(
  text: string,
  names: readonly string[],
  builder: BuilderModel = 'buildkit',
  options: Omit<PlanCoreOptions, 'builder'> = {},
): Promise<(number | null)[]> {
  const plan = await planWithContext(text, noContext, { ...options, builder });
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

  it('numbers the triggers of a base image that are steps after its FROM, on the FROM line', async () => {
    const text = 'FROM onbuild-base\nRUN echo own\n';
    const baseImages = { 'onbuild-base': { id: 'sha256:aaa', layers: ['sha256:l1'], onbuild: ['ENV V=1', 'RUN echo a', 'WORKDIR /w'] } };
    // Measured: ENV is no numbered step; the total counts the stage's own steps only.
    const names = ['[1/2] FROM docker.io/library/onbuild-base:latest', '[2/2] RUN echo a', '[3/2] WORKDIR /w', '[4/2] RUN echo own'];
    expect(await locatedLines(text, names, 'buildkit', { baseImages })).toEqual([1, 1, 1, 2]);
  });

  it('leaves a trigger ENV of a base stage unnumbered', async () => {
    const text = 'FROM busybox AS parent\nONBUILD ENV V=1\nONBUILD RUN echo a\nFROM parent\nRUN echo own\n';
    expect(await locatedLines(text, ['[stage-1 1/1] RUN echo a', '[stage-1 2/1] RUN echo own'])).toEqual([4, 5]);
  });

  it('does not line up a step whose instruction is not the one at that place', async () => {
    expect(await locatedLines('FROM busybox\nRUN echo a\n', ['[2/2] COPY a /a'])).toEqual([null]);
  });
});

describe('cacheMismatches', () => {
  const text = 'FROM busybox AS parent\nONBUILD RUN echo a\nONBUILD COPY a.txt /a\nFROM parent\nRUN echo own\n';
  const engineStep = (index: number, instruction: string, cached: boolean): BuildStep => ({
    name: `[stage-1 ${index}/1] ${instruction}`,
    instruction,
    index,
    total: 1,
    stage: 'stage-1',
    cached,
  });

  async function mismatchesFor(beforeText: string, steps: readonly BuildStep[]): Promise<CacheMismatch[]> {
    const previous = await planWithContext(beforeText, noContext, {});
    const current = await planWithContext(text, noContext, {});
    return cacheMismatches(current, previous, steps, new PlanStepLocator(current, parse(text).ast, 'buildkit'));
  }

  it('takes the ONBUILD triggers of a rerun FROM as they come: the ones before the first changed trigger still hit', async () => {
    const edited = text.replace('ONBUILD COPY a.txt /a', 'ONBUILD COPY b.txt /a');
    const steps = [engineStep(1, 'RUN echo a', true), engineStep(2, 'COPY a.txt /a', false), engineStep(3, 'RUN echo own', false)];
    expect(await mismatchesFor(edited, steps)).toEqual([]);
  });

  it('reports a trigger of a FROM the plan says is cached that the engine ran again, on the FROM line', async () => {
    const steps = [engineStep(1, 'RUN echo a', true), engineStep(2, 'COPY a.txt /a', false), engineStep(3, 'RUN echo own', false)];
    expect(await mismatchesFor(text, steps)).toEqual([
      { line: 4, predicted: 'hit', engine: 'miss' },
      { line: 5, predicted: 'hit', engine: 'miss' },
    ]);
  });
});
