/**
 * Shared helpers for tests that need a real podman API service.
 *
 * - `DFKIT_PODMAN_HOST` names a running service (CI starts one); without it, a service is started here with
 *   `podman system service` on a socket in a temporary directory and stopped again (by its PID) when the
 *   suite ends. Its configuration comes from `CONTAINERS_CONF` in that directory, never from a global file:
 *   no network namespace by default, a default network that does not exist (so nothing can fall back to a
 *   bridge), ulimits within the host's limits, cgroupfs, file event log.
 * - Without podman, suites fail under CI (`CI=true`) and are skipped, with the reason in their name, elsewhere.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, it } from 'vitest';
import type { EngineClient } from '../../src/runtime/docker/engine-client.js';
import { resolveEndpoint } from '../../src/runtime/docker/engine-host.js';
import { createPodmanAdapter, pingEndpoint, type PodmanAdapter } from '../../src/runtime/podman/adapter.js';
import { ensureBaseImageOn } from './engine-harness.js';

export type PodmanService = { readonly ok: true; readonly host: string; stop(): Promise<void> } | { readonly ok: false; readonly reason: string };

const CONTAINERS_CONF = `[containers]
netns = "none"
default_ulimits = ["nofile=20000:20000", "nproc=32768:32768"]
[network]
default_network = "dfkit-no-such-network"
[engine]
cgroup_manager = "cgroupfs"
events_logger = "file"
`;

async function answers(host: string): Promise<boolean> {
  try {
    const ping = await pingEndpoint(resolveEndpoint(host, {}), { timeoutMs: 2_000 });
    return ping.libpodVersion !== null;
  } catch {
    return false;
  }
}

function stopProcess(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) {
      resolve();
      return;
    }
    const hard = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(hard);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** The service named by `DFKIT_PODMAN_HOST`, or one started for this test file. */
export async function startOrReusePodman(): Promise<PodmanService> {
  const given = process.env['DFKIT_PODMAN_HOST'];
  if (given) {
    if (await answers(given)) return { ok: true, host: given, stop: async () => undefined };
    return { ok: false, reason: `DFKIT_PODMAN_HOST=${given} does not answer as podman` };
  }
  if (spawnSync('podman', ['--version'], { stdio: 'ignore' }).status !== 0) return { ok: false, reason: 'podman is not installed' };
  const dir = await mkdtemp(join(tmpdir(), 'dfkit-podman-'));
  const conf = join(dir, 'containers.conf');
  await writeFile(conf, CONTAINERS_CONF);
  const socket = join(dir, 'podman.sock');
  const host = `unix://${socket}`;
  const child = spawn('podman', ['system', 'service', '--time=0', host], {
    env: { ...process.env, CONTAINERS_CONF: conf },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let log = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    if (log.length < 16_384) log += chunk.toString('utf8');
  });
  const stop = async (): Promise<void> => {
    await stopProcess(child);
    await rm(dir, { recursive: true, force: true });
  };
  // Stopped when the file's tests end, whichever of them ran: a suite filtered out (`vitest -t`) never runs the
  // afterAll it would stop the service in, and the service outlived the run.
  afterAll(stop);
  for (let attempt = 0; attempt < 60; attempt++) {
    if (existsSync(socket) && (await answers(host))) return { ok: true, host, stop };
    if (child.exitCode !== null) break;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  await stop();
  return { ok: false, reason: `podman system service did not come up: ${log.trim().slice(-500) || 'no output'}` };
}

/** `describe` for suites that need podman: runs when it answers; fails under CI and skips (saying why) elsewhere. */
export function describeWithPodman(service: PodmanService, name: string, body: () => void): void {
  if (service.ok) {
    describe(name, body);
  } else if (process.env['CI'] === 'true') {
    describe(name, () => {
      it('has a podman service', () => {
        throw new Error(`no podman (${service.reason}); CI must provide one`);
      });
    });
  } else {
    console.warn(`skipping "${name}": no podman (${service.reason})`);
    describe.skip(`${name} [skipped: no podman: ${service.reason}]`, body);
  }
}

/**
 * Removes a suite's images from podman: its tags, then the untagged test images (`dfkit.test=1`) created since
 * `sinceSeconds` — the per-step and per-stage images buildah kept for the suite's builds, which lose their last
 * child once the tags are gone. Failures are ignored: an image still in use stays.
 */
export async function removePodmanTestImages(client: EngineClient, tags: readonly string[], sinceSeconds: number): Promise<void> {
  for (const tag of tags) await client.removeImage(tag).catch(() => undefined);
  for (const image of await client.listImages({ dangling: ['true'] })) {
    if (image.Created >= sinceSeconds && image.Labels?.['dfkit.test'] === '1') await client.removeImage(image.Id).catch(() => undefined);
  }
}

/** A podman adapter shared by the tests of one suite, and the tags they made. */
export interface PodmanSuite {
  /** The adapter; read it inside tests (it is made before the first one runs). */
  readonly adapter: PodmanAdapter;
  /** Tags the tests create, removed after the suite. */
  readonly tags: string[];
}

/**
 * Call inside a {@link describeWithPodman} body: before the suite, an adapter for the service (with `env`) and
 * the base image built on it; after it, the suite's images removed and the service stopped.
 */
export function podmanSuite(service: PodmanService, env: Readonly<Record<string, string>>): PodmanSuite {
  let adapter: PodmanAdapter | null = null;
  const tags: string[] = [];
  const startedAt = Math.floor(Date.now() / 1000) - 1;

  beforeAll(async () => {
    if (!service.ok) return;
    adapter = createPodmanAdapter({ CONTAINER_HOST: service.host, ...env });
    await ensureBaseImageOn(adapter.client);
  }, 120_000);

  afterAll(async () => {
    if (!service.ok) return;
    try {
      if (adapter) await removePodmanTestImages(adapter.client, tags, startedAt);
    } finally {
      await service.stop();
    }
  }, 120_000);

  return {
    get adapter(): PodmanAdapter {
      if (!adapter) throw new Error('the podman adapter is made before the suite\'s first test; read it inside a test');
      return adapter;
    },
    tags,
  };
}
