/**
 * `dfkit gc` against the real engines (Docker, and podman through its Docker-compatible service): it removes
 * exactly the labelled leftovers — stopped dfkit containers, dangling dfkit images, and with `--until`/`--force`
 * old dfkit images and running dfkit containers — and touches nothing else, not even a container someone else
 * created from a dfkit image (it inherits the image's labels). `--dry-run` removes nothing.
 *
 * Every run is narrowed with `--label dfkit.test.case=<token>`, so that leftovers of other test files running at
 * the same time are never collected.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DFKIT_CONTAINER_VALUE, DFKIT_LABEL, type BuildOutcome } from '../../src/runtime/adapter.js';
import { createContextTar, openFromDirectory } from '../../src/runtime/context-tar.js';
import { DockerAdapter } from '../../src/runtime/docker/adapter.js';
import { EngineError, type EngineClient } from '../../src/runtime/docker/engine-client.js';
import type { GarbageItem, GarbageReport } from '../../src/runtime/gc.js';
import { createPodmanAdapter } from '../../src/runtime/podman/adapter.js';
import { BASE_IMAGE, describeWithEngine, engine, engineAvailable, ensureBaseImage, ensureBaseImageOn, nonce } from '../runtime/engine-harness.js';
import { describeWithPodman, startOrReusePodman, type PodmanService } from '../runtime/podman-harness.js';
import { runCommand, type RecordedRun } from './recording-io.js';

const work = await mkdtemp(join(tmpdir(), 'dfkit-gc-cli-'));
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('dfkit gc without an engine, and its usage errors', () => {
  it('says no engine answered, with exit code 1', async () => {
    const { code, stderr } = await runCommand(['gc'], { cwd: work, env: { DOCKER_HOST: `unix://${join(work, 'no-engine.sock')}` } });
    expect(code).toBe(1);
    expect(stderr).toContain('no Docker engine answered');
    expect(stderr).toMatch(/Start one .*dockerd.*, or point DOCKER_HOST at a running one/);
  });

  it.each([
    [['--until', '24'], "--until '24' is not a duration"],
    [['--format', 'yaml'], "unknown format 'yaml'"],
    [['--runtime', 'lxc'], "unknown runtime 'lxc'"],
    [['--label', 'novalue'], "--label 'novalue' is not KEY=VALUE"],
    [['stray'], 'Unexpected argument'],
  ])('refuses %j with exit code 2', async (args, message) => {
    const { code, stderr } = await runCommand(['gc', ...args], { cwd: work, env: {} });
    expect(code).toBe(2);
    expect(stderr).toContain(message);
  });

  it('prints its help', async () => {
    const { code, stdout } = await runCommand(['gc', '--help'], { cwd: work, env: {} });
    expect(code).toBe(0);
    expect(stdout).toContain('--dry-run');
  });
});

interface Engine {
  readonly runtime: 'docker' | 'podman';
  readonly adapter: DockerAdapter;
  readonly client: EngineClient;
  readonly env: Readonly<Record<string, string>>;
}

async function exists(check: () => Promise<unknown>): Promise<boolean> {
  try {
    await check();
    return true;
  } catch (error) {
    if (error instanceof EngineError && error.notFound) return false;
    throw error;
  }
}

function gcTests(setup: () => Engine): void {
  const token = nonce();
  const caseLabel = { 'dfkit.test.case': token };
  // What the test made, to remove whatever gc leaves (it must leave the unlabelled things).
  const made = { containers: [] as string[], images: [] as string[] };
  let ids: Record<'dangling' | 'moved' | 'kept' | 'old' | 'plainImage' | 'plainDangling', string> & Record<'stopped' | 'running' | 'plainContainer', string>;

  const tag = (name: string): string => `dfkit-test/gc-${name}-${token}:latest`;

  async function dfkitBuild(engineKit: Engine, name: string, content: string): Promise<BuildOutcome> {
    const dir = await mkdtemp(join(work, `ctx-${name}-`));
    await writeFile(join(dir, 'Dockerfile'), `FROM ${BASE_IMAGE}\nRUN echo ${content} > /content\n`);
    const outcome = await engineKit.adapter.build({ context: dir, tags: [tag(name)], labels: caseLabel, builder: 'buildkit' });
    expect(outcome.error).toBeUndefined();
    made.images.push(outcome.imageId ?? '');
    return outcome;
  }

  /** An image built without dfkit (no dfkit label), straight through the engine API. */
  async function plainBuild(engineKit: Engine, name: string, content: string): Promise<string> {
    const tar = createContextTar({ entries: [], openFile: openFromDirectory(work), extraFiles: [{ path: 'Dockerfile', content: `FROM ${BASE_IMAGE}\nLABEL dfkit.test.case=${token}\nRUN echo ${content} > /content\n` }] });
    const result = await engineKit.client.build(tar, { tags: [tag(name)], networkMode: 'none', builder: 'buildkit' });
    expect(result.error).toBeUndefined();
    made.images.push(result.imageId ?? '');
    return result.imageId ?? '';
  }

  async function createContainer(engineKit: Engine, image: string, labels: Record<string, string>, start: boolean): Promise<string> {
    const { Id } = await engineKit.client.request<{ Id: string }>('POST', '/containers/create', {
      json: { Image: image, Cmd: start ? ['sleep', '600'] : ['true'], Labels: labels, HostConfig: { NetworkMode: 'none' } },
    });
    made.containers.push(Id);
    if (start) await engineKit.client.request('POST', `/containers/${Id}/start`);
    return Id;
  }

  async function gc(engineKit: Engine, args: readonly string[]): Promise<RecordedRun> {
    return runCommand(['gc', '--runtime', engineKit.runtime, '--label', `dfkit.test.case=${token}`, ...args], { cwd: work, env: engineKit.env });
  }

  const containerExists = (engineKit: Engine, id: string): Promise<boolean> => exists(() => engineKit.client.request('GET', `/containers/${id}/json`));
  const imageExists = (engineKit: Engine, id: string): Promise<boolean> => exists(() => engineKit.client.inspectImage(id));

  beforeAll(async () => {
    const kit = setup();
    // dfkit images: one left dangling by a rebuild of its tag, one a container of someone else's uses, one old.
    const dangling = (await dfkitBuild(kit, 'moved', `first-${token}`)).imageId ?? '';
    const moved = (await dfkitBuild(kit, 'moved', `second-${token}`)).imageId ?? '';
    const kept = (await dfkitBuild(kit, 'used', `used-${token}`)).imageId ?? '';
    const old = (await dfkitBuild(kit, 'old', `old-${token}`)).imageId ?? '';
    // Not dfkit's: a tagged image and a dangling one.
    const plainDangling = await plainBuild(kit, 'plain', `plain-first-${token}`);
    const plainImage = await plainBuild(kit, 'plain', `plain-second-${token}`);
    // dfkit's containers (labelled as dfkit labels them) and one created by someone else from a dfkit image.
    const stopped = await createContainer(kit, kept, { ...caseLabel, [DFKIT_LABEL]: DFKIT_CONTAINER_VALUE }, false);
    const running = await createContainer(kit, old, { ...caseLabel, [DFKIT_LABEL]: DFKIT_CONTAINER_VALUE }, true);
    const plainContainer = await createContainer(kit, kept, caseLabel, false);
    ids = { dangling, moved, kept, old, plainImage, plainDangling, stopped, running, plainContainer };
  }, 180_000);

  afterAll(async () => {
    const kit = setup();
    for (const id of made.containers) await kit.client.request('DELETE', `/containers/${id}`, { query: new URLSearchParams({ force: '1', v: '1' }) }).catch(() => undefined);
    for (const id of [...made.images].reverse()) await kit.client.removeImage(id, { force: true }).catch(() => undefined);
  }, 120_000);

  it('--dry-run lists the leftovers and removes nothing', async () => {
    const kit = setup();
    const { code, stdout, stderr } = await gc(kit, ['--dry-run', '--format', 'json']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as GarbageReport;
    expect(report.dryRun).toBe(true);
    // Containers before images; within a kind, in the engine's order.
    expect(report.items.map((item) => item.kind)).toEqual(['container', 'container', 'image']);
    const summary = report.items.map((item) => [item.id, item.reason, item.action]);
    expect(summary).toEqual(
      expect.arrayContaining([
        [ids.stopped, 'stopped', 'would-remove'],
        [ids.running, 'running', 'kept'],
        [ids.dangling, 'dangling', 'would-remove'],
      ]),
    );
    for (const id of [ids.stopped, ids.running, ids.plainContainer]) expect(await containerExists(kit, id)).toBe(true);
    for (const id of [ids.dangling, ids.moved, ids.kept, ids.old, ids.plainImage, ids.plainDangling]) expect(await imageExists(kit, id)).toBe(true);
  });

  it('removes the stopped dfkit container and the dangling dfkit image, and nothing else', async () => {
    const kit = setup();
    const { code, stdout } = await gc(kit, []);
    expect(code).toBe(0);
    expect(stdout).toContain(`removed container ${ids.stopped.slice(0, 12)}`);
    expect(stdout).toContain('kept container');
    expect(stdout).toMatch(/2 removed, 1 kept\n$/);
    expect(await containerExists(kit, ids.stopped)).toBe(false);
    expect(await imageExists(kit, ids.dangling)).toBe(false);
    for (const id of [ids.running, ids.plainContainer]) expect(await containerExists(kit, id)).toBe(true);
    for (const id of [ids.moved, ids.kept, ids.old, ids.plainImage, ids.plainDangling]) expect(await imageExists(kit, id)).toBe(true);
  });

  it('with --force and --until also removes running dfkit containers and old dfkit images not in use', async () => {
    const kit = setup();
    const { code, stdout } = await gc(kit, ['--force', '--until', '1ms', '--format', 'json']);
    expect(code).toBe(0);
    const items = (JSON.parse(stdout) as GarbageReport).items;
    const byId = (id: string): GarbageItem | undefined => items.find((item) => item.id === id);
    expect(byId(ids.running)).toMatchObject({ reason: 'running', action: 'removed' });
    expect(byId(ids.old)).toMatchObject({ reason: 'expired', action: 'removed' });
    expect(byId(ids.moved)).toMatchObject({ reason: 'expired', action: 'removed' });
    // Someone else's container still uses this one.
    expect(byId(ids.kept)).toMatchObject({ reason: 'expired', action: 'kept' });
    expect(byId(ids.kept)?.detail).toContain(ids.plainContainer.slice(0, 12));
    expect(items).toHaveLength(4);
    expect(await containerExists(kit, ids.running)).toBe(false);
    for (const id of [ids.old, ids.moved]) expect(await imageExists(kit, id)).toBe(false);
    expect(await containerExists(kit, ids.plainContainer)).toBe(true);
    for (const id of [ids.kept, ids.plainImage, ids.plainDangling]) expect(await imageExists(kit, id)).toBe(true);
  });
}

const status = await engineAvailable();

describeWithEngine(status, 'dfkit gc (docker)', () => {
  const env = { DFKIT_CACHE_DIR: join(work, 'cache') };
  const kit: Engine = { runtime: 'docker', adapter: new DockerAdapter(engine(), env), client: engine(), env: { ...env, ...(process.env['DOCKER_HOST'] && { DOCKER_HOST: process.env['DOCKER_HOST'] }) } };
  beforeAll(async () => {
    await ensureBaseImage();
  }, 120_000);
  gcTests(() => kit);
});

const podman: PodmanService = await startOrReusePodman();

describeWithPodman(podman, 'dfkit gc (podman)', () => {
  const env = { DFKIT_CACHE_DIR: join(work, 'cache'), CONTAINER_HOST: podman.ok ? podman.host : '' };
  const adapter = createPodmanAdapter(env);
  const kit: Engine = { runtime: 'podman', adapter, client: adapter.client, env };
  beforeAll(async () => {
    await ensureBaseImageOn(adapter.client);
  }, 120_000);
  afterAll(async () => {
    if (podman.ok) await podman.stop();
  });
  gcTests(() => kit);
});
