/**
 * The dependency-install-order fix on a real engine, with both builders: the manifest copy it writes builds
 * whether or not the project has a lock file (or which of two it has), with the context known (the files it holds, by name) and without
 * (a lock file as a pattern of its one name, which copies nothing when the file is absent).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { applyFixes, lint, type LintOptions } from '../../src/lint/index.js';
import { buildContextIn } from '../../src/lint/node/context-file.js';
import type { Builder } from '../../src/runtime/docker/engine-client.js';
import { BASE_IMAGE, buildContext, describeWithEngine, engineAvailable, ensureBaseImage, outputOf, removeCreatedImages } from './engine-harness.js';

const status = await engineAvailable();

/**
 * A Dockerfile that copies the whole context before `install` runs `tool`, a stand-in that lists what the
 * install would find: the base image has no such tool, and the files are what counts.
 */
const copyThenInstall = (tool: string, install: string, ...after: string[]): string =>
  [
    `FROM ${BASE_IMAGE}`,
    `RUN printf '#!/bin/sh\\necho "${tool} $* sees:" $(ls)\\n' > /bin/${tool} && chmod +x /bin/${tool}`,
    'WORKDIR /src',
    'COPY . .',
    `RUN ${install}`,
    ...after,
    '',
  ].join('\n');

const DOCKERFILE = copyThenInstall('go', 'go mod download', 'RUN ls');
// bun reads package.json and whichever of its two lock files the project has (bun.lockb before Bun 1.2).
const BUN_DOCKERFILE = copyThenInstall('bun', 'bun install --frozen-lockfile');

function fixed(options: LintOptions = {}, dockerfile = DOCKERFILE): string {
  const result = applyFixes(dockerfile, lint(dockerfile, options).findings);
  return result.text;
}

const builders: readonly Builder[] = ['classic', 'buildkit'];

for (const builder of builders) {
  describeWithEngine(status, `the manifest-first fix, built with the ${builder} builder`, () => {
    const dirs: string[] = [];
    const contextWith = async (files: readonly string[]): Promise<string> => {
      const dir = await mkdtemp(join(tmpdir(), `dfkit-fix-${builder}-`));
      dirs.push(dir);
      for (const name of ['main.go', ...files]) await writeFile(join(dir, name), `${name}\n`);
      return dir;
    };

    beforeAll(async () => {
      await ensureBaseImage();
    });

    afterAll(async () => {
      await removeCreatedImages();
      await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
    });

    it('without the context: the lock file is copied when there and skipped when not', async () => {
      const text = fixed();
      expect(text).toContain('COPY go.mod go.su[m] ./\nRUN go mod download\nCOPY . .\n');
      const withLock = await buildContext(await contextWith(['go.mod', 'go.sum']), text, builder, { noCache: true });
      expect(withLock.error).toBeUndefined();
      expect(outputOf(withLock)).toContain('go mod download sees: go.mod go.sum\n');
      const withoutLock = await buildContext(await contextWith(['go.mod']), text, builder, { noCache: true });
      expect(withoutLock.error).toBeUndefined();
      expect(outputOf(withoutLock)).toContain('go mod download sees: go.mod\n');
    });

    it('two optional lock files without the context: whichever the project has is copied', async () => {
      const text = fixed({}, BUN_DOCKERFILE);
      expect(text).toContain('COPY package.json bun.loc[k] bun.lock[b] ./\nRUN bun install --frozen-lockfile\nCOPY . .\n');
      for (const files of [['package.json'], ['package.json', 'bun.lock'], ['package.json', 'bun.lockb']]) {
        const build = await buildContext(await contextWith(files), text, builder, { noCache: true });
        expect(build.error).toBeUndefined();
        expect(outputOf(build)).toContain(`bun install --frozen-lockfile sees: ${[...files].sort().join(' ')}\n`);
      }
    });

    it('with the context: exactly the files it holds', async () => {
      const dir = await contextWith(['go.mod']);
      const text = fixed({ settings: { buildContext: buildContextIn(dir) } });
      expect(text).toContain('COPY go.mod ./\nRUN go mod download\nCOPY . .\n');
      const build = await buildContext(dir, text, builder, { noCache: true });
      expect(build.error).toBeUndefined();
      expect(outputOf(build)).toContain('go mod download sees: go.mod\n');
      // Copying the lock file by name, as the fix did before it knew the context, fails the build.
      const byName = await buildContext(dir, text.replace('COPY go.mod ./', 'COPY go.mod go.sum ./'), builder, { noCache: true });
      expect(byName.error).toBeDefined();
    });
  });
}
