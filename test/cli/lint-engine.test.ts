/**
 * `dfkit lint --resolve-images` with a real engine: base images' environment and platform as the engine holds
 * them, and the platform mismatch the classic builder warns about when it builds on such an image.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runCommand } from './recording-io.js';
import { buildContext, describeWithEngine, engine, engineAvailable, removeCreatedImages, testTag } from '../runtime/engine-harness.js';

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

  it('says which images the engine does not hold, and lints their stages without them', async () => {
    writeFileSync(join(work, 'Dockerfile'), 'FROM dfkit-test/not-there:1\nWORKDIR $SOMEWHERE\n');
    const resolved = await lintJson(['--resolve-images']);
    expect(resolved.stderr).toContain('dfkit-test/not-there:1 is not in the local engine');
    expect(resolved.findings.filter((f) => f.code === 'UndefinedVar' || f.code === 'InvalidBaseImagePlatform')).toEqual([]);
  });
});
