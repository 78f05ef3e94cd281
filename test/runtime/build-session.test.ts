/**
 * BuildKit builds through a build session, on the real engine: the engine syncs the context (a rebuild transfers
 * only what changed), secrets reach `RUN --mount=type=secret` without entering the image or the cache key, an
 * SSH agent reaches `RUN --mount=type=ssh`, and bad secret sources fail before the build with a clear message.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, readlink, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { BuildEvent, BuildRequest } from '../../src/runtime/adapter.js';
import { buildWithPlan, type PlannedBuildOptions } from '../../src/runtime/docker/build.js';
import { BASE_IMAGE, describeWithEngine, engine, engineAvailable, ensureBaseImage, nonce, removeCreatedImages, testTag } from './engine-harness.js';

const status = await engineAvailable();

describeWithEngine(status, 'BuildKit builds with a session', () => {
  let root = '';

  beforeAll(async () => {
    await ensureBaseImage();
    root = await mkdtemp(join(tmpdir(), 'dfkit-session-'));
  }, 120_000);

  afterAll(async () => {
    await removeCreatedImages();
    if (root) await rm(root, { recursive: true, force: true });
  }, 120_000);

  async function writeFiles(dir: string, files: Record<string, string>): Promise<void> {
    for (const [path, content] of Object.entries(files)) {
      await mkdir(join(dir, path, '..'), { recursive: true });
      await writeFile(join(dir, path), content);
    }
  }

  async function build(context: string, request: Partial<BuildRequest> = {}, options: PlannedBuildOptions = {}) {
    const events: BuildEvent[] = [];
    const outcome = await buildWithPlan(
      engine(),
      { context, builder: 'buildkit', tags: [testTag('session')], ...request },
      { cacheDir: false, ...options, onEvent: (event) => events.push(event) },
    );
    const logs = events.map((event) => (event.type === 'log' ? event.text : '')).join('');
    return { outcome, events, logs };
  }

  it('transfers only the files that changed since the last build of the same directory', async () => {
    const context = await mkdtemp(join(root, 'sync-'));
    const big = 'b'.repeat(300_000);
    await writeFiles(context, {
      'big.bin': big,
      'src/a.txt': 'a\n',
      'src/b.txt': 'b\n',
      'notes.md': 'not needed\n',
      '.dockerignore': 'notes.md\n',
      Dockerfile: `FROM ${BASE_IMAGE}\nCOPY . /ctx/\nRUN test ! -e /ctx/notes.md && cat /ctx/src/a.txt && wc -c /ctx/big.bin && echo ${nonce()}\n`,
    });
    const first = await build(context);
    expect(first.outcome.error).toBeUndefined();
    expect(first.logs).toContain('300000 /ctx/big.bin');
    expect(first.outcome.context).toMatchObject({ transport: 'session' });
    expect(first.outcome.context?.bytesSent).toBeGreaterThanOrEqual(big.length);

    // Nothing changed: the engine's copy is current, so no file is requested again and every step is cached.
    const again = await build(context);
    expect(again.outcome.error).toBeUndefined();
    expect(again.outcome.context?.bytesSent).toBe(0);
    // (This engine reports a local base image's FROM as never cached, so it is left out.)
    const steps = again.outcome.steps.filter((step) => step.line !== undefined && step.line > 1);
    expect(steps.map((step) => [step.line, step.cached])).toEqual([
      [2, true],
      [3, true],
    ]);

    // One small file edited: only it travels, and the build sees the new content.
    await writeFile(join(context, 'src/a.txt'), 'a, edited\n');
    const edited = await build(context);
    expect(edited.outcome.error).toBeUndefined();
    expect(edited.logs).toContain('a, edited');
    expect(edited.outcome.context).toMatchObject({ bytesSent: 'a, edited\n'.length, files: 1 });
    const upload = edited.events.filter((event) => event.type === 'upload').at(-1);
    expect(upload).toMatchObject({ type: 'upload', done: true, bytesUploaded: 'a, edited\n'.length });
  });

  it('sees a Dockerfile edit that keeps its size', async () => {
    const context = await mkdtemp(join(root, 'dockerfile-'));
    await writeFiles(context, { Dockerfile: `FROM ${BASE_IMAGE}\nRUN echo one-${nonce()}\n` });
    const first = await build(context);
    expect(first.logs).toContain('one-');
    // Same length, same second: only the content tells the two apart.
    await writeFile(join(context, 'Dockerfile'), `FROM ${BASE_IMAGE}\nRUN echo two-${nonce()}\n`);
    const second = await build(context);
    expect(second.outcome.error).toBeUndefined();
    expect(second.logs).toContain('two-');
  });

  it('mounts secrets from a file and from a variable, outside the image and the cache key', async () => {
    const context = await mkdtemp(join(root, 'secret-'));
    const token = nonce();
    await writeFiles(context, {
      'token.txt': `file-secret-${token}`,
      Dockerfile: [
        `FROM ${BASE_IMAGE}`,
        // The secrets' contents are checked here and never printed, so the step's output says only whether they arrived.
        `RUN --mount=type=secret,id=tok --mount=type=secret,id=api,required=true test "$(cat /run/secrets/tok)" = "file-secret-${token}" && test "$(cat /run/secrets/api)" = "env-secret" && echo secrets-ok-${token}`,
        'RUN test ! -e /run/secrets/tok && echo nothing-left',
        '',
      ].join('\n'),
    });
    const secrets = [
      { id: 'tok', file: join(context, 'token.txt') },
      { id: 'api', env: 'DFKIT_TEST_API_SECRET' },
    ];
    const env = { DFKIT_TEST_API_SECRET: 'env-secret' };
    const first = await build(context, { secrets }, { env });
    expect(first.outcome.error).toBeUndefined();
    expect(first.logs).toContain(`secrets-ok-${token}`);
    expect(first.logs).toContain('nothing-left');

    // A new secret value does not change the step's key: BuildKit never hashes secret contents.
    const rotated = await build(context, { secrets }, { env: { DFKIT_TEST_API_SECRET: 'rotated' } });
    expect(rotated.outcome.error).toBeUndefined();
    const secretStep = rotated.outcome.steps.find((step) => step.line === 2);
    expect(secretStep?.cached).toBe(true);
  });

  it('fails a RUN whose required secret was not given, naming its line', async () => {
    const context = await mkdtemp(join(root, 'missing-'));
    await writeFiles(context, { Dockerfile: `FROM ${BASE_IMAGE}\nRUN --mount=type=secret,id=absent,required=true cat /run/secrets/absent && echo ${nonce()}\n` });
    const { outcome } = await build(context);
    expect(outcome.imageId).toBeNull();
    expect(outcome.error?.line).toBe(2);
    expect(outcome.error?.message).toMatch(/absent/);
  });

  it('forwards an SSH agent to RUN --mount=type=ssh, and fails the step at its line without one', async () => {
    const context = await mkdtemp(join(root, 'ssh-'));
    const socket = join(context, 'agent.sock');
    const agent = spawn('ssh-agent', ['-D', '-a', socket], { stdio: 'ignore' });
    try {
      for (let i = 0; i < 100 && !existsSync(socket); i++) await new Promise((resolve) => setTimeout(resolve, 20));
      const token = nonce();
      await writeFiles(context, {
        '.dockerignore': 'agent.sock\n',
        Dockerfile: `FROM ${BASE_IMAGE}\nRUN --mount=type=ssh,id=deploy test -S "$SSH_AUTH_SOCK" && echo ssh-${token}\n`,
      });
      const forwarded = await build(context, { ssh: [{ id: 'deploy', socket }] });
      expect(forwarded.outcome.error).toBeUndefined();
      expect(forwarded.logs).toContain(`ssh-${token}`);

      // A new step (the last one would be cached: the mount does not enter the key), with no agent given. An
      // optional SSH mount is left out; a required one fails the step.
      await writeFiles(context, { Dockerfile: `FROM ${BASE_IMAGE}\nRUN --mount=type=ssh,id=deploy,required=true test -S "$SSH_AUTH_SOCK" && echo ssh-${nonce()}\n` });
      const missing = await build(context);
      expect(missing.outcome.imageId).toBeNull();
      expect(missing.outcome.error?.line).toBe(2);
      expect(missing.outcome.error?.message).toMatch(/deploy/);
    } finally {
      agent.kill();
    }
  });

  it('refuses unusable secret sources before building', async () => {
    const context = await mkdtemp(join(root, 'bad-'));
    await writeFiles(context, { Dockerfile: `FROM ${BASE_IMAGE}\nRUN echo ${nonce()}\n` });
    const cases: Array<[BuildRequest['secrets'], RegExp]> = [
      [[{ id: 'tok', file: join(context, 'nope.txt') }], /the secret tok: cannot read .*nope\.txt: ENOENT/],
      [[{ id: 'tok', env: 'DFKIT_TEST_UNSET_VARIABLE' }], /the secret tok: the environment variable DFKIT_TEST_UNSET_VARIABLE is not set/],
      [[{ id: 'tok' }], /the secret tok needs exactly one source/],
      [[{ id: 'tok', env: 'A' }, { id: 'tok', env: 'A' }], /the secret tok is given twice/],
    ];
    for (const [secrets, message] of cases) {
      const { outcome, events } = await build(context, { secrets }, { env: { A: '1' } });
      expect(outcome.error?.message).toMatch(message);
      expect(events.some((event) => event.type === 'step-started')).toBe(false);
    }
    const classic = await build(context, { builder: 'classic', secrets: [{ id: 'tok', env: 'A' }] }, { env: { A: '1' } });
    expect(classic.outcome.error?.message).toBe('secrets need the BuildKit builder; the classic builder cannot mount them');
  });

  it('fails with the scan\'s message when the context cannot be read, though the request went out before the scan', async () => {
    const context = await mkdtemp(join(root, 'unreadable-'));
    await writeFiles(context, { '.dockerignore': 'logs/[\n', Dockerfile: `FROM ${BASE_IMAGE}\nCOPY . /ctx\nRUN echo ${nonce()}\n` });
    const { outcome, events } = await build(context);
    expect(outcome.imageId).toBeNull();
    expect(outcome.error?.message).toMatch(/\.dockerignore/);
    expect(events.some((event) => event.type === 'step-done')).toBe(false);
  });

  it('exports the target stage as files into a directory, or as a tar file, instead of an image', async () => {
    const context = await mkdtemp(join(root, 'export-'));
    const token = nonce();
    await writeFiles(context, {
      Dockerfile: [
        `FROM ${BASE_IMAGE} AS build`,
        `RUN mkdir -p /out/bin /out/docs && echo ${token} > /out/docs/readme.txt && printf '#!/bin/sh\\necho run\\n' > /out/bin/run && chmod 755 /out/bin/run && ln -s docs/readme.txt /out/link`,
        'FROM scratch',
        'COPY --from=build /out /',
        '',
      ].join('\n'),
    });
    const directory = join(context, 'exported');
    await mkdir(directory);
    await writeFile(join(directory, 'kept.txt'), 'mine\n');
    const local = await build(context, { output: { type: 'local', dest: directory } });
    expect(local.outcome.error).toBeUndefined();
    expect(local.outcome.imageId).toBeNull();
    expect(local.outcome.output).toMatchObject({ type: 'local', dest: directory, files: 2 });
    expect(await readFile(join(directory, 'docs/readme.txt'), 'utf8')).toBe(`${token}\n`);
    expect((await stat(join(directory, 'bin/run'))).mode & 0o777).toBe(0o755);
    expect(await readlink(join(directory, 'link'))).toBe('docs/readme.txt');
    expect(await readFile(join(directory, 'kept.txt'), 'utf8')).toBe('mine\n');

    const file = join(context, 'out', 'result.tar');
    const tar = await build(context, { output: { type: 'tar', dest: file } });
    expect(tar.outcome.error).toBeUndefined();
    expect(tar.outcome.output).toMatchObject({ type: 'tar', dest: file, files: 1 });
    const listing = execFileSync('tar', ['-tvf', file], { encoding: 'utf8' });
    expect(listing).toMatch(/docs\/readme\.txt/);
    expect(listing).toMatch(/^-rwxr-xr-x .* bin\/run$/m);

    const classic = await build(context, { builder: 'classic', output: { type: 'tar', dest: file } });
    expect(classic.outcome.error?.message).toBe('exporting files needs the BuildKit builder; the classic builder only makes images');
  });

  it('fails before building a Dockerfile saved as UTF-16, which the engine cannot read', async () => {
    const context = await mkdtemp(join(root, 'utf16-'));
    const text = `FROM ${BASE_IMAGE}\nRUN echo ${nonce()}\n`;
    await writeFile(join(context, 'Dockerfile'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
    for (const builder of ['buildkit', 'classic'] as const) {
      const { outcome } = await build(context, { builder });
      expect(outcome.error?.message, builder).toBe(
        `the Dockerfile ${join(context, 'Dockerfile')} is encoded as UTF-16 (little-endian); Docker reads Dockerfiles as UTF-8: save it as UTF-8`,
      );
      expect(outcome.imageId).toBeNull();
    }
  });

  it('still uploads an archive when asked to', async () => {
    const context = await mkdtemp(join(root, 'tar-'));
    await writeFiles(context, { 'a.txt': 'archived\n', Dockerfile: `FROM ${BASE_IMAGE}\nCOPY a.txt /a.txt\nRUN cat /a.txt && echo ${nonce()}\n` });
    const { outcome, logs } = await build(context, {}, { contextTransport: 'tar' });
    expect(outcome.error).toBeUndefined();
    expect(logs).toContain('archived');
    expect(outcome.context).toMatchObject({ transport: 'tar' });
    expect(outcome.context?.bytesSent).toBe(outcome.context?.bytesTotal);
  });
});
