/** `dfkit plan --resolve-images` with a real engine: base images keyed on what the engine says they are. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runCommand } from './recording-io.js';
import { BASE_IMAGE, describeWithEngine, engine, engineAvailable, ensureBaseImage } from '../runtime/engine-harness.js';

// Made when the suite runs (hooks of a suite skipped for want of an engine do not run, so neither would the removal).
let work = '';

function run(args: string[]) {
  return runCommand(['plan', ...args, '--no-cache-dir', '--format', 'json'], { cwd: work, env: process.env });
}

const status = await engineAvailable();

describeWithEngine(status, 'dfkit plan --resolve-images', () => {
  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'dfkit-plan-engine-'));
    await ensureBaseImage();
  }, 120_000);
  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('keys a local base image on its layers (BuildKit) or ID (classic), and says which images it could not find', async () => {
    writeFileSync(join(work, 'Dockerfile'), `FROM ${BASE_IMAGE}\nRUN echo hi\nFROM dfkit-test/not-there:1\nRUN echo two\n`);
    const image = await engine().inspectImage(BASE_IMAGE);
    const keyOf = (stdout: string, stage: number): string =>
      (JSON.parse(stdout) as { stages: Array<{ steps: Array<{ key: string }> }> }).stages[stage]!.steps[0]!.key;

    const plain = await run([work]);
    const resolved = await run([work, '--resolve-images']);
    expect(resolved.code).toBe(0);
    expect(keyOf(resolved.stdout, 0)).not.toBe(keyOf(plain.stdout, 0));
    // The missing image stays keyed on its reference.
    expect(keyOf(resolved.stdout, 1)).toBe(keyOf(plain.stdout, 1));
    expect(resolved.stderr).toContain('dfkit-test/not-there:1 is not in the local engine');

    const classic = await run([work, '--resolve-images', '--builder', 'classic']);
    const classicPlain = await run([work, '--builder', 'classic']);
    expect(keyOf(classic.stdout, 0)).not.toBe(keyOf(classicPlain.stdout, 0));
    expect(image.RootFS?.Layers?.length).toBeGreaterThan(0);
  });
});
