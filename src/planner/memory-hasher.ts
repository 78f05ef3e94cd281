/**
 * A content hasher for in-memory contexts (`contextFromFiles`): pure, so that planning works in a browser or
 * an editor without a directory or native crypto.
 */
import type { BuildContext, ContentHasher, ContextEntry } from './context-types.js';
import { contentOf } from './memory-context.js';
import { Sha256 } from './sha256.js';

export function memoryHasher(context: BuildContext): ContentHasher {
  const digests = new Map<string, string>();
  return {
    contentDigest(entry: ContextEntry): Promise<string> {
      let digest = digests.get(entry.path);
      if (digest === undefined) {
        digest = new Sha256().update(contentOf(context, entry.path) ?? new Uint8Array()).digestHex();
        digests.set(entry.path, digest);
      }
      return Promise.resolve(digest);
    },
  };
}
