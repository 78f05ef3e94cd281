import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { RegistryImage } from '../../src/runtime/docker/registry-http.js';
import { diskRegistryImageCache } from '../../src/runtime/docker/registry-image-cache.js';

const work = mkdtempSync(join(tmpdir(), 'dfkit-image-cache-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const KEY = `sha256:${'a'.repeat(64)}|linux/arm64`;
const IMAGE: RegistryImage = { kind: 'image', config: { os: 'linux', architecture: 'arm64', config: { Env: ['A=1'], OnBuild: null } }, platforms: null };

describe('the disk cache of registry answers', () => {
  it('keeps an answer for the next run, under its key only', () => {
    const directory = join(work, 'roundtrip');
    diskRegistryImageCache(directory).write(KEY, IMAGE);
    const again = diskRegistryImageCache(directory);
    expect(again.read(KEY)).toEqual(IMAGE);
    expect(again.read(KEY.replace('arm64', 'amd64'))).toBeNull();
    expect(readdirSync(join(directory, 'registry-images')).every((name) => name.endsWith('.json'))).toBe(true);
  });

  it('misses on a damaged entry, and neither throws when it cannot write', () => {
    const directory = join(work, 'damaged');
    const cache = diskRegistryImageCache(directory);
    cache.write(KEY, IMAGE);
    const [file] = readdirSync(join(directory, 'registry-images'));
    for (const damage of ['{"key":', '{"key":"other","image":{"kind":"image","config":{}}}', `{"key":${JSON.stringify(KEY)},"image":{"kind":"absent"}}`]) {
      writeFileSync(join(directory, 'registry-images', file as string), damage);
      expect(cache.read(KEY)).toBeNull();
    }
    // A file where the folder should be: nothing can be written, and nothing is thrown.
    const blocked = join(work, 'blocked');
    writeFileSync(blocked, '');
    expect(() => diskRegistryImageCache(blocked).write(KEY, IMAGE)).not.toThrow();
    expect(diskRegistryImageCache(blocked).read(KEY)).toBeNull();
  });
});
