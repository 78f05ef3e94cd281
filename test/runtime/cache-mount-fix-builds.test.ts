/**
 * The package-cache-mount fix on a real engine (BuildKit, the only builder that knows `RUN --mount`): the Dockerfile
 * is built as written and with the cache mount the fix adds, and the images differ only in the cache directory,
 * which the mount keeps out of the image.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { applyFixes, lint } from '../../src/lint/index.js';
import { BASE_IMAGE, buildContext, configOf, describeWithEngine, engineAvailable, ensureBaseImage, outputOf, removeCreatedImages } from './engine-harness.js';

const status = await engineAvailable();

// An `npm` stand-in (the base image has no node) that installs into node_modules and keeps a download in its
// cache under /root/.npm, as npm does. The tmpfs mount makes the stage need BuildKit before the fix.
const DOCKERFILE = [
  `FROM ${BASE_IMAGE}`,
  'RUN --mount=type=tmpfs,target=/scratch true',
  `RUN printf '#!/bin/sh\\nmkdir -p /root/.npm/_cacache node_modules && echo pkg > node_modules/x && echo download > /root/.npm/_cacache/entry\\n' > /bin/npm && chmod +x /bin/npm`,
  'WORKDIR /app',
  'COPY package.json ./',
  'RUN npm ci',
  'RUN find /app /root -type f | sort | xargs md5sum',
  '',
].join('\n');

describeWithEngine(status, 'the cache mount fix, built with BuildKit', () => {
  let dir = '';

  beforeAll(async () => {
    await ensureBaseImage();
    dir = await mkdtemp(join(tmpdir(), 'dfkit-cache-mount-fix-'));
    await writeFile(join(dir, 'package.json'), '{}\n');
  });

  afterAll(async () => {
    await removeCreatedImages();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('keeps what was installed and leaves the downloads out of the image', async () => {
    const findings = lint(DOCKERFILE).findings.filter((finding) => finding.ruleId === 'package-cache-mount');
    const fixed = applyFixes(DOCKERFILE, findings, ['safe', 'unsafe']).text;
    expect(fixed).toContain('\nRUN --mount=type=cache,target=/root/.npm npm ci\n');
    const before = await buildContext(dir, DOCKERFILE, 'buildkit', { noCache: true });
    const after = await buildContext(dir, fixed, 'buildkit', { noCache: true });
    expect(before.error).toBeUndefined();
    expect(after.error).toBeUndefined();
    expect(await configOf(after.tag)).toEqual(await configOf(before.tag));
    const files = (output: string): string[] => output.split('\n').filter((line) => /^[0-9a-f]{32} {2}\//.test(line));
    const written = files(outputOf(before));
    expect(written.some((line) => line.endsWith('  /app/node_modules/x'))).toBe(true);
    expect(written.some((line) => line.endsWith('  /root/.npm/_cacache/entry'))).toBe(true);
    expect(files(outputOf(after))).toEqual(written.filter((line) => !line.includes('  /root/.npm/')));
  });
});
