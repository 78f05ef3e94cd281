import { describe, expect, it } from 'vitest';
import { BaseImageService } from '../../src/lsp/base-images.js';
import type { ImageFactsSource } from '../../src/runtime/docker/image-facts.js';

const source = (platform: () => Promise<string>): ImageFactsSource => ({
  platform,
  facts: async (reference) => (reference === 'app:1' ? { env: ['A=1'], platform: 'linux/arm64' } : null),
});

/** Resolves once `check` holds (the service answers in the background). */
async function until(check: () => boolean): Promise<void> {
  for (let tries = 0; tries < 200 && !check(); tries++) await new Promise((resolve) => setTimeout(resolve, 5));
}

describe('BaseImageService', () => {
  it('hands out the same options until answers change them, then options that carry the images', async () => {
    let changes = 0;
    const service = new BaseImageService(source(async () => 'linux/amd64'), { onChanged: () => changes++, onFailure: () => {} });
    const options = { settings: { buildArgs: { X: '1' } } };
    expect(service.optionsWith(options)).toBe(options);
    service.want(['app:1', 'other:1']);
    await until(() => changes > 0);
    const made = service.optionsWith(options);
    expect(made).not.toBe(options);
    expect(service.optionsWith(options)).toBe(made);
    expect(made.settings).toEqual({
      buildArgs: { X: '1' },
      baseImages: { 'app:1': { env: ['A=1'], platform: 'linux/arm64' } },
      platform: 'linux/amd64',
      buildPlatform: 'linux/amd64',
    });
    // Asked about once: wanting them again asks nothing and changes nothing.
    service.want(['app:1']);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(changes).toBe(1);
  });

  it('keeps a failure of the relint it asks for to a log line, and stops when the platform cannot be told', async () => {
    const failures: string[] = [];
    const throwing = new BaseImageService(source(async () => 'linux/amd64'), {
      onChanged: () => {
        throw new Error('no documents');
      },
      onFailure: (message) => failures.push(message),
    });
    throwing.want(['app:1']);
    await until(() => failures.length > 0);
    expect(failures).toEqual(['linting again with the base images failed: no documents']);

    const stopped: string[] = [];
    let asked = 0;
    const down = new BaseImageService(
      source(async () => {
        asked++;
        throw new Error('GET /version: connect ENOENT');
      }),
      { onChanged: () => {}, onFailure: (message) => stopped.push(message) },
    );
    down.want(['app:1']);
    await until(() => stopped.length > 0);
    down.want(['other:1']);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect([stopped, asked]).toEqual([['base images are not resolved: GET /version: connect ENOENT'], 1]);
  });
});
