/**
 * `dfkit lint --resolve-images`: what the local engine says about the images a Dockerfile's stages start from,
 * in the shape the linter's settings take (`baseImages`, `platform`, `buildPlatform`).
 */
import type { BaseImageFacts } from '../lint/index.js';
import { EngineError } from '../runtime/docker/engine-client.js';
import { EngineHostError } from '../runtime/docker/engine-host.js';
import { engineImageSource, type ImageFactsSource } from '../runtime/docker/image-facts.js';
import { CliError } from './cli-error.js';
import { engineUnreachable } from './engine-unreachable.js';

export interface BaseImageResolver {
  /** The platform the engine runs on, `os/arch[/variant]`: what a build targets unless told otherwise. */
  readonly platform: string;
  /**
   * What the engine holds of each reference, asked once per reference for the resolver's life. A reference the
   * engine does not hold is left out, and `note` is told so once.
   */
  resolve(references: readonly string[]): Promise<Record<string, BaseImageFacts>>;
}

/** Connects to the engine `env` names (DOCKER_HOST) and asks its platform; a clear error when none answers. */
export async function connectBaseImageResolver(
  env: Readonly<Record<string, string | undefined>>,
  note: (message: string) => void,
): Promise<BaseImageResolver> {
  let source: ImageFactsSource;
  try {
    source = engineImageSource({ env });
  } catch (error) {
    if (error instanceof EngineHostError) throw new CliError(`--resolve-images: ${error.message}`);
    throw error;
  }
  const unreachable = (error: unknown): never => {
    throw error instanceof EngineError && error.status === null ? engineUnreachable('docker', error.engineMessage, 2) : error;
  };
  const platform = await source.platform().catch(unreachable);
  const known = new Map<string, Promise<BaseImageFacts | null>>();
  const ask = async (reference: string): Promise<BaseImageFacts | null> => {
    try {
      const facts = await source.facts(reference);
      if (facts === null) note(`${reference} is not in the local engine; the stages built on it are linted without it`);
      return facts;
    } catch (error) {
      if (!(error instanceof EngineError) || error.status === null) return unreachable(error);
      note(`the engine could not say what ${reference} is (${error.engineMessage}); the stages built on it are linted without it`);
      return null;
    }
  };
  return {
    platform,
    async resolve(references) {
      const facts: Record<string, BaseImageFacts> = {};
      for (const reference of references) {
        let answer = known.get(reference);
        if (!answer) known.set(reference, (answer = ask(reference)));
        const found = await answer;
        if (found) facts[reference] = found;
      }
      return facts;
    },
  };
}
