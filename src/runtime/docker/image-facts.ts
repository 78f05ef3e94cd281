/**
 * What a linter needs to know about base images the engine holds (their environment, platform and ONBUILD
 * triggers) and the platform the engine builds for by default: `dfkit lint --resolve-images` and the language
 * server ask through this.
 */
import { formatPlatform, parsePlatform } from '../../parser/index.js';
import { EngineClient, EngineError, type EngineClientOptions, type ImageInspect } from './engine-client.js';

/** An image's facts in the shape of the linter's `settings.baseImages` entries. */
export interface ImageFacts {
  /** `NAME=value` lines. */
  readonly env: readonly string[];
  /** `os/arch[/variant]`, normalised as BuildKit prints platforms. */
  readonly platform?: string;
  readonly onbuild?: readonly string[];
}

/** Where base images are looked up. */
export interface ImageFactsSource {
  /** The platform the engine runs on, which builds target unless told otherwise. Rejects without an engine. */
  platform(): Promise<string>;
  /** What the engine holds as `reference`, or `null` when it holds no such image. Rejects without an engine. */
  facts(reference: string): Promise<ImageFacts | null>;
}

/** The facts of an inspected image. */
export function imageFacts(image: ImageInspect): ImageFacts {
  const platform = platformOf(image.Os, image.Architecture, image.Variant);
  return {
    env: image.Config?.Env ?? [],
    ...(platform !== null && { platform }),
    ...(image.Config?.OnBuild?.length ? { onbuild: image.Config.OnBuild } : {}),
  };
}

/**
 * The local engine `options` name (DOCKER_HOST by default) as a source. Its errors are {@link EngineError}s (no
 * answer: `status === null`); the constructor throws `EngineHostError` for a DOCKER_HOST it cannot use.
 */
export function engineImageSource(options: EngineClientOptions = {}): ImageFactsSource {
  const engine = new EngineClient(options);
  return {
    async platform() {
      const version = await engine.version();
      return platformOf(version.Os, version.Arch, undefined) ?? `${version.Os}/${version.Arch}`;
    },
    async facts(reference) {
      try {
        return imageFacts(await engine.inspectImage(reference));
      } catch (error) {
        if (error instanceof EngineError && error.notFound) return null;
        throw error;
      }
    },
  };
}

/** `os/arch[/variant]` normalised, or `null` when the engine gave no OS or architecture. */
function platformOf(os: string | undefined, architecture: string | undefined, variant: string | undefined): string | null {
  if (!os || !architecture) return null;
  const parsed = parsePlatform(variant ? `${os}/${architecture}/${variant}` : `${os}/${architecture}`);
  return parsed ? formatPlatform(parsed) : null;
}
