/**
 * `buildWithPlan` against the real Docker engine, with both builders: `.dockerignore` applied to the uploaded
 * context, only the needed part of the context sent, steps and failures named by Dockerfile line, cache hits
 * compared with the plan, and cancellation leaving nothing behind.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { BuildEvent } from '../../src/runtime/adapter.js';
import { BuildPlanMemory, buildWithPlan, type PlannedBuildOptions } from '../../src/runtime/docker/build.js';
import type { Builder } from '../../src/runtime/docker/engine-client.js';
import {
  BASE_IMAGE,
  describeWithEngine,
  engine,
  engineAvailable,
  ensureBaseImage,
  eventually,
  nonce,
  removeCreatedImages,
  testTag,
} from './engine-harness.js';

const status = await engineAvailable();
const builders: readonly Builder[] = ['classic', 'buildkit'];

async function writeFiles(dir: string, files: Record<string, string>): Promise<void> {
  for (const [path, content] of Object.entries(files)) {
    await mkdir(join(dir, path, '..'), { recursive: true });
    await writeFile(join(dir, path), content);
  }
}

function logsOf(events: readonly BuildEvent[]): string {
  return events.map((event) => (event.type === 'log' ? event.text : '')).join('');
}

for (const builder of builders) {
  describeWithEngine(status, `building with the plan (${builder})`, () => {
    let root = '';

    beforeAll(async () => {
      await ensureBaseImage();
      root = await mkdtemp(join(tmpdir(), `dfkit-planned-${builder}-`));
    }, 120_000);

    afterAll(async () => {
      await removeCreatedImages();
      if (root) await rm(root, { recursive: true, force: true });
    }, 120_000);

    async function build(files: Record<string, string>, dockerfile: string, options: PlannedBuildOptions = {}, dir?: string) {
      const context = dir ?? (await mkdtemp(join(root, 'ctx-')));
      await writeFiles(context, { ...files, Dockerfile: dockerfile });
      const events: BuildEvent[] = [];
      const outcome = await buildWithPlan(
        engine(),
        { context, builder, tags: [testTag(`planned-${builder}`)] },
        {
          cacheDir: false,
          ...options,
          onEvent: (event) => {
            events.push(event);
            options.onEvent?.(event);
          },
        },
      );
      return { outcome, events, context };
    }

    it('applies .dockerignore to the context it sends', async () => {
      const { outcome, events } = await build(
        { 'app.txt': 'app\n', 'secret.txt': 'secret\n', 'logs/debug.log': 'noise\n', '.dockerignore': 'secret.txt\nlogs\n' },
        `FROM ${BASE_IMAGE}\nCOPY . /ctx/\nRUN test ! -e /ctx/secret.txt && test ! -e /ctx/logs && test -e /ctx/app.txt && ls -a /ctx && echo ${nonce()}\n`,
      );
      expect(outcome.error).toBeUndefined();
      expect(outcome.imageId).toMatch(/^sha256:/);
      const listing = logsOf(events);
      expect(listing).toContain('app.txt');
      expect(listing).not.toContain('secret.txt');
      // `COPY .` needs the whole context: everything .dockerignore keeps is sent.
      const context = events.find((event) => event.type === 'context');
      expect(context).toMatchObject({ type: 'context', files: 3 });
      expect(outcome.context).toMatchObject({ partial: false });
      if (builder === 'classic') {
        expect(outcome.context).toMatchObject({ transport: 'tar' });
        expect(outcome.context?.bytesSent).toBe(outcome.context?.bytesTotal);
      } else {
        // BuildKit syncs a fresh directory in full; the Dockerfile and the ignore file travel twice (the engine
        // keeps a copy of each for reading them before the context).
        expect(outcome.context).toMatchObject({ transport: 'session' });
        expect(outcome.context?.bytesSent).toBeGreaterThanOrEqual(outcome.context?.bytesTotal ?? Infinity);
      }
    });

    it('sends only the files the needed stages copy', async () => {
      const big = 'x'.repeat(200_000);
      const { outcome, events } = await build(
        { 'app.txt': 'app\n', 'src/main.txt': 'main\n', 'assets/big.bin': big, 'unused/other.txt': 'other\n' },
        [
          `FROM ${BASE_IMAGE} AS unused`,
          'COPY unused /unused',
          `FROM ${BASE_IMAGE}`,
          'COPY app.txt /app/app.txt',
          'COPY src /app/src',
          `RUN cat /app/app.txt /app/src/main.txt && echo ${nonce()}`,
          '',
        ].join('\n'),
      );
      expect(outcome.error).toBeUndefined();
      expect(logsOf(events)).toContain('main');
      const context = events.find((event): event is Extract<BuildEvent, { type: 'context' }> => event.type === 'context');
      expect(context).toBeDefined();
      expect(context!.bytesSent).toBeLessThan(context!.bytesTotal);
      expect(context!.bytesTotal - context!.bytesSent).toBeGreaterThanOrEqual(big.length);
      // Dockerfile, app.txt and src/main.txt; the classic builder builds every stage up to the target, so it also
      // needs what the unused stage copies.
      expect(context!.files).toBe(builder === 'classic' ? 4 : 3);
      expect(outcome.context?.partial).toBe(true);
    });

    it('reports a failing RUN at its Dockerfile line', async () => {
      const token = nonce();
      const dockerfile = [
        `FROM ${BASE_IMAGE} AS first`,
        `RUN echo first-${token}`,
        `FROM ${BASE_IMAGE}`,
        `RUN echo ok-${token}`,
        `RUN echo before-${token} && \\`,
        '  exit 3',
        '',
      ].join('\n');
      const { outcome, events } = await build({}, dockerfile);
      // The classic builder had finished the first stage's image; the build as a whole made none.
      expect(outcome.imageId).toBeNull();
      expect(events.some((event) => event.type === 'image')).toBe(false);
      expect(outcome.error?.line).toBe(5);
      expect(outcome.error?.range?.start.line).toBe(4);
      expect(outcome.error?.range?.end.line).toBe(5);
      const error = events.find((event) => event.type === 'error');
      expect(error).toMatchObject({ type: 'error', step: { line: 5 } });
      const log = events.find((event) => event.type === 'log' && event.text.includes(`before-${token}`));
      expect(log).toMatchObject({ step: { line: 5 } });
    });

    it('fails a base name that is blank or no valid reference with the engine\'s message, not an API error', async () => {
      // The engine answers a lookup of such a name with an HTTP error (301 for an empty name, 400 for upper
      // case); the build must still end as a failed build with the builder's own words.
      for (const [dockerfile, expected] of [
        ['ARG B=\nFROM $B\nRUN true\n', /base name \(\$B\) should not be blank/],
        [`FROM ${BASE_IMAGE.toUpperCase()}\nRUN true\n`, /repository name must be lowercase/],
      ] as const) {
        const { outcome } = await build({}, dockerfile);
        expect(outcome.imageId).toBeNull();
        expect(outcome.error?.message).toMatch(expected);
        expect(outcome.error?.message).not.toMatch(/GET \/images/);
      }
    });

    it('reports a second identical build as cached, as the plan predicts', async () => {
      const plans = new BuildPlanMemory();
      const files = { 'app.txt': `app ${nonce()}\n` };
      const dockerfile = `FROM ${BASE_IMAGE}\nARG FOO=1\nCOPY app.txt /app/app.txt\nRUN cat /app/app.txt\nCMD ["cat", "/app/app.txt"]\n`;
      const first = await build(files, dockerfile, { plans });
      expect(first.outcome.error).toBeUndefined();
      expect(first.outcome.mismatches).toBeUndefined();
      const second = await build(files, dockerfile, { plans }, first.context);
      expect(second.outcome.error).toBeUndefined();
      // The classic builder also reports the trailing LABEL step it adds for dfkit's label; it has no line.
      const steps = second.outcome.steps.filter((step) => !/FROM/.test(step.name) && !/ : LABEL dev\.dfkit\.managed=image$/.test(step.name));
      expect(steps.length).toBeGreaterThan(1);
      expect(steps.every((step) => step.cached && step.line !== undefined)).toBe(true);
      expect(second.outcome.steps.every((step) => step.cached || /FROM/.test(step.name))).toBe(true);
      expect(second.outcome.mismatches).toEqual([]);
      expect(second.events.some((event) => event.type === 'step-cached' && event.step.line === 4)).toBe(true);

      // An edit of the copied file: the plan and the engine agree that the COPY and what follows rerun.
      await writeFile(join(first.context, 'app.txt'), `edited ${nonce()}\n`);
      const third = await build({}, dockerfile, { plans }, first.context);
      expect(third.outcome.error).toBeUndefined();
      expect(third.outcome.steps.find((step) => step.line === 3)?.cached).toBe(false);
      expect(third.outcome.mismatches).toEqual([]);
    });

    it('uses a Dockerfile from outside the context', async () => {
      const context = await mkdtemp(join(root, 'outside-'));
      await writeFiles(context, { 'app.txt': 'outside\n' });
      const dockerfile = join(root, `${builder}.Dockerfile`);
      await writeFile(dockerfile, `FROM ${BASE_IMAGE}\nCOPY app.txt /app.txt\nRUN cat /app.txt && echo ${nonce()}\n`);
      const events: BuildEvent[] = [];
      const outcome = await buildWithPlan(
        engine(),
        { context, dockerfile, builder, tags: [testTag(`outside-${builder}`)] },
        { cacheDir: false, onEvent: (event) => events.push(event) },
      );
      expect(outcome.error).toBeUndefined();
      expect(logsOf(events)).toContain('outside');
    });

    it('stops when aborted and leaves no containers', async () => {
      const token = nonce();
      const controller = new AbortController();
      const started = Date.now();
      const dockerfile = `FROM ${BASE_IMAGE}\nLABEL dfkit.test.case=${token}\nRUN echo started-${token} && sleep 60\n`;
      // Abort once the RUN prints, i.e. while its container (classic) or process (BuildKit) runs.
      const pending = build({}, dockerfile, {
        signal: controller.signal,
        onEvent: (event) => {
          if (event.type === 'log' && event.text.includes(`started-${token}`)) controller.abort();
        },
      });
      await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
      expect(Date.now() - started).toBeLessThan(30_000);
      const containers = async (): Promise<number> =>
        (await engine().listContainers({ label: [`dfkit.test.case=${token}`] }, { all: true })).length;
      expect(await eventually(async () => (await containers()) === 0)).toBe(true);
    });
  });
}
