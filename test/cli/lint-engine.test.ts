/**
 * `dfkit lint --resolve-images` with a real engine and registry: base images' environment and platform as the
 * engine holds them (and the platform mismatch the classic builder warns about when it builds on such an image),
 * and, with no engine, as their registry has them, a multi-platform index included.
 */
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runCommand } from './recording-io.js';
import { tagImage, pushImage } from '../../src/runtime/docker/registry.js';
import { buildContext, describeWithEngine, engine, engineAvailable, nonce, removeCreatedImages, testTag } from '../runtime/engine-harness.js';
import { describeWithRegistry, registryAvailable, TEST_REGISTRY } from '../runtime/registry-harness.js';

interface JsonFinding {
  readonly code: string;
  readonly line: number;
  readonly message: string;
}

// Made when the suite runs (hooks of a suite skipped for want of an engine do not run, so neither would the removal).
let work = '';
/** The engine's own platform, and another one an image can be made for without running anything. */
let native = '';
let foreign = '';
/** A scratch image for the native platform with `APP_HOME` in its environment, and one for the foreign platform. */
let nativeImage = '';
let foreignImage = '';

async function lintJson(args: string[]): Promise<{ code: number; findings: JsonFinding[]; stderr: string }> {
  const run = await runCommand(['lint', '-f', 'json', ...args, join(work, 'Dockerfile')], { cwd: work, env: process.env });
  return { code: run.code, findings: JSON.parse(run.stdout) as JsonFinding[], stderr: run.stderr };
}

const status = await engineAvailable();
const registryStatus = await registryAvailable();

describeWithEngine(status, 'dfkit lint --resolve-images', () => {
  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'dfkit-lint-engine-'));
    writeFileSync(join(work, 'hello'), 'hello\n');
    const version = await engine().version();
    native = `${version.Os}/${version.Arch}`;
    foreign = `${version.Os}/${version.Arch === 'arm64' ? 'amd64' : 'arm64'}`;
    // The classic builder makes a FROM scratch image for any platform: it runs nothing. (Without `noCache` the
    // second build would take the first one's steps from the cache, whatever platform it asks for.)
    nativeImage = testTag('lint-native');
    foreignImage = testTag('lint-foreign');
    const dockerfile = 'FROM scratch\nCOPY hello /hello\nENV APP_HOME=/app\n';
    for (const [tag, platform] of [
      [nativeImage, native],
      [foreignImage, foreign],
    ] as const) {
      const built = await buildContext(work, dockerfile, 'classic', { tag, platform, noCache: true });
      expect(built.error).toBeUndefined();
    }
  }, 120_000);
  afterAll(async () => {
    if (work) rmSync(work, { recursive: true, force: true });
    await removeCreatedImages();
  });

  it('reads the environment of the base image, so every other variable is checked', async () => {
    writeFileSync(join(work, 'Dockerfile'), `FROM ${nativeImage}\nWORKDIR $APP_HOME\nCOPY hello $APP_DIR/\n`);
    const plain = await lintJson([]);
    expect(plain.findings.filter((f) => f.code === 'UndefinedVar')).toEqual([]);

    const resolved = await lintJson(['--resolve-images']);
    expect(resolved.findings.filter((f) => f.code === 'UndefinedVar')).toEqual([
      expect.objectContaining({ line: 3, message: "Usage of undefined variable '$APP_DIR'" }),
    ]);
    expect(resolved.findings.some((f) => f.code === 'InvalidBaseImagePlatform')).toBe(false);
  });

  it('reports a base image of another platform, as the classic builder warns when it builds on it', async () => {
    // The classic builder warns as it makes a container from the image, which an ENV step does (a COPY does not).
    const dockerfile = `FROM ${foreignImage}\nENV STEP=1\n`;
    writeFileSync(join(work, 'Dockerfile'), dockerfile);
    const resolved = await lintJson(['--resolve-images']);
    expect(resolved.findings.filter((f) => f.code === 'InvalidBaseImagePlatform')).toEqual([
      {
        code: 'InvalidBaseImagePlatform',
        column: 1,
        file: join(work, 'Dockerfile'),
        level: 'warning',
        line: 1,
        message: `Base image ${foreignImage} was pulled with platform "${foreign}", expected "${native}" for current build`,
      },
    ]);
    const built = await buildContext(work, dockerfile, 'classic');
    const warnings = built.events.flatMap((event) => (event.type === 'warning' ? [event.message] : []));
    expect(warnings.join('\n')).toContain(`image's platform (${foreign}) does not match the detected host platform`);

    // Built for the image's platform, neither the builder nor the linter has anything to say.
    const forForeign = await buildContext(work, dockerfile, 'classic', { platform: foreign });
    expect(forForeign.events.some((event) => event.type === 'warning')).toBe(false);
    const targeted = await lintJson(['--resolve-images', '--platform', foreign]);
    expect(targeted.findings.some((f) => f.code === 'InvalidBaseImagePlatform')).toBe(false);
    writeFileSync(join(work, 'Dockerfile'), `FROM --platform=${foreign} ${foreignImage}\nENV STEP=1\n`);
    expect((await lintJson(['--resolve-images'])).findings.some((f) => f.code === 'InvalidBaseImagePlatform')).toBe(false);
  }, 120_000);

  it('says which images neither the engine nor their registry holds, and lints their stages without them', async () => {
    writeFileSync(join(work, 'Dockerfile'), `FROM ${TEST_REGISTRY}/dfkit-test/not-there:1\nWORKDIR $SOMEWHERE\n`);
    const resolved = await lintJson(['--resolve-images']);
    expect(resolved.stderr).toContain(`${TEST_REGISTRY}/dfkit-test/not-there:1 is neither in the local engine nor in its registry`);
    expect(resolved.findings.filter((f) => f.code === 'UndefinedVar' || f.code === 'InvalidBaseImagePlatform')).toEqual([]);
  });
});

describeWithRegistry(status, registryStatus, 'dfkit lint --resolve-images without an engine: the registry', () => {
  /** DOCKER_HOST names a socket nobody listens on: every image is looked up in its registry. */
  let noEngine: Record<string, string | undefined> = {};
  const repository = `${TEST_REGISTRY}/dfkit-test/lint-multi-${nonce()}`;
  const pushed: Record<string, string> = {};

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'dfkit-lint-registry-'));
    writeFileSync(join(work, 'hello'), 'hello\n');
    noEngine = { ...process.env, DOCKER_HOST: `unix://${join(work, 'no-engine.sock')}`, DFKIT_CACHE_DIR: join(work, 'cache') };
    // One image per architecture, each with its own variable, pushed under its own tag and then gathered in an
    // index (a multi-platform image) under the tag `multi`, as `docker buildx build --platform a,b --push` makes.
    const manifests = [];
    for (const architecture of ['amd64', 'arm64']) {
      const tag = testTag(`lint-${architecture}`);
      const built = await buildContext(work, `FROM scratch\nCOPY hello /hello\nENV ONLY_${architecture.toUpperCase()}=1\n`, 'classic', {
        tag,
        platform: `linux/${architecture}`,
        noCache: true,
      });
      expect(built.error).toBeUndefined();
      const remote = `${repository}:${architecture}`;
      await tagImage(engine(), tag, remote);
      await pushImage(engine(), remote);
      await engine().removeImage(remote, { force: true });
      const response = await fetch(`http://${repository.replace(TEST_REGISTRY, `${TEST_REGISTRY}/v2`)}/manifests/${architecture}`, {
        headers: { Accept: 'application/vnd.docker.distribution.manifest.v2+json' },
      });
      const body = await response.text();
      pushed[architecture] = response.headers.get('docker-content-digest') ?? '';
      manifests.push({
        mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
        digest: pushed[architecture],
        size: Buffer.byteLength(body),
        platform: { os: 'linux', architecture, ...(architecture === 'arm64' && { variant: 'v8' }) },
      });
    }
    const index = JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json', manifests });
    const put = await fetch(`http://${repository.replace(TEST_REGISTRY, `${TEST_REGISTRY}/v2`)}/manifests/multi`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/vnd.oci.image.index.v1+json' },
      body: index,
    });
    expect(put.status).toBe(201);
  }, 120_000);
  afterAll(async () => {
    if (work) rmSync(work, { recursive: true, force: true });
    await removeCreatedImages();
  });

  async function lintWithoutEngine(dockerfile: string, args: string[] = []) {
    writeFileSync(join(work, 'Dockerfile'), dockerfile);
    const run = await runCommand(['lint', '-f', 'json', '--resolve-images', ...args, join(work, 'Dockerfile')], { cwd: work, env: noEngine });
    return { findings: JSON.parse(run.stdout) as JsonFinding[], stderr: run.stderr };
  }
  const undefinedVars = (findings: readonly JsonFinding[]) => findings.filter((f) => f.code === 'UndefinedVar').map((f) => f.message);

  it('takes the image of the platform asked for from an index, with its environment', async () => {
    const dockerfile = `FROM ${repository}:multi\nENV A=$ONLY_AMD64 B=$ONLY_ARM64\n`;
    const amd = await lintWithoutEngine(dockerfile, ['--platform', 'linux/amd64']);
    expect(amd.stderr).toContain('no Docker engine answered');
    expect(undefinedVars(amd.findings)).toEqual(["Usage of undefined variable '$ONLY_ARM64' (did you mean $ONLY_AMD64?)"]);
    const arm = await lintWithoutEngine(dockerfile, ['--platform', 'linux/arm64']);
    expect(undefinedVars(arm.findings)).toEqual(["Usage of undefined variable '$ONLY_AMD64' (did you mean $ONLY_ARM64?)"]);
    expect([...amd.findings, ...arm.findings].some((f) => f.code === 'InvalidBaseImagePlatform')).toBe(false);
    // The answers are kept for the next run, one per platform, in dfkit's cache directory.
    expect(readdirSync(join(work, 'cache', 'registry-images'))).toHaveLength(2);
    const again = await lintWithoutEngine(dockerfile, ['--platform', 'linux/arm64']);
    expect(again.findings).toEqual(arm.findings);
    // A cross build's stage on the build platform takes that platform's image of the index: nothing to report.
    const cross = await lintWithoutEngine(`FROM --platform=$BUILDPLATFORM ${repository}:multi AS build\nENV A=$ONLY_AMD64\n`, ['--platform', 'linux/arm64']);
    expect(cross.findings.some((f) => f.code === 'InvalidBaseImagePlatform')).toBe(false);
  });

  it('reports a single-platform image of another platform, and names the platforms an index has when it lacks one', async () => {
    const single = await lintWithoutEngine(`FROM ${repository}:arm64\nENV A=1\n`, ['--platform', 'linux/amd64']);
    expect(single.findings.filter((f) => f.code === 'InvalidBaseImagePlatform').map((f) => f.message)).toEqual([
      `Base image ${repository}:arm64 was pulled with platform "linux/arm64", expected "linux/amd64" for current build`,
    ]);
    const missing = await lintWithoutEngine(`FROM ${repository}:multi\nENV A=$ONLY_AMD64\n`, ['--platform', 'linux/s390x']);
    expect(missing.stderr).toContain(`${repository}:multi has no image for linux/s390x: it has linux/amd64, linux/arm64`);
    expect(missing.findings).toEqual([]);
  });
});
