/**
 * What a linter needs to know about base images (their environment, platform and ONBUILD triggers) and the
 * platform a build targets by default, as a builder finds them: the local engine's images first, then the
 * registries. `dfkit lint --resolve-images` and the language server ask through this.
 */
import { formatPlatform, parsePlatform, platformFromParts } from '../../parser/index.js';
import { homedir } from 'node:os';
import { hostPlatform } from '../../planner/index.js';
import { userCacheDir } from '../../planner/cache-dir.js';
import { EngineClient, EngineError, type EngineClientOptions, type ImageInspect } from './engine-client.js';
import { EngineHostError, type Environment } from './engine-host.js';
import { registryImageConfig, type RegistryImageCache } from './registry-http.js';
import { diskRegistryImageCache } from './registry-image-cache.js';
import { RegistryError } from './registry.js';

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
  /** The platform builds target unless told otherwise. Rejects when it cannot be told (no engine to ask). */
  platform(): Promise<string>;
  /** What the source holds as `reference`, or `null` when it holds no such image. Rejects when it cannot be asked. */
  facts(reference: string): Promise<ImageFacts | null>;
}

/** The facts of an inspected image. */
export function imageFacts(image: ImageInspect): ImageFacts {
  return factsOf(image.Config?.Env, image.Config?.OnBuild, platformOf(image.Os, image.Architecture, image.Variant));
}

/** Facts from a configuration's environment and triggers, and the platform to judge the image by (if any). */
function factsOf(env: readonly string[] | null | undefined, onbuild: readonly string[] | null | undefined, platform: string | null): ImageFacts {
  return { env: env ?? [], ...(platform !== null && { platform }), ...(onbuild?.length ? { onbuild } : {}) };
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

/** `os/arch[/variant]` normalised, or `null` when no OS or architecture is given. */
function platformOf(os: string | undefined, architecture: string | undefined, variant: string | undefined): string | null {
  const parsed = platformFromParts(os, architecture, variant);
  return parsed ? formatPlatform(parsed) : null;
}

/**
 * Images from a registry, for `platform` where a tag names a multi-platform index. An index without an image
 * for the platform rejects with a {@link RegistryError} that names the platforms it has.
 */
export function registryImageSource(options: {
  readonly env: Environment;
  readonly platform: string;
  /** Answers kept between runs (by manifest digest), or `null` to ask the registry every time. */
  readonly cache?: RegistryImageCache | null;
}): ImageFactsSource {
  const platform = parsePlatform(options.platform);
  if (!platform) throw new RegistryError('resolve-failed', `not a platform: ${options.platform}`, '');
  return {
    platform: async () => formatPlatform(platform),
    async facts(reference) {
      const found = await registryImageConfig(reference, platform, options.env, options.cache ?? null);
      if (found.kind === 'absent') return null;
      if (found.kind === 'no-platform') {
        const has = found.platforms.length > 0 ? `: it has ${found.platforms.join(', ')}` : '';
        throw new RegistryError('resolve-failed', `${reference} has no image for ${formatPlatform(platform)}${has}`, reference);
      }
      const { os, architecture, variant, config } = found.config;
      // An index serves each platform it lists (a stage built for BUILDPLATFORM gets that one's image), so only an
      // image of one platform has a platform a stage can miss.
      return factsOf(config?.Env, config?.OnBuild, found.platforms === null ? platformOf(os, architecture, variant) : null);
    },
  };
}

export interface LocalThenRegistryOptions {
  readonly env: Environment;
  /** The platform builds target; by default the engine's, or this machine's without an engine. */
  readonly platform?: string;
  /** Told once when no engine answers (why); images are then asked of their registries only. */
  readonly onNoEngine?: (reason: string) => void;
  /**
   * Where registry answers are kept between runs: dfkit's cache directory by default (`DFKIT_CACHE_DIR`, else
   * the user's cache directory), `false` for none.
   */
  readonly cacheDir?: string | false;
}

/**
 * Images as a build finds them: in the local engine (DOCKER_HOST), and in their registries when the engine does
 * not hold them or no engine answers. `platform()` is the platform builds target.
 */
export function localThenRegistrySource(options: LocalThenRegistryOptions): ImageFactsSource & { buildPlatform(): Promise<string> } {
  let engine: ImageFactsSource | null = null;
  try {
    engine = engineImageSource({ env: options.env });
  } catch (error) {
    if (!(error instanceof EngineHostError)) throw error;
    options.onNoEngine?.(error.message);
  }
  // Asked when first needed (an answer made eagerly and read late would be a rejection nobody handles).
  let enginePlatform: Promise<string | null> | null = null;
  const askEngine = (): Promise<string | null> =>
    (enginePlatform ??= engine
      ? engine.platform().catch((error: unknown) => {
          if (!(error instanceof EngineError) || error.status !== null) throw error;
          options.onNoEngine?.(error.engineMessage);
          engine = null;
          return null;
        })
      : Promise.resolve(null));
  const buildPlatform = async (): Promise<string> => (await askEngine()) ?? hostPlatform();
  const target = async (): Promise<string> => options.platform ?? (await buildPlatform());
  let registry: Promise<ImageFactsSource> | null = null;
  return {
    buildPlatform,
    platform: target,
    async facts(reference) {
      await askEngine();
      const local = engine ? await engine.facts(reference) : null;
      if (local) return local;
      registry ??= target().then((platform) => {
        const directory = options.cacheDir ?? userCacheDir({ env: options.env, platform: process.platform, home: homedir() });
        return registryImageSource({ env: options.env, platform, cache: directory === false ? null : diskRegistryImageCache(directory) });
      });
      return (await registry).facts(reference);
    },
  };
}
