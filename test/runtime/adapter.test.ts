/** The Docker adapter through the adapter registry: build, run, inspect, list and clean up on a real engine. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { adapterNames, createAdapter } from '../../src/runtime/index.js';
import { BASE_IMAGE, describeWithEngine, engineAvailable, ensureBaseImage, nonce, testTag, removeCreatedImages } from './engine-harness.js';

const status = await engineAvailable();

it('knows the docker adapter by name and refuses unknown ones', () => {
  expect(adapterNames()).toContain('docker');
  expect(() => createAdapter('no-such-engine')).toThrow(/unknown runtime adapter "no-such-engine"/);
});

describeWithEngine(status, 'the docker adapter', () => {
  let dir = '';
  beforeAll(async () => {
    await ensureBaseImage();
    dir = await mkdtemp(join(tmpdir(), 'dfkit-adapter-'));
  }, 120_000);
  afterAll(async () => {
    await removeCreatedImages();
    if (dir) await rm(dir, { recursive: true, force: true });
  }, 60_000);

  it('builds an image, runs it, and leaves no container behind', async () => {
    // The planner's digest cache goes into the test's directory, not the user's cache directory.
    const adapter = createAdapter('docker', { ...process.env, DFKIT_CACHE_DIR: join(dir, '.cache') });
    const info = await adapter.ping();
    expect(info.adapter).toBe('docker');
    expect(info.apiVersion).toMatch(/^1\.\d+$/);

    const token = nonce();
    await writeFile(join(dir, 'message.txt'), `hello ${token}\n`);
    await writeFile(join(dir, 'Dockerfile'), `FROM ${BASE_IMAGE}\nCOPY message.txt /message.txt\nCMD ["cat", "/message.txt"]\n`);
    const tag = testTag('adapter');
    const events: string[] = [];
    const built = await adapter.build({ context: dir, tags: [tag] }, { onEvent: (event) => events.push(event.type) });
    expect(built.error).toBeUndefined();
    expect(built.imageId).toMatch(/^sha256:/);
    expect(events).toContain('context');

    const again = await adapter.build({ context: dir, tags: [tag] });
    expect(again.steps.filter((step) => !/FROM/.test(step.name)).every((step) => step.cached)).toBe(true);
    expect(again.mismatches).toEqual([]);

    let output = '';
    const ran = await adapter.run({ image: tag }, { onEvent: (event) => void (output += Buffer.from(event.data).toString()) });
    expect(ran.exitCode).toBe(0);
    expect(output).toBe(`hello ${token}\n`);

    expect((await adapter.inspectImage(tag))?.id).toBe(built.imageId);
    expect(await adapter.inspectImage(`dfkit-test/absent-${token}:1`)).toBeNull();
    expect((await adapter.listContainers()).filter((container) => container.image === tag)).toEqual([]);
  }, 120_000);
});
