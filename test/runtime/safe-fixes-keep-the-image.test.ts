/**
 * What "safe" means for a fix, checked on a real engine with both builders: a Dockerfile whose findings have
 * safe fixes is built as written and as `lint --fix` leaves it, and the two images have the same configuration
 * and the same files (paths and contents; the folders' modes and owners).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildContextIn } from '../../src/lint/node/context-file.js';
import type { Builder } from '../../src/runtime/docker/engine-client.js';
import { fixedBy, fixPasses } from '../lint/fix-passes.js';
import { BASE_IMAGE, buildContext, configOf, describeWithEngine, engineAvailable, ensureBaseImage, outputOf, removeCreatedImages } from './engine-harness.js';

const status = await engineAvailable();

// Every line below is something a safe fix rewrites, except the `go` stand-in (the base image has no Go) and
// the last RUN, which lists the files to compare.
const DOCKERFILE = [
  `FROM ${BASE_IMAGE} as Base`,
  `RUN printf '#!/bin/sh\\necho "go $* sees:" $(ls)\\n' > /bin/go && chmod +x /bin/go`,
  'env GREETING hello world',
  'ENV PLAIN value',
  'ENV WITH_VAR $GREETING/bin',
  'LABEL version 1.0',
  'LABEL a=1 \\',
  '',
  '    b=2',
  'EXPOSE 8080/TCP 53/UDP',
  'HEALTHCHECK CMD true',
  'HEALTHCHECK --interval=30s CMD false',
  'ENTRYPOINT ["/bin/true"]',
  'ENTRYPOINT ["/bin/sh", "-c"]',
  'CMD ["echo", "overridden"]',
  'CMD ["echo", "kept"]',
  'WORKDIR /app',
  'WORKDIR ./src/../lib/',
  'ARG BUILD_DATE=2024-05-01T00:00:00Z',
  'LABEL org.opencontainers.image.created=$BUILD_DATE',
  'COPY . .',
  'RUN go mod download',
  '',
  // Stage names are matched in lower case (BuildKit refuses `FROM Base` as an image name).
  'FROM base',
  'CMD ["echo", "hello"]',
  "RUN find /app /bin/go -type f | sort | xargs md5sum && find /app -type d | sort | xargs stat -c '%n %a %u:%g'",
  '',
].join('\n');

const builders: readonly Builder[] = ['classic', 'buildkit'];

for (const builder of builders) {
  describeWithEngine(status, `safe fixes, built with the ${builder} builder`, () => {
    let dir = '';

    beforeAll(async () => {
      await ensureBaseImage();
      dir = await mkdtemp(join(tmpdir(), `dfkit-safe-fixes-${builder}-`));
      for (const [name, text] of Object.entries({ 'a.txt': 'a\n', 'b.txt': 'bb\n', 'go.mod': 'module x\n', 'main.go': 'package main\n' })) {
        await writeFile(join(dir, name), text);
      }
    });

    afterAll(async () => {
      await removeCreatedImages();
      if (dir) await rm(dir, { recursive: true, force: true });
    });

    it('leave the image as it was', async () => {
      const passes = fixPasses(DOCKERFILE, { options: { settings: { buildContext: buildContextIn(dir) } } });
      const text = fixedBy(DOCKERFILE, passes);
      const fixed = passes.flatMap((pass) => pass.applied);
      // The fixes this Dockerfile is made of were all made.
      expect(new Set(fixed.map((finding) => finding.code))).toEqual(
        new Set([
          'FromAsCasing',
          'StageNameCasing',
          'ConsistentInstructionCasing',
          'LegacyKeyValueFormat',
          'ExposeProtoCasing',
          'NoEmptyContinuation',
          'DL3012',
          'DL4004',
          'DL4003',
          'DL3000',
          'volatile-build-arg',
          'dependency-install-order',
        ]),
      );
      const before = await buildContext(dir, DOCKERFILE, builder, { noCache: true });
      const after = await buildContext(dir, text, builder, { noCache: true });
      expect(before.error).toBeUndefined();
      expect(after.error).toBeUndefined();
      const config = await configOf(before.tag);
      // What the fixed lines set is there to compare.
      expect(config).toMatchObject({
        Env: expect.arrayContaining(['GREETING=hello world', 'PLAIN=value', 'WITH_VAR=hello world/bin']),
        Labels: { version: '1.0', a: '1', b: '2', 'org.opencontainers.image.created': '2024-05-01T00:00:00Z' },
        Cmd: ['echo', 'hello'],
        Entrypoint: ['/bin/sh', '-c'],
        WorkingDir: '/app/lib',
        ExposedPorts: { '8080/tcp': {}, '53/udp': {} },
        Healthcheck: expect.objectContaining({ Test: ['CMD-SHELL', 'false'] }),
      });
      expect(await configOf(after.tag)).toEqual(config);
      // md5sum's lines for the files, stat's for the folders; the Dockerfile is in the context, and differs.
      const files = (output: string): string[] =>
        output.split('\n').filter((line) => /^(?:[0-9a-f]{32} {2})?\//.test(line) && !line.endsWith('/app/lib/Dockerfile'));
      expect(files(outputOf(before)).length).toBeGreaterThan(5);
      expect(files(outputOf(after))).toEqual(files(outputOf(before)));
    });
  });
}
