/**
 * Images dfkit builds carry its label and the caller's labels, with both Docker builders and with podman, and
 * the labels cost no cache: the classic builder and buildah add one trailing `LABEL` step per label (measured:
 * `Step 6/7 : LABEL dev.dfkit.managed=1`, buildah `STEP 6/7: LABEL "dev.dfkit.managed"="1"`), BuildKit only
 * writes the image config. Those steps follow the Dockerfile's last one, so the Dockerfile's steps stay cached,
 * and they name no Dockerfile line, so they never count as a mismatch with the plan.
 *
 * The classic builder orders the label steps by key; buildah takes them in random order (measured: three labels
 * came in a different order on each of three identical builds), so with several labels its label steps may
 * rerun on an unchanged rebuild and make a new image. With dfkit's label alone there is one order.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DFKIT_IMAGE_VALUE, DFKIT_LABEL, type BuildOutcome } from '../../src/runtime/adapter.js';
import { DockerAdapter } from '../../src/runtime/docker/adapter.js';
import type { EngineClient } from '../../src/runtime/docker/engine-client.js';
import {
  BASE_IMAGE,
  describeWithEngine,
  engine,
  engineAvailable,
  ensureBaseImage,
  nonce,
  removeCreatedImages,
  testTag,
} from './engine-harness.js';
import { describeWithPodman, podmanSuite, startOrReusePodman } from './podman-harness.js';

const status = await engineAvailable();
const podmanService = await startOrReusePodman();
// The planner's digest cache goes into a temp dir rather than the user's cache directory. Made in a hook, so
// that a run without an engine (whose skipped suites run no hooks) leaves nothing behind either.
const adapterEnv: Record<string, string> = {};
beforeAll(async () => {
  adapterEnv.DFKIT_CACHE_DIR = await mkdtemp(join(tmpdir(), 'dfkit-labels-cache-'));
});
afterAll(async () => {
  if (adapterEnv.DFKIT_CACHE_DIR) await rm(adapterEnv.DFKIT_CACHE_DIR, { recursive: true, force: true });
});

type Flavour = 'classic' | 'buildkit' | 'podman';

/** The steps the engine added for the build's labels: they name no Dockerfile line. */
function labelSteps(outcome: BuildOutcome): string[] {
  return outcome.steps.filter((step) => step.line === undefined && !/\bFROM\b/.test(step.name)).map((step) => step.name);
}

/** Every step that has a Dockerfile line, except FROM (whose cached flag means nothing). */
function dockerfileSteps(outcome: BuildOutcome): Array<{ line: number; cached: boolean }> {
  return outcome.steps
    .filter((step): step is typeof step & { line: number } => step.line !== undefined && !/\bFROM\b/.test(step.name))
    .map((step) => ({ line: step.line, cached: step.cached }));
}

function labelledBuildTests(flavour: Flavour, setup: () => { adapter: DockerAdapter; client: EngineClient; tag: (name: string) => string }): void {
  let dir = '';
  // Images a rebuild left untagged (the label change makes a new image), removed by ID at the end.
  const built = new Set<string>();

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), `dfkit-labels-${flavour}-`));
  });

  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
    const { client } = setup();
    for (const id of built) await client.removeImage(id, { force: true }).catch(() => undefined);
  }, 60_000);

  it('labels the image, keeps every step cached on a rebuild, and reports no mismatch when a label changes', async () => {
    const { adapter, client, tag } = setup();
    const token = nonce();
    await writeFile(join(dir, 'app.txt'), `app ${token}\n`);
    await writeFile(join(dir, 'Dockerfile'), `FROM ${BASE_IMAGE}\nCOPY app.txt /app/app.txt\nRUN cat /app/app.txt\nCMD ["cat", "/app/app.txt"]\n`);
    const image = tag(`labels-${flavour}`);
    const request = { context: dir, tags: [image], ...(flavour !== 'podman' && { builder: flavour }) };
    const build = async (variant: string): Promise<BuildOutcome> => {
      const outcome = await adapter.build({ ...request, labels: { 'dfkit.test.case': token, 'dfkit.test.variant': variant } });
      expect(outcome.error, outcome.error?.message).toBeUndefined();
      if (outcome.imageId) built.add(outcome.imageId);
      return outcome;
    };

    const first = await build('a');
    const labels = (await client.inspectImage(image)).Config?.Labels ?? {};
    expect(labels).toMatchObject({ [DFKIT_LABEL]: DFKIT_IMAGE_VALUE, 'dfkit.test.case': token, 'dfkit.test.variant': 'a' });
    // BuildKit has no step for CMD; the others commit one.
    const lines = flavour === 'buildkit' ? [2, 3] : [2, 3, 4];
    expect(dockerfileSteps(first).map((step) => step.line)).toEqual(lines);
    // One trailing LABEL step per label with the builders that commit an image per instruction; none with BuildKit.
    const added = labelSteps(first);
    if (flavour === 'buildkit') expect(added).toEqual([]);
    else {
      expect(added).toHaveLength(3);
      for (const name of added) expect(name).toMatch(/LABEL/);
    }

    const second = await build('a');
    expect(dockerfileSteps(second)).toEqual(lines.map((line) => ({ line, cached: true })));
    expect(second.mismatches).toEqual([]);
    if (flavour !== 'podman') {
      expect(second.steps.filter((step) => !/\bFROM\b/.test(step.name)).every((step) => step.cached)).toBe(true);
      expect(second.imageId).toBe(first.imageId);
    }

    // A different label value reruns at most the label steps; the Dockerfile's steps stay cached, as planned.
    const third = await build('b');
    expect(dockerfileSteps(third)).toEqual(lines.map((line) => ({ line, cached: true })));
    expect(third.mismatches).toEqual([]);
    expect((await client.inspectImage(image)).Config?.Labels?.['dfkit.test.variant']).toBe('b');
  }, 120_000);

  it("with dfkit's label alone, rebuilds unchanged with every step cached and the same image", async () => {
    const { adapter, client, tag } = setup();
    const token = nonce();
    await writeFile(join(dir, 'Dockerfile'), `FROM ${BASE_IMAGE}\nRUN echo ${token} > /token\nCMD ["cat", "/token"]\n`);
    const image = tag(`label-only-${flavour}`);
    const request = { context: dir, tags: [image], ...(flavour !== 'podman' && { builder: flavour }) };
    const first = await adapter.build(request);
    expect(first.error, first.error?.message).toBeUndefined();
    if (first.imageId) built.add(first.imageId);
    expect((await client.inspectImage(image)).Config?.Labels?.[DFKIT_LABEL]).toBe(DFKIT_IMAGE_VALUE);
    const second = await adapter.build(request);
    expect(second.steps.filter((step) => !/\bFROM\b/.test(step.name)).every((step) => step.cached)).toBe(true);
    expect(second.mismatches).toEqual([]);
    expect(second.imageId).toBe(first.imageId);
  }, 120_000);
}

for (const builder of ['classic', 'buildkit'] as const) {
  describeWithEngine(status, `labels on built images (docker, ${builder})`, () => {
    const adapter = new DockerAdapter(engine(), adapterEnv);

    beforeAll(async () => {
      await ensureBaseImage();
    }, 120_000);

    afterAll(async () => {
      await removeCreatedImages();
    }, 120_000);

    labelledBuildTests(builder, () => ({ adapter, client: engine(), tag: testTag }));
  });
}

describeWithPodman(podmanService, 'labels on built images (podman)', () => {
  const suite = podmanSuite(podmanService, adapterEnv);

  labelledBuildTests('podman', () => ({
    adapter: suite.adapter,
    client: suite.adapter.client,
    tag: (name) => {
      const tagged = `dfkit-test/${name}-${nonce()}:latest`;
      suite.tags.push(tagged);
      return tagged;
    },
  }));
});
