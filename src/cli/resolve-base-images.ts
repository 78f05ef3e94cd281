/**
 * `dfkit lint --resolve-images`: what a build would find for the images a Dockerfile's stages start from (the
 * local engine's images, else their registries), in the shape the linter's settings take (`baseImages`,
 * `platform`, `buildPlatform`).
 */
import type { BaseImageFacts } from '../lint/index.js';
import { localThenRegistrySource } from '../runtime/docker/image-facts.js';

export interface BaseImageResolver {
  /** The platform builds target: `--platform`, else the engine's, else this machine's. */
  readonly platform: string;
  /** The platform builds run on (BUILDPLATFORM): the engine's, else this machine's. */
  readonly buildPlatform: string;
  /**
   * What is known of each reference, asked once per reference for the resolver's life (all of them at once). A
   * reference found nowhere, or that could not be asked about, is left out, and `note` is told why, once.
   */
  resolve(references: readonly string[]): Promise<Record<string, BaseImageFacts>>;
}

export async function connectBaseImageResolver(
  env: Readonly<Record<string, string | undefined>>,
  note: (message: string) => void,
  platform?: string,
): Promise<BaseImageResolver> {
  const source = localThenRegistrySource({
    env,
    ...(platform !== undefined && { platform }),
    onNoEngine: (reason) => note(`no Docker engine answered (${reason}); base images are looked up in their registries`),
  });
  const buildPlatform = await source.buildPlatform();
  const known = new Map<string, Promise<BaseImageFacts | null>>();
  const ask = async (reference: string): Promise<BaseImageFacts | null> => {
    try {
      const facts = await source.facts(reference);
      if (facts === null) note(`${reference} is neither in the local engine nor in its registry; the stages built on it are linted without it`);
      return facts;
    } catch (error) {
      const reason = (error instanceof Error ? error.message : String(error)).split('\n', 1)[0];
      note(`${reason}; the stages built on ${reference} are linted without it`);
      return null;
    }
  };
  return {
    platform: platform ?? buildPlatform,
    buildPlatform,
    async resolve(references) {
      for (const reference of references) if (!known.has(reference)) known.set(reference, ask(reference));
      const answers = await Promise.all(references.map(async (reference) => [reference, await known.get(reference)] as const));
      const facts: Record<string, BaseImageFacts> = {};
      for (const [reference, found] of answers) if (found) facts[reference] = found;
      return facts;
    },
  };
}
