/**
 * Registry answers about base images kept on disk between runs, in dfkit's cache directory: what a manifest
 * digest names never changes, so a lint that looks the same images up again asks the registry only for the
 * tags' digests (HEAD requests, which registries do not count against pull limits).
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RegistryImage, RegistryImageCache } from './registry-http.js';

/** The cache in `directory` (made when first written). Reads and writes never throw; a damaged entry misses. */
export function diskRegistryImageCache(directory: string): RegistryImageCache {
  const folder = join(directory, 'registry-images');
  const fileOf = (key: string): string => join(folder, `${createHash('sha256').update(key).digest('hex')}.json`);
  return {
    read(key) {
      try {
        const stored = JSON.parse(readFileSync(fileOf(key), 'utf8')) as { key?: unknown; image?: RegistryImage };
        const image = stored.image;
        if (stored.key !== key || typeof image !== 'object' || image === null) return null;
        if (image.kind === 'image' && typeof image.config === 'object' && image.config !== null) return image;
        if (image.kind === 'no-platform' && Array.isArray(image.platforms)) return image;
        return null;
      } catch {
        return null;
      }
    },
    write(key, image) {
      const file = fileOf(key);
      // Written whole under another name first, so a reader never sees half an entry.
      const temporary = `${file}.${randomBytes(6).toString('hex')}.tmp`;
      try {
        mkdirSync(folder, { recursive: true });
        writeFileSync(temporary, JSON.stringify({ key, image }));
        renameSync(temporary, file);
      } catch {
        try {
          rmSync(temporary, { force: true });
        } catch {
          // Nothing was written where nothing can be.
        }
      }
    },
  };
}
