/**
 * The no-cd-in-run fix (DL3003) on a real engine, with both builders: a Dockerfile whose RUNs start with `cd`
 * is built as written and with every cd the fix can turn into a WORKDIR turned, and the two images have the same
 * configuration (the working directory above all) and the same files, each RUN having worked where it did before.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Builder } from '../../src/runtime/docker/engine-client.js';
import { fixedBy, fixPasses } from '../lint/fix-passes.js';
import { BASE_IMAGE, buildContext, configOf, describeWithEngine, engineAvailable, ensureBaseImage, outputOf, removeCreatedImages } from './engine-harness.js';

const status = await engineAvailable();

const DOCKERFILE = [
  `FROM ${BASE_IMAGE} AS first`,
  'WORKDIR /work',
  'RUN mkdir -p /work/sub /opt/tool',
  // A relative cd, then steps that work in the directory: the fix restores /work after it.
  'RUN cd sub && pwd > where.txt && touch made-here',
  'COPY a.txt .',
  'RUN pwd > copied-where.txt',
  // The last instruction of a stage another builds on: the stage's directory is restored for it.
  'RUN cd /opt/tool && \\',
  '    echo built > out.txt',
  '',
  // A stage only copied from, on an image whose directory the file does not know: nothing to restore.
  `FROM ${BASE_IMAGE} AS helper`,
  'RUN mkdir /made',
  'RUN cd /made && pwd > helper.txt',
  '',
  'FROM first',
  'COPY --from=helper /made/helper.txt /opt/',
  // Followed by an absolute WORKDIR before anything that works in a directory: nothing to restore.
  'RUN cd /opt/tool && pwd > second.txt',
  'ENV DONE=1',
  'WORKDIR /work/sub',
  'RUN pwd > last.txt',
  "RUN find /work /opt -type f | sort | xargs md5sum && find /work /opt -type d | sort && echo \"pwd $(pwd)\"",
  '',
].join('\n');

/** The Dockerfile with no-cd-in-run's fixes applied, pass after pass, until nothing changes. */
function fixedText(): { text: string; count: number } {
  const passes = fixPasses(DOCKERFILE, { allow: ['safe', 'unsafe'], keep: (finding) => finding.ruleId === 'no-cd-in-run' });
  return { text: fixedBy(DOCKERFILE, passes), count: passes.reduce((sum, pass) => sum + pass.applied.length, 0) };
}

const builders: readonly Builder[] = ['classic', 'buildkit'];

for (const builder of builders) {
  describeWithEngine(status, `cd turned into WORKDIR, built with the ${builder} builder`, () => {
    let dir = '';

    beforeAll(async () => {
      await ensureBaseImage();
      dir = await mkdtemp(join(tmpdir(), `dfkit-cd-fix-${builder}-`));
      await writeFile(join(dir, 'a.txt'), 'a\n');
    });

    afterAll(async () => {
      await removeCreatedImages();
      if (dir) await rm(dir, { recursive: true, force: true });
    });

    it('leaves the image as it was', async () => {
      const { text, count } = fixedText();
      expect(count).toBe(4);
      expect(text).not.toMatch(/\bcd\b/);
      const before = await buildContext(dir, DOCKERFILE, builder, { noCache: true });
      const after = await buildContext(dir, text, builder, { noCache: true });
      expect(before.error).toBeUndefined();
      expect(after.error).toBeUndefined();
      const config = await configOf(before.tag);
      expect(config).toMatchObject({ WorkingDir: '/work/sub' });
      expect(await configOf(after.tag)).toEqual(config);
      // md5sum's lines for the files, find's for the folders, and the last RUN's directory.
      const listing = (output: string): string[] => output.split('\n').filter((line) => /^(?:[0-9a-f]{32} {2}\/|\/|pwd )/.test(line));
      const files = listing(outputOf(before));
      for (const path of ['/work/sub/where.txt', '/work/sub/made-here', '/work/a.txt', '/work/copied-where.txt', '/opt/tool/out.txt', '/opt/tool/second.txt', '/opt/helper.txt']) {
        expect(files.some((line) => line.endsWith(`  ${path}`))).toBe(true);
      }
      expect(files).toContain('pwd /work/sub');
      expect(listing(outputOf(after))).toEqual(files);
    });
  });
}
