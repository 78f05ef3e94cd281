/**
 * Builds against the real Docker engine, with both builders: what the step results say about the cache, how
 * failures and cancellation are reported, and that contexts written by our tar writer are accepted.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { BuildStep } from '../../src/runtime/docker/build-progress.js';
import type { Builder } from '../../src/runtime/docker/engine-client.js';
import {
  BASE_IMAGE,
  buildContext,
  describeWithEngine,
  engine,
  engineAvailable,
  ensureBaseImage,
  eventually,
  nonce,
  outputOf,
  removeCreatedImages,
} from './engine-harness.js';

const status = await engineAvailable();

const APP = [
  `FROM ${BASE_IMAGE}`,
  'ARG FOO=default',
  'COPY app.txt /app/app.txt',
  'RUN echo "foo=$FOO" && cat /app/app.txt',
  'CMD ["cat", "/app/app.txt"]',
  '',
].join('\n');

const isFrom = (step: BuildStep): boolean => /^FROM\b/i.test(step.instruction);

async function labelledContainers(key: string, value: string): Promise<number> {
  return (await engine().listContainers({ label: [`${key}=${value}`] }, { all: true })).length;
}

/**
 * Processes whose command line mentions `token`. Only meaningful when the engine runs on this host (a unix
 * socket): BuildKit runs RUN steps outside any container the API lists, so this is how a test sees them stop.
 */
function isLocalEngine(): boolean {
  const host = process.env['DOCKER_HOST'];
  return (!host || host.startsWith('unix://')) && existsSync('/proc/self/cmdline');
}

async function hostProcessesMentioning(token: string): Promise<number> {
  if (!isLocalEngine()) return 0;
  let count = 0;
  for (const pid of await readdir('/proc')) {
    if (!/^\d+$/.test(pid) || Number(pid) === process.pid) continue;
    try {
      if ((await readFile(`/proc/${pid}/cmdline`, 'utf8')).includes(token)) count++;
    } catch {
      // the process ended while we looked
    }
  }
  return count;
}

const builders: readonly Builder[] = ['classic', 'buildkit'];

for (const builder of builders) {
  describeWithEngine(status, `docker build with the ${builder} builder`, () => {
    let dir = '';

    beforeAll(async () => {
      await ensureBaseImage();
      dir = await mkdtemp(join(tmpdir(), `dfkit-build-${builder}-`));
      await writeFile(join(dir, 'app.txt'), `app ${nonce()}\n`);
    });

    afterAll(async () => {
      await removeCreatedImages();
      if (dir) await rm(dir, { recursive: true, force: true });
    });

    it('builds an image and reports its steps and output', async () => {
      const build = await buildContext(dir, APP, builder);
      expect(build.error).toBeUndefined();
      expect(build.imageId).toMatch(/^sha256:[0-9a-f]{64}$/);
      expect((await engine().inspectImage(build.tag)).Id).toBe(build.imageId);
      const instructions = build.steps.map((s) => s.instruction.split(' ')[0]);
      // BuildKit has no vertex for ARG or CMD: they only change the image config.
      expect(instructions).toEqual(builder === 'classic' ? ['FROM', 'ARG', 'COPY', 'RUN', 'CMD'] : ['FROM', 'COPY', 'RUN']);
      expect(build.steps.filter((s) => /^(COPY|RUN)/.test(s.instruction)).every((s) => !s.cached)).toBe(true);
      expect(outputOf(build)).toContain('foo=default');
      expect(outputOf(build)).toContain(await readFile(join(dir, 'app.txt'), 'utf8'));
      expect(build.events.some((e) => e.type === 'image' && e.id === build.imageId)).toBe(true);
    });

    it('reports every step cached when the same context is built again', async () => {
      await buildContext(dir, APP, builder);
      const again = await buildContext(dir, APP, builder);
      expect(again.error).toBeUndefined();
      expect(again.steps.length).toBeGreaterThan(1);
      // FROM is excluded: the cached flag means nothing for it (see BuildStep.cached).
      expect(again.steps.filter((s) => !isFrom(s)).map((s) => [s.instruction, s.cached])).toEqual(
        again.steps.filter((s) => !isFrom(s)).map((s) => [s.instruction, true]),
      );
    });

    it('misses the COPY of a changed file and every step after it', async () => {
      await buildContext(dir, APP, builder);
      await writeFile(join(dir, 'app.txt'), `changed ${nonce()}\n`);
      const changed = await buildContext(dir, APP, builder);
      expect(changed.error).toBeUndefined();
      const copyAt = changed.steps.findIndex((s) => s.instruction.startsWith('COPY'));
      expect(copyAt).toBeGreaterThan(0);
      const before = changed.steps.slice(1, copyAt);
      const fromCopyOn = changed.steps.slice(copyAt);
      expect(before.every((s) => s.cached)).toBe(true);
      expect(fromCopyOn.map((s) => s.cached)).toEqual(fromCopyOn.map(() => false));
      expect(outputOf(changed)).toContain('changed ');
    });

    it('passes build args to RUN', async () => {
      const value = `bar-${nonce()}`;
      const build = await buildContext(dir, APP, builder, { buildArgs: { FOO: value, UNUSED_ARG: '1' } });
      expect(build.error).toBeUndefined();
      expect(outputOf(build)).toContain(`foo=${value}`);
      const warned = build.events.some((e) => e.type === 'warning' && e.message.includes('UNUSED_ARG'));
      // Only the classic builder warns about build args no ARG consumed.
      expect(warned).toBe(builder === 'classic');
    });

    it('builds only up to the target stage', async () => {
      const token = nonce();
      const dockerfile = [
        `FROM ${BASE_IMAGE} AS first`,
        `RUN echo first-${token} > /first`,
        `FROM ${BASE_IMAGE} AS second`,
        `RUN echo second-${token} > /second`,
        '',
      ].join('\n');
      const build = await buildContext(dir, dockerfile, builder, { target: 'first' });
      expect(build.error).toBeUndefined();
      const runs = build.steps.filter((s) => s.instruction.startsWith('RUN')).map((s) => s.instruction);
      expect(runs).toEqual([`RUN echo first-${token} > /first`]);
    });

    it('reports a failing RUN as an error value', async () => {
      const token = nonce();
      const dockerfile = `FROM ${BASE_IMAGE}\nLABEL dfkit.test.case=${token}\nRUN echo before-${token} && exit 3\n`;
      const build = await buildContext(dir, dockerfile, builder);
      expect(build.imageId).toBeNull();
      expect(build.error).toBeDefined();
      if (builder === 'classic') {
        expect(build.error?.code).toBe(3);
        expect(build.error?.message).toContain('returned a non-zero code: 3');
      } else {
        expect(build.error?.code).toBeUndefined();
        expect(build.error?.message).toMatch(/exit code: 3/);
      }
      const run = build.steps.find((s) => s.instruction.startsWith('RUN'));
      expect(run?.error).toBeDefined();
      expect(outputOf(build)).toContain(`before-${token}`);
      expect(await eventually(async () => (await labelledContainers('dfkit.test.case', token)) === 0)).toBe(true);
    });

    it('reports a missing Dockerfile as an error value', async () => {
      const build = await buildContext(dir, null, builder, { dockerfilePath: 'no/such/Dockerfile' });
      expect(build.imageId).toBeNull();
      expect(build.error?.message).toMatch(/Dockerfile/);
      // The classic builder refuses before streaming; BuildKit streams the failure.
      if (builder === 'classic') expect(build.error?.status).toBe(500);
    });

    it('stops a build cancelled with an AbortSignal and leaves no containers or processes', async () => {
      const token = nonce();
      const dockerfile = `FROM ${BASE_IMAGE}\nLABEL dfkit.test.case=${token}\nRUN echo started-${token} && sleep 60 && echo finished-${token}\n`;
      const controller = new AbortController();
      const started = Date.now();
      let runningBeforeAbort = -1;
      const build = buildContext(dir, dockerfile, builder, {
        signal: controller.signal,
        onEvent: (event) => {
          if (event.type !== 'output' || !event.text.includes(`started-${token}`)) return;
          void hostProcessesMentioning(`started-${token}`).then((count) => {
            runningBeforeAbort = count;
            controller.abort();
          });
        },
      });
      await expect(build).rejects.toMatchObject({ name: 'AbortError' });
      expect(Date.now() - started).toBeLessThan(30_000);
      // The RUN was visible while it ran (when the engine is on this host), so its absence below means something.
      if (isLocalEngine()) expect(runningBeforeAbort).toBeGreaterThan(0);
      expect(await eventually(async () => (await labelledContainers('dfkit.test.case', token)) === 0)).toBe(true);
      expect(await eventually(async () => (await hostProcessesMentioning(`started-${token}`)) === 0)).toBe(true);
    });

    if (builder === 'buildkit') {
      it('stops a build cancelled by its ID', async () => {
        const token = nonce();
        const buildId = `dfkit-test-${token}`;
        const dockerfile = `FROM ${BASE_IMAGE}\nRUN echo started-${token} && sleep 60 && echo finished-${token}\n`;
        let runningBeforeCancel = -1;
        const build = await buildContext(dir, dockerfile, builder, {
          buildId,
          onEvent: (event) => {
            if (event.type !== 'output' || !event.text.includes(`started-${token}`)) return;
            void hostProcessesMentioning(`started-${token}`).then(async (count) => {
              runningBeforeCancel = count;
              await engine().cancelBuild(buildId);
            });
          },
        });
        if (isLocalEngine()) expect(runningBeforeCancel).toBeGreaterThan(0);
        expect(build.imageId).toBeNull();
        expect(build.error?.message).toMatch(/context canceled/);
        expect(build.steps.find((s) => s.instruction.startsWith('RUN'))?.error).toBeDefined();
        expect(await eventually(async () => (await hostProcessesMentioning(`started-${token}`)) === 0)).toBe(true);
      });
    } else {
      it('ignores a cancel by ID (the engine cancels only BuildKit builds that way)', async () => {
        const token = nonce();
        const buildId = `dfkit-test-${token}`;
        const dockerfile = `FROM ${BASE_IMAGE}\nRUN echo started-${token} && sleep 2 && echo finished-${token}\n`;
        const build = await buildContext(dir, dockerfile, builder, {
          buildId,
          onEvent: (event) => {
            if (event.type === 'output' && event.text.includes(`started-${token}`)) void engine().cancelBuild(buildId);
          },
        });
        expect(build.error).toBeUndefined();
        expect(outputOf(build)).toContain(`finished-${token}`);
      });
    }

    it('accepts a context whose later entries need PAX headers', async () => {
      const longName = `${'n'.repeat(120)}.txt`;
      const nested = join(dir, 'deep', 'é-dir');
      await mkdir(nested, { recursive: true });
      const content = `long ${nonce()}\n`;
      await writeFile(join(nested, longName), content);
      const dockerfile = `FROM ${BASE_IMAGE}\nCOPY deep /deep\nRUN cat "/deep/é-dir/${longName}"\n`;
      const build = await buildContext(dir, dockerfile, builder);
      await rm(join(dir, 'deep'), { recursive: true, force: true });
      expect(build.error).toBeUndefined();
      expect(outputOf(build)).toContain(content);
    });
  });
}
