/**
 * The Docker adapter: the {@link RuntimeAdapter} interface over the Docker Engine API. It composes the
 * pieces that each do one job — builds from the planner's context, containers, registry operations — on
 * one engine client, and keeps the last plan per build so that each rebuild's cache hits are checked
 * against the plan's prediction.
 */
import {
  registerAdapter,
  type BuildEvent,
  type BuildOutcome,
  type BuildRequest,
  type ContainerRef,
  type EngineInfo,
  type ImageRef,
  type OperationOptions,
  type RunEvent,
  type RunOutcome,
  type RunRequest,
  type RuntimeAdapter,
} from '../adapter.js';
import { BuildPlanMemory, buildWithPlan } from './build.js';
import { listManagedContainers, removeContainer, runContainer, stopContainer } from './containers.js';
import { EngineClient, EngineError } from './engine-client.js';
import { listManagedImages } from './images.js';
import { pullImage, pushImage, resolveDigest, tagImage } from './registry.js';

type Environment = Readonly<Record<string, string | undefined>>;

export class DockerAdapter implements RuntimeAdapter {
  readonly name: string = 'docker';
  protected readonly plans = new BuildPlanMemory();

  constructor(
    readonly client: EngineClient,
    protected readonly environment: Environment = {},
  ) {}

  async ping(options: { signal?: AbortSignal } = {}): Promise<EngineInfo> {
    const call = options.signal ? { signal: options.signal } : {};
    const ping = await this.client.ping(call);
    return this.engineInfo(ping.apiVersion, call);
  }

  /** What the engine says of itself, once its ping has answered with `apiVersion`. */
  protected async engineInfo(apiVersion: string, call: { signal?: AbortSignal }): Promise<EngineInfo> {
    const version = await this.client.version(call);
    return { adapter: this.name, engineVersion: version.Version, apiVersion, os: version.Os, architecture: version.Arch };
  }

  build(request: BuildRequest, options: OperationOptions<BuildEvent> = {}): Promise<BuildOutcome> {
    return buildWithPlan(this.client, request, { ...options, plans: this.plans, env: this.environment });
  }

  run(request: RunRequest, options: OperationOptions<RunEvent> = {}): Promise<RunOutcome> {
    return runContainer(this.client, request, options);
  }

  async inspectImage(reference: string): Promise<{ id: string; layers: readonly string[]; digests: readonly string[] } | null> {
    try {
      const image = await this.client.inspectImage(reference);
      const digests = (image['RepoDigests'] as readonly string[] | null | undefined) ?? [];
      return { id: image.Id, layers: image.RootFS?.Layers ?? [], digests };
    } catch (error) {
      if (error instanceof EngineError && error.notFound) return null;
      throw error;
    }
  }

  async removeImage(reference: string, options: { force?: boolean } = {}): Promise<void> {
    await this.client.removeImage(reference, options.force ? { force: true } : {});
  }

  listContainers(labels: Readonly<Record<string, string>> = {}): Promise<ContainerRef[]> {
    return listManagedContainers(this.client, labels);
  }

  listImages(labels: Readonly<Record<string, string>> = {}): Promise<ImageRef[]> {
    return listManagedImages(this.client, labels);
  }

  stop(containerId: string, options: { timeoutSeconds?: number } = {}): Promise<void> {
    return stopContainer(this.client, containerId, options);
  }

  remove(containerId: string, options: { force?: boolean } = {}): Promise<void> {
    return removeContainer(this.client, containerId, options);
  }

  tag(source: string, target: string): Promise<void> {
    return tagImage(this.client, source, target);
  }

  push(reference: string, options: { signal?: AbortSignal } = {}): Promise<{ digest: string | null }> {
    return pushImage(this.client, reference, { ...options, env: this.environment });
  }

  async pull(reference: string, options: { signal?: AbortSignal } = {}): Promise<{ id: string }> {
    const pulled = await pullImage(this.client, reference, { ...options, env: this.environment });
    return { id: pulled.id };
  }

  resolveDigest(reference: string): Promise<string | null> {
    return resolveDigest(this.client, reference, { env: this.environment });
  }
}

/** The Docker adapter for an environment (`DOCKER_HOST`, `DOCKER_TLS_VERIFY`, `DOCKER_CERT_PATH`). */
export function createDockerAdapter(environment: Environment = process.env): DockerAdapter {
  return new DockerAdapter(new EngineClient({ env: environment }), environment);
}

registerAdapter('docker', createDockerAdapter);
