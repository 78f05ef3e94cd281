/**
 * Shared helpers for tests that build with the real Docker engine.
 *
 * - Everything a test creates is tagged under `dfkit-test/`; the base image carries the label `dfkit.test=1`,
 *   and every image built on it inherits the label. Labels are not passed as build parameters: the classic
 *   builder turns them into an extra trailing `LABEL` step, which would skew the step lists tests compare.
 * - The base image (`dfkit-test/busybox:latest`) is `FROM scratch` plus the host's statically linked busybox;
 *   nothing is pulled. It is built once and reused while the busybox binary it was made from is unchanged.
 * - Without an engine, suites fail under CI (`CI=true`) and are skipped, with the reason in their name, elsewhere.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { lstat, readdir, readlink } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'vitest';
import { createContextTar, openFromDirectory, type InMemoryFile, type TarEntry } from '../../src/runtime/context-tar.js';
import type { BuildEvent, BuildResult } from '../../src/runtime/docker/build-progress.js';
import { EngineClient, EngineError, type BuildParams, type Builder } from '../../src/runtime/docker/engine-client.js';
import { openSessionForBuild } from '../../src/runtime/docker/session/build-session.js';

export const TEST_PREFIX = 'dfkit-test/';
export const TEST_LABEL = 'dfkit.test';
export const BASE_IMAGE = `${TEST_PREFIX}busybox:latest`;
const BUSYBOX_LABEL = 'dfkit.test.busybox';
// Debian's busybox-static installs here; DFKIT_BUSYBOX points elsewhere (it must be statically linked).
const BUSYBOX_CANDIDATES = ['/bin/busybox', '/usr/bin/busybox'];

export type EngineAvailability = { readonly ok: true; readonly apiVersion: string } | { readonly ok: false; readonly reason: string };

let client: EngineClient | null = null;
let availability: Promise<EngineAvailability> | null = null;
let baseImage: Promise<string> | null = null;
const createdTags = new Set<string>();

/** The client every test shares (from `DOCKER_HOST`, or the default socket). */
export function engine(): EngineClient {
  return (client ??= new EngineClient());
}

/** Whether an engine answers `/_ping` within a few seconds; asked once per test file. */
export function engineAvailable(): Promise<EngineAvailability> {
  return (availability ??= (async (): Promise<EngineAvailability> => {
    try {
      const ping = await engine().ping({ signal: AbortSignal.timeout(5000) });
      return { ok: true, apiVersion: ping.apiVersion };
    } catch (error) {
      const where = process.env['DOCKER_HOST'] || 'unix:///var/run/docker.sock';
      return { ok: false, reason: `${where}: ${error instanceof Error ? error.message : String(error)}` };
    }
  })());
}

/**
 * `describe` for suites that need the engine: runs `body` when one answers; otherwise fails under CI and
 * skips (saying why) elsewhere.
 */
export function describeWithEngine(status: EngineAvailability, name: string, body: () => void): void {
  if (status.ok) {
    describe(name, body);
  } else if (process.env['CI'] === 'true') {
    describe(name, () => {
      it('has a reachable Docker engine', () => {
        throw new Error(`no Docker engine (${status.reason}); CI must provide one`);
      });
    });
  } else {
    console.warn(`skipping "${name}": no Docker engine (${status.reason})`);
    describe.skip(`${name} [skipped: no Docker engine: ${status.reason}]`, body);
  }
}

/** A fresh tag under the test prefix, recorded for {@link removeCreatedImages}. */
export function testTag(name: string): string {
  const tag = `${TEST_PREFIX}${name.toLowerCase().replace(/[^a-z0-9._-]+/g, '-')}-${randomBytes(4).toString('hex')}:latest`;
  createdTags.add(tag);
  return tag;
}

/** A random token, for file contents and labels that must not hit a cache left by an earlier run. */
export function nonce(): string {
  return randomBytes(8).toString('hex');
}

function findBusybox(): string {
  const configured = process.env['DFKIT_BUSYBOX'];
  if (configured) return configured;
  const found = BUSYBOX_CANDIDATES.find((path) => existsSync(path));
  if (!found) throw new Error(`no busybox found (looked at ${BUSYBOX_CANDIDATES.join(', ')}); install busybox-static`);
  return found;
}

async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

async function buildBaseImage(client: EngineClient): Promise<string> {
  const busybox = findBusybox();
  const digest = await sha256File(busybox);
  try {
    const existing = await client.inspectImage(BASE_IMAGE);
    if (existing.Config?.Labels?.[BUSYBOX_LABEL] === digest) return existing.Id;
  } catch (error) {
    if (!(error instanceof EngineError && error.notFound)) throw error;
  }
  const { size } = await lstat(busybox);
  const dockerfile = [
    'FROM scratch',
    'COPY busybox /bin/busybox',
    'RUN ["/bin/busybox", "--install", "-s", "/bin"]',
    `LABEL ${TEST_LABEL}=1 ${BUSYBOX_LABEL}=${digest}`,
    '',
  ].join('\n');
  const tar = createContextTar({
    entries: [{ path: 'busybox', type: 'file', mode: 0o755, size }],
    openFile: () => createReadStream(busybox),
    extraFiles: [{ path: 'Dockerfile', content: dockerfile }],
  });
  const result = await client.build(tar, { tags: [BASE_IMAGE], networkMode: 'none', builder: 'classic' });
  if (result.error || !result.imageId) {
    throw new Error(`could not build ${BASE_IMAGE} from ${busybox} (it must be statically linked): ${result.error?.message ?? 'no image'}`);
  }
  return result.imageId;
}

/** Builds `dfkit-test/busybox:latest` unless an up-to-date one exists; once per test file. Resolves to its ID. */
export function ensureBaseImage(): Promise<string> {
  return (baseImage ??= buildBaseImage(engine()).catch((error: unknown) => {
    baseImage = null;
    throw error;
  }));
}

const otherBaseImages = new WeakMap<EngineClient, Promise<string>>();

/**
 * {@link ensureBaseImage} on another engine that answers the Engine API (the podman service): the same
 * `dfkit-test/busybox:latest`, built there from the same busybox unless an up-to-date one exists.
 */
export function ensureBaseImageOn(other: EngineClient): Promise<string> {
  const existing = otherBaseImages.get(other);
  if (existing) return existing;
  const building = buildBaseImage(other).catch((error: unknown) => {
    otherBaseImages.delete(other);
    throw error;
  });
  otherBaseImages.set(other, building);
  return building;
}

/** Every file, directory and symlink under `dir`, sorted by path, with nothing filtered out. */
export async function listDirectory(dir: string, prefix = ''): Promise<TarEntry[]> {
  const entries: TarEntry[] = [];
  const names = (await readdir(join(dir, prefix))).sort();
  for (const name of names) {
    const path = prefix === '' ? name : `${prefix}/${name}`;
    const stat = await lstat(join(dir, path));
    const mode = stat.mode & 0o7777;
    if (stat.isDirectory()) {
      entries.push({ path, type: 'dir', mode });
      entries.push(...(await listDirectory(dir, path)));
    } else if (stat.isFile()) {
      entries.push({ path, type: 'file', mode, size: stat.size });
    } else if (stat.isSymbolicLink()) {
      entries.push({ path, type: 'symlink', mode, linkTarget: await readlink(join(dir, path)) });
    }
  }
  return entries;
}

export interface ContextBuildOptions {
  readonly buildArgs?: Readonly<Record<string, string>>;
  readonly target?: string;
  /** Target platform (`os/arch`); default: the engine's. */
  readonly platform?: string;
  /** Default `none`. */
  readonly networkMode?: BuildParams['networkMode'];
  readonly noCache?: boolean;
  readonly buildId?: string;
  /** Default: a fresh {@link testTag}. */
  readonly tag?: string;
  /** The entries of `dir` to send (paths relative to `dir`); default: all of it, `.dockerignore` not applied. */
  readonly entries?: readonly TarEntry[];
  /** Where the Dockerfile text goes in the tar (and the `dockerfile` parameter); default `Dockerfile`. */
  readonly dockerfilePath?: string;
  /** More in-memory files for the context. */
  readonly extraFiles?: readonly InMemoryFile[];
  readonly signal?: AbortSignal;
  readonly onEvent?: (event: BuildEvent) => void;
  /** BuildKit only: secrets by ID, offered through a build session opened for the build. */
  readonly secrets?: Readonly<Record<string, string>>;
  /** BuildKit only: SSH agents' sockets by ID, offered through the same session. */
  readonly ssh?: Readonly<Record<string, string>>;
}

export interface ContextBuild extends BuildResult {
  readonly tag: string;
  readonly events: readonly BuildEvent[];
}

/**
 * Tars `dir` as it is (or the given `entries` of it) and builds it. `dockerfile` is the Dockerfile's text, placed in
 * the tar at `dockerfilePath` in place of any file there; `null` uses the Dockerfile already in `dir`.
 */
export async function buildContext(dir: string, dockerfile: string | null, builder: Builder, options: ContextBuildOptions = {}): Promise<ContextBuild> {
  const tag = options.tag ?? testTag(`ctx-${builder}`);
  createdTags.add(tag);
  const dockerfilePath = options.dockerfilePath ?? 'Dockerfile';
  const extraFiles = [...(dockerfile === null ? [] : [{ path: dockerfilePath, content: dockerfile }]), ...(options.extraFiles ?? [])];
  const tar = createContextTar({ entries: options.entries ?? (await listDirectory(dir)), openFile: openFromDirectory(dir), extraFiles });
  const events: BuildEvent[] = [];
  // Secrets and SSH agents travel through a session; each secret as an environment value only that session reads.
  const secretIds = Object.keys(options.secrets ?? {});
  const agents = new Map(Object.entries(options.ssh ?? {}));
  const opened =
    secretIds.length > 0 || agents.size > 0
      ? await openSessionForBuild({
          client: engine(),
          root: dir,
          secrets: secretIds.map((id, index) => ({ id, env: `SECRET_${index}` })),
          sshAgents: agents,
          env: Object.fromEntries(secretIds.map((id, index) => [`SECRET_${index}`, options.secrets![id]!])),
        })
      : null;
  const result = await engine().build(
    tar,
    {
      tags: [tag],
      builder,
      networkMode: options.networkMode ?? 'none',
      ...(options.dockerfilePath && { dockerfile: options.dockerfilePath }),
      ...(options.buildArgs && { buildArgs: options.buildArgs }),
      ...(options.target && { target: options.target }),
      ...(options.platform && { platform: options.platform }),
      ...(options.noCache && { noCache: true }),
      ...(options.buildId && { buildId: options.buildId }),
      ...(opened && { session: opened.session.id }),
    },
    {
      ...(options.signal && { signal: options.signal }),
      onEvent: (event) => {
        events.push(event);
        options.onEvent?.(event);
      },
    },
  ).finally(() => opened?.session.close());
  return { ...result, tag, events };
}

/** All text a build's steps printed, stdout and stderr, in order. */
export function outputOf(build: { readonly events: readonly BuildEvent[] }): string {
  return build.events.map((e) => (e.type === 'output' ? e.text : '')).join('');
}

async function removeQuietly(ref: string): Promise<void> {
  try {
    await engine().removeImage(ref, { force: true });
  } catch (error) {
    if (!(error instanceof EngineError && error.notFound)) throw error;
  }
}

/** The parts of an image's configuration a Dockerfile sets. */
export async function configOf(tag: string): Promise<Record<string, unknown>> {
  const config = (await engine().inspectImage(tag)).Config ?? {};
  const { Env, Labels, Cmd, Entrypoint, WorkingDir, User, ExposedPorts, Healthcheck, Volumes, StopSignal, Shell, OnBuild } = config;
  return { Env, Labels, Cmd, Entrypoint, WorkingDir, User, ExposedPorts, Healthcheck, Volumes, StopSignal, Shell, OnBuild };
}

/**
 * Removes the images this test file tagged (the base image stays for the next file or run), then the stale
 * leftovers of earlier runs (see {@link removeStaleTestImages}).
 */
export async function removeCreatedImages(): Promise<void> {
  const tags = [...createdTags];
  createdTags.clear();
  for (const tag of tags) await removeQuietly(tag);
  await removeStaleTestImages();
}

/**
 * Removes dangling (untagged, childless) test images older than `minAgeMs`: what failed classic builds leave
 * (the last committed step) and images whose tag moved to a newer build. Young ones stay, since a build running
 * in another test file may have just matched one in its cache; an old leaf is never such a match, because every
 * test's steps carry a fresh token.
 */
export async function removeStaleTestImages(minAgeMs = 15 * 60_000): Promise<void> {
  const cutoff = (Date.now() - minAgeMs) / 1000;
  const dangling = await engine().listImages({ label: [`${TEST_LABEL}=1`], dangling: ['true'] });
  for (const image of dangling) {
    if (image.Created > cutoff) continue;
    try {
      await engine().removeImage(image.Id);
    } catch (error) {
      // Gone already, or in use (409): either way not ours to force.
      if (!(error instanceof EngineError && (error.status === 404 || error.status === 409))) throw error;
    }
  }
}

/**
 * Removes every image labelled `dfkit.test=1`, the base image and untagged intermediate images included. Only
 * for when no test is running: it would pull images from under concurrent builds.
 */
export async function removeAllTestImages(): Promise<void> {
  const images = await engine().listImages({ label: [`${TEST_LABEL}=1`] }, { all: true });
  // Children before parents: newest first.
  for (const image of [...images].sort((a, b) => b.Created - a.Created)) await removeQuietly(image.Id);
}

/** Polls `check` until it returns true or `timeoutMs` passes; resolves to the last answer. */
export async function eventually(check: () => Promise<boolean>, timeoutMs = 15_000, intervalMs = 250): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return true;
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
