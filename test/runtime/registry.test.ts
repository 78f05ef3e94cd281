/**
 * Tag, push, pull and digest resolution against the real engine and a real registry, and builds of both
 * builders whose base image has to be pulled through that registry.
 */
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { EngineError, type Builder } from '../../src/runtime/docker/engine-client.js';
import { localRepoDigest, parseImageReference, pullImage, pushImage, resolveDigest, tagImage, type RegistryProgress } from '../../src/runtime/docker/registry.js';
import { BASE_IMAGE, buildContext, engine, engineAvailable, ensureBaseImage, nonce, outputOf, removeCreatedImages } from './engine-harness.js';
import { TEST_REGISTRY, describeWithRegistry, registryAvailable } from './registry-harness.js';

const engineStatus = await engineAvailable();
const registryStatus = await registryAvailable();

const DIGEST = /^sha256:[0-9a-f]{64}$/;

async function isPresent(reference: string): Promise<boolean> {
  try {
    await engine().inspectImage(reference);
    return true;
  } catch (error) {
    if (error instanceof EngineError && error.notFound) return false;
    throw error;
  }
}

async function removeIfPresent(reference: string): Promise<void> {
  try {
    await engine().removeImage(reference);
  } catch (error) {
    if (!(error instanceof EngineError && error.notFound)) throw error;
  }
}

describeWithRegistry(engineStatus, registryStatus, `images through the registry at ${TEST_REGISTRY}`, () => {
  const token = nonce();
  const name = `${TEST_REGISTRY}/dfkit-test/registry-${token}`;
  const remote = `${name}:${token}`;
  const pushedTags = new Set<string>([remote]);
  let dir = '';
  let sourceTag = '';
  let sourceId = '';
  let sourceLayers: readonly string[] = [];
  let pushedDigest = '';

  beforeAll(async () => {
    await ensureBaseImage();
    dir = await mkdtemp(join(tmpdir(), 'dfkit-registry-'));
    await writeFile(join(dir, 'payload.txt'), `payload ${token}\n`);
    const build = await buildContext(dir, [`FROM ${BASE_IMAGE}`, 'COPY payload.txt /payload.txt', ''].join('\n'), 'classic');
    if (build.error || !build.imageId) throw new Error(`could not build the image to push: ${build.error?.message ?? 'no image'}`);
    sourceTag = build.tag;
    sourceId = build.imageId;
    sourceLayers = (await engine().inspectImage(sourceId)).RootFS?.Layers ?? [];
  });

  afterAll(async () => {
    for (const tag of pushedTags) await removeIfPresent(tag);
    await removeCreatedImages();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('pushes a tagged image and returns the digest the registry serves', async () => {
    await tagImage(engine(), sourceTag, remote);
    expect((await engine().inspectImage(remote)).Id).toBe(sourceId);

    const progress: RegistryProgress[] = [];
    const { digest } = await pushImage(engine(), remote, { auth: null, onProgress: (line) => progress.push(line) });
    expect(digest).toMatch(DIGEST);
    expect(progress.some((line) => line.aux?.Digest === digest)).toBe(true);
    expect(await resolveDigest(engine(), remote, { auth: null })).toBe(digest);
    expect(await localRepoDigest(engine(), remote)).toBe(digest);
    pushedDigest = digest;
  });

  it('looks credentials up in the Docker config when none are given', async () => {
    const config = join(dir, 'docker-config');
    const bin = join(dir, 'bin');
    await mkdir(config);
    await mkdir(bin);
    await writeFile(join(bin, 'docker-credential-failing'), '#!/bin/sh\necho "store is locked" >&2\nexit 1\n');
    await chmod(join(bin, 'docker-credential-failing'), 0o755);
    const env = { DOCKER_CONFIG: config, PATH: `${bin}:${process.env['PATH'] ?? '/usr/bin:/bin'}` };

    // A registry without authentication accepts any credentials: these only show that they are read and sent.
    await writeFile(join(config, 'config.json'), JSON.stringify({ auths: { [TEST_REGISTRY]: { auth: Buffer.from('user:pw').toString('base64') } } }));
    expect(await pushImage(engine(), remote, { env })).toEqual({ digest: pushedDigest });

    await writeFile(join(config, 'config.json'), JSON.stringify({ credHelpers: { [TEST_REGISTRY]: 'failing' } }));
    await expect(pushImage(engine(), remote, { env })).rejects.toMatchObject({ name: 'RegistryAuthError', code: 'helper-failed' });
  });

  it('rejects with the abort reason when aborted', async () => {
    const reason = new Error('stop');
    await expect(pushImage(engine(), remote, { auth: null, signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
    await expect(pullImage(engine(), remote, { auth: null, signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
  });

  it('answers null for a tag the registry does not have', async () => {
    expect(await resolveDigest(engine(), `${name}:missing-${token}`, { auth: null })).toBeNull();
  });

  it('reports a push of an image that does not exist locally as an error', async () => {
    await expect(pushImage(engine(), `${name}:absent-${token}`, { auth: null })).rejects.toMatchObject({ name: 'RegistryError', code: 'push-failed' });
  });

  it('pulls the image back after it was removed locally', async () => {
    expect(pushedDigest).toMatch(DIGEST);
    // Both names go, so the image itself (and its own layer) is deleted and the pull has to fetch it.
    await engine().removeImage(remote);
    await engine().removeImage(sourceTag);
    expect(await isPresent(sourceId)).toBe(false);

    const progress: RegistryProgress[] = [];
    const pulled = await pullImage(engine(), remote, { auth: null, onProgress: (line) => progress.push(line) });
    expect(pulled).toEqual({ id: sourceId, digest: pushedDigest });
    expect(progress.some((line) => line.status === 'Pull complete')).toBe(true);
    const image = await engine().inspectImage(remote);
    expect(image['RepoDigests']).toContain(`${name}@${pushedDigest}`);
  });

  it('pulls by digest', async () => {
    await engine().removeImage(remote);
    const byDigest = `${name}@${pushedDigest}`;
    const pulled = await pullImage(engine(), byDigest, { auth: null });
    expect(pulled).toEqual({ id: sourceId, digest: pushedDigest });
    await engine().removeImage(byDigest);
  });

  it('reports a pull of a missing tag as an error', async () => {
    const error = await pullImage(engine(), `${name}:missing-${token}`, { auth: null }).catch((e: unknown) => e);
    // The engine refuses before streaming (404), or reports it in the stream, depending on when the registry answers.
    expect(error instanceof EngineError || (error instanceof Error && error.name === 'RegistryError')).toBe(true);
    expect(String(error)).toMatch(/manifest unknown|not found/);
  });

  const builders: readonly Builder[] = ['classic', 'buildkit'];
  for (const builder of builders) {
    it(`builds FROM the pushed image with the ${builder} builder, pulling it from the registry`, async () => {
      await removeIfPresent(remote);
      expect(await isPresent(remote)).toBe(false);

      const dockerfile = [`FROM ${remote}`, `RUN cat /payload.txt && echo built-${builder}-${token}`, ''].join('\n');
      const build = await buildContext(dir, dockerfile, builder, { networkMode: 'none', noCache: true });
      expect(build.error).toBeUndefined();
      expect(build.imageId).toMatch(DIGEST);
      expect(outputOf(build)).toContain(`payload ${token}`);
      expect(outputOf(build)).toContain(`built-${builder}-${token}`);

      // The built image sits on the pulled one: its layers come first.
      const builtLayers = (await engine().inspectImage(build.tag)).RootFS?.Layers ?? [];
      expect(sourceLayers.length).toBeGreaterThan(0);
      expect(builtLayers.slice(0, sourceLayers.length)).toEqual(sourceLayers);

      if (builder === 'classic') {
        // The classic builder pulls into the image store, recording where the image came from.
        expect(await localRepoDigest(engine(), remote)).toBe(pushedDigest);
      } else {
        // BuildKit resolves the tag with the registry and names the digest it got in the FROM step.
        const from = build.steps.find((step) => /^FROM\b/i.test(step.instruction));
        expect(from?.name).toContain(pushedDigest);
      }
    });
  }

  it('keeps references apart from registry ports', () => {
    expect(parseImageReference(remote)).toEqual({ name, tag: token, digest: null });
    expect(parseImageReference(`${name}@${'sha256:' + '0'.repeat(64)}`)).toEqual({ name, tag: null, digest: `sha256:${'0'.repeat(64)}` });
    expect(parseImageReference('busybox')).toEqual({ name: 'busybox', tag: null, digest: null });
  });
});
