/**
 * The Podman adapter: the {@link RuntimeAdapter} interface over podman's Docker-compatible API
 * (`podman system service`). Podman answers the same endpoints as the Docker engine, so this adapter reuses
 * the Docker pieces — engine client, planned builds, containers, image calls — and changes only what differs:
 *
 * - builds always go to buildah (there is no BuildKit), planned with the planner's `podman` cache model, and
 *   their progress is buildah's text (`STEP n/N:`, `--> Using cache`);
 * - every container gets explicit ulimits: rootful podman otherwise asks the OCI runtime to raise
 *   RLIMIT_NOFILE/RLIMIT_NPROC, which fails on hosts where root lacks CAP_SYS_RESOURCE;
 * - builds and containers always use network `none` unless `host` is asked for (podman's default would be a
 *   bridge network).
 */
import http from 'node:http';
import https from 'node:https';
import { readFileSync } from 'node:fs';
import {
  registerAdapter,
  type BuildEvent,
  type BuildRequest,
  type EngineInfo,
  type OperationOptions,
  type RunEvent,
  type RunOutcome,
  type RunRequest,
} from '../adapter.js';
import { DockerAdapter } from '../docker/adapter.js';
import { buildWithPlan, type PlannedBuildOutcome } from '../docker/build.js';
import { runContainer } from '../docker/containers.js';
import { EngineClient, EngineError, type CallOptions, type EngineClientOptions } from '../docker/engine-client.js';
import { resolveEndpoint, type EngineEndpoint } from '../docker/engine-host.js';
import { pushImage } from '../docker/registry.js';
import { registryManifestDigest } from '../docker/registry-http.js';
import { plainHttpRegistry, pullWithPodman } from './registry.js';

type Environment = Readonly<Record<string, string | undefined>>;

/** Where rootful podman's API socket is when the service is started by its systemd unit. */
export const PODMAN_DEFAULT_HOST = 'unix:///run/podman/podman.sock';

/** A resource limit for containers (`HostConfig.Ulimits`). */
export interface Ulimit {
  readonly Name: string;
  readonly Soft: number;
  readonly Hard: number;
}

export interface PodmanAdapterOptions {
  /** Limits every container gets; default {@link defaultUlimits}. */
  readonly ulimits?: readonly Ulimit[];
}

// What rootful podman would ask for otherwise is 1048576 for both; the process-count limit that worked on a
// host without CAP_SYS_RESOURCE was 32768, while the shell's own hard limit (96365) was refused.
const NOFILE_CAP = 1_048_576;
const NPROC_CAP = 32_768;

/**
 * Ulimits no higher than this process's own soft limits (capped as above), so that the OCI runtime never has
 * to raise a limit. Read from `/proc/self/limits`; the caps alone where that cannot be read.
 */
export function defaultUlimits(limitsText?: string): Ulimit[] {
  let text = limitsText;
  if (text === undefined) {
    try {
      text = readFileSync('/proc/self/limits', 'utf8');
    } catch {
      text = '';
    }
  }
  const softOf = (label: string, cap: number): number => {
    const match = new RegExp(`^${label}\\s+(\\S+)`, 'm').exec(text ?? '');
    const soft = match ? Number(match[1]) : Number.NaN;
    return Number.isFinite(soft) && soft > 0 ? Math.min(soft, cap) : cap;
  };
  const nofile = softOf('Max open files', NOFILE_CAP);
  const nproc = softOf('Max processes', NPROC_CAP);
  return [
    { Name: 'nofile', Soft: nofile, Hard: nofile },
    { Name: 'nproc', Soft: nproc, Hard: nproc },
  ];
}

/**
 * An engine client that adds the adapter's ulimits to every container it creates, so the shared container code
 * needs no podman-specific option. Limits the request sets itself are kept.
 */
class UlimitedEngineClient extends EngineClient {
  constructor(
    options: EngineClientOptions,
    private readonly ulimits: readonly Ulimit[],
  ) {
    super(options);
  }

  override request<T>(method: string, path: string, options: CallOptions & { readonly query?: URLSearchParams; readonly json?: unknown } = {}): Promise<T> {
    if (method === 'POST' && path === '/containers/create' && isRecord(options.json)) {
      const hostConfig = isRecord(options.json['HostConfig']) ? options.json['HostConfig'] : {};
      const given = Array.isArray(hostConfig['Ulimits']) ? (hostConfig['Ulimits'] as Ulimit[]) : [];
      const names = new Set(given.map((limit) => limit.Name));
      const ulimits = [...given, ...this.ulimits.filter((limit) => !names.has(limit.Name))];
      return super.request<T>(method, path, { ...options, json: { ...options.json, HostConfig: { ...hostConfig, Ulimits: ulimits } } });
    }
    return super.request<T>(method, path, options);
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The podman (libpod) API version a `/_ping` answer announces, or `null` when the engine is not podman. */
export interface PodmanPing {
  readonly apiVersion: string;
  readonly libpodVersion: string | null;
  readonly buildahVersion: string | null;
}

/** `GET /_ping` with the headers podman adds; rejects with an {@link EngineError} when nothing answers 200. */
export function pingEndpoint(endpoint: EngineEndpoint, options: CallOptions & { readonly timeoutMs?: number } = {}): Promise<PodmanPing> {
  return new Promise((resolve, reject) => {
    const common = { method: 'GET', path: '/_ping', agent: false as const, ...(options.signal && { signal: options.signal }) };
    const req =
      endpoint.kind === 'unix'
        ? http.request({ ...common, socketPath: endpoint.socketPath, headers: { Host: 'podman' } })
        : endpoint.tls
          ? https.request({
              ...common,
              host: endpoint.host,
              port: endpoint.port,
              ca: endpoint.tls.ca,
              cert: endpoint.tls.cert,
              key: endpoint.tls.key,
              rejectUnauthorized: endpoint.tls.verify,
            })
          : http.request({ ...common, host: endpoint.host, port: endpoint.port });
    req.setTimeout(options.timeoutMs ?? 5_000, () => req.destroy(new Error('no answer in time')));
    req.on('error', (error) => reject(new EngineError(null, error.message, 'GET', '/_ping')));
    req.on('response', (res) => {
      res.resume();
      res.on('end', () => {
        if (res.statusCode !== 200) {
          reject(new EngineError(res.statusCode ?? 0, `ping answered ${res.statusCode}`, 'GET', '/_ping'));
          return;
        }
        const header = (name: string): string | null => {
          const value = res.headers[name];
          return (Array.isArray(value) ? value[0] : value) ?? null;
        };
        resolve({ apiVersion: header('api-version') ?? '', libpodVersion: header('libpod-api-version'), buildahVersion: header('libpod-buildah-version') });
      });
    });
    req.end();
  });
}

/** The engine address the environment names: `CONTAINER_HOST` (podman's own variable), then `DOCKER_HOST`. */
export function podmanHostOf(environment: Environment): string | undefined {
  return environment['CONTAINER_HOST'] || environment['DOCKER_HOST'] || undefined;
}

/**
 * The address of a podman API service the environment points at (`CONTAINER_HOST`, `DOCKER_HOST`, else
 * rootful podman's default socket), or `null` when nothing answers there or what answers is not podman
 * (its `/_ping` has no `Libpod-Api-Version` header).
 *
 * @example
 * const host = await detectPodman(process.env);
 * const runtime = host ? createPodmanAdapter({ ...process.env, CONTAINER_HOST: host }) : createAdapter('docker');
 */
export async function detectPodman(environment: Environment = process.env, options: CallOptions = {}): Promise<string | null> {
  const host = podmanHostOf(environment) ?? PODMAN_DEFAULT_HOST;
  try {
    const ping = await pingEndpoint(resolveEndpoint(host, environment), { ...options, timeoutMs: 3_000 });
    return ping.libpodVersion ? host : null;
  } catch {
    return null;
  }
}

/**
 * @example
 * const podman = createPodmanAdapter({ CONTAINER_HOST: 'unix:///run/podman/podman.sock' });
 * const built = await podman.build({ context: '.', tags: ['app:dev'] });
 * const { exitCode } = await podman.run({ image: 'app:dev', command: ['sh', '-c', 'echo hi'] });
 */
export class PodmanAdapter extends DockerAdapter {
  override readonly name: string = 'podman';
  private readonly endpoint: EngineEndpoint;

  constructor(host: string, environment: Environment = {}, options: PodmanAdapterOptions = {}) {
    // Podman's own host variable wins over DOCKER_HOST; TLS settings still come from the environment.
    super(new UlimitedEngineClient({ host, env: environment }, options.ulimits ?? defaultUlimits()), environment);
    this.endpoint = resolveEndpoint(host, environment);
  }

  /** Rejects when the engine does not answer, or answers but is not podman. */
  override async ping(options: { signal?: AbortSignal } = {}): Promise<EngineInfo> {
    const call = options.signal ? { signal: options.signal } : {};
    const ping = await pingEndpoint(this.endpoint, call);
    if (!ping.libpodVersion) throw new EngineError(200, 'the engine answered, but it is not podman (no Libpod-Api-Version)', 'GET', '/_ping');
    return this.engineInfo(ping.apiVersion, call);
  }

  /** Builds with buildah; `request.builder` is ignored (podman has one builder), the network is `none` by default. */
  override build(request: BuildRequest, options: OperationOptions<BuildEvent> = {}): Promise<PlannedBuildOutcome> {
    const { builder: _ignored, ...rest } = request;
    return buildWithPlan(this.client, { ...rest, network: request.network ?? 'none' }, { ...options, plans: this.plans, env: this.environment, model: 'podman' });
  }

  override run(request: RunRequest, options: OperationOptions<RunEvent> = {}): Promise<RunOutcome> {
    return runContainer(this.client, { ...request, network: request.network ?? 'none' }, options);
  }

  /** Pushes over plain HTTP to loopback registries (Docker's default; podman would insist on HTTPS). */
  override push(reference: string, options: { signal?: AbortSignal } = {}): Promise<{ digest: string | null }> {
    return pushImage(this.client, reference, { ...options, env: this.environment, ...(plainHttpRegistry(reference) && { tlsVerify: false }) });
  }

  /**
   * The manifest digest the registry serves for `reference`, asked of the registry directly: podman's API has no
   * `/distribution` endpoint (whose 404 the Docker path would read as "no such tag"), and the digests it records on
   * a pulled image do not tell which one the registry serves now.
   */
  override resolveDigest(reference: string): Promise<string | null> {
    return registryManifestDigest(reference, this.environment);
  }

  /** Pulls through podman's own endpoint, which can reach loopback registries over plain HTTP. */
  override pull(reference: string, options: { signal?: AbortSignal } = {}): Promise<{ id: string }> {
    return pullWithPodman(this.client, reference, { ...options, env: this.environment, ...(plainHttpRegistry(reference) && { tlsVerify: false }) });
  }
}

/**
 * The Podman adapter for an environment: the service at `CONTAINER_HOST`, else `DOCKER_HOST`, else rootful
 * podman's default socket. Nothing is contacted until the first call; use {@link detectPodman} to find out
 * whether podman answers there.
 */
export function createPodmanAdapter(environment: Environment = process.env, options: PodmanAdapterOptions = {}): PodmanAdapter {
  return new PodmanAdapter(podmanHostOf(environment) ?? PODMAN_DEFAULT_HOST, environment, options);
}

registerAdapter('podman', (environment) => createPodmanAdapter(environment));
