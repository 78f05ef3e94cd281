/**
 * The `dfkit/runtime` entry point: talking to real engines. So far the Docker Engine API client, the decoder of
 * its build stream, and the deterministic tar writer for build contexts.
 *
 * @example
 * import { EngineClient, createContextTar, openFromDirectory } from 'dfkit/runtime';
 * const engine = new EngineClient();
 * const tar = createContextTar({ entries, openFile: openFromDirectory(contextDir) });
 * const { imageId, steps, error } = await engine.build(tar, { tags: ['app:dev'], networkMode: 'none', builder: 'buildkit' });
 */
export {
  ContextTarError,
  createContextTar,
  openFromDirectory,
  type ContextTarErrorCode,
  type ContextTarOptions,
  type InMemoryFile,
  type OpenFile,
  type TarEntry,
  type TarEntryType,
} from './context-tar.js';
export {
  EngineClient,
  EngineError,
  MAX_API_VERSION,
  type BuildOptions,
  type BuildParams,
  type Builder,
  type CallOptions,
  type ContainerSummary,
  type EngineClientOptions,
  type EngineVersion,
  type Filters,
  type ImageDeleteItem,
  type ImageInspect,
  type ImageSummary,
  type PingInfo,
} from './docker/engine-client.js';
export { DEFAULT_SOCKET, EngineHostError, resolveEndpoint, type EngineEndpoint, type Environment, type TlsSettings } from './docker/engine-host.js';
export {
  BuildProgressDecoder,
  decodeBuildStream,
  type BuildError,
  type BuildEvent,
  type BuildResult,
  type BuildStep,
  type CachedEvent,
  type ErrorEvent,
  type ImageEvent,
  type OutputEvent,
  type StatusEvent,
  type StepEvent,
  type VertexEvent,
  type WarningEvent,
} from './docker/build-progress.js';
export {
  decodeStatusResponse,
  decodeTraceAux,
  type StatusDecodeResult,
  type StatusResponse,
  type TraceLog,
  type TraceStatus,
  type TraceVertex,
  type TraceWarning,
} from './docker/buildkit-trace.js';
export { baseImageIdentity } from './docker/image-identity.js';
export {
  engineImageSource,
  imageFacts,
  localThenRegistrySource,
  registryImageSource,
  type ImageFacts,
  type ImageFactsSource,
  type LocalThenRegistryOptions,
} from './docker/image-facts.js';
export {
  DFKIT_CONTAINER_VALUE,
  DFKIT_IMAGE_VALUE,
  DFKIT_LABEL,
  adapterNames,
  createAdapter,
  registerAdapter,
  type AdapterFactory,
  type BuildOutcome,
  type BuildRequest,
  type BuildStepRef,
  type ContainerRef,
  type EngineInfo,
  type ImageRef,
  type NetworkMode,
  type OperationOptions,
  type RunEvent,
  type RunOutcome,
  type RunRequest,
  type RuntimeAdapter,
} from './adapter.js';
export {
  listManagedContainers,
  parseVolume,
  removeContainer,
  runContainer,
  RunError,
  stopContainer,
} from './docker/containers.js';
export { FrameDemultiplexer } from './docker/attach-stream.js';
export { listManagedImages } from './docker/images.js';
export {
  collectGarbage,
  type GarbageAction,
  type GarbageCollectionOptions,
  type GarbageItem,
  type GarbageReason,
  type GarbageReport,
} from './gc.js';
export { parseDuration } from './duration.js';
export {
  localRepoDigest,
  pullImage,
  pushImage,
  RegistryError,
  resolveDigest,
  tagImage,
  type RegistryCallOptions,
} from './docker/registry.js';
export { encodeRegistryAuth, registryAuthFor, RegistryAuthError, type RegistryAuth } from './docker/registry-auth.js';
export { registryImageConfig, registryManifestDigest, type RegistryImage, type RegistryImageCache, type RegistryImageConfig } from './docker/registry-http.js';
export { diskRegistryImageCache } from './docker/registry-image-cache.js';
export {
  buildWithPlan,
  BuildPlanMemory,
  type ContextReport,
  type PlannedBuildOptions,
  type PlannedBuildOutcome,
} from './docker/build.js';
export { DockerAdapter, createDockerAdapter } from './docker/adapter.js';
export {
  PodmanAdapter,
  createPodmanAdapter,
  defaultUlimits,
  detectPodman,
  pingEndpoint,
  podmanHostOf,
  PODMAN_DEFAULT_HOST,
  type PodmanAdapterOptions,
  type PodmanPing,
  type Ulimit,
} from './podman/adapter.js';
