/**
 * Image configurations asked of a registry directly (`registryImageConfig`), from an HTTP server on a free
 * loopback port that speaks the Distribution API with a Bearer challenge: a multi-platform index, a single
 * image, a missing tag, and answers no manifest can be. The server records the requests, so the test sees the
 * token asked for once and reused for the manifest and blob requests of the repository.
 */
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parsePlatform, type Platform } from '../../src/parser/index.js';
import { registryImageConfig, type RegistryImage, type RegistryImageCache } from '../../src/runtime/docker/registry-http.js';
import { RegistryError } from '../../src/runtime/docker/registry.js';
import { baseImageReferences, lint } from '../../src/lint/index.js';
import { registryImageSource, type ImageFacts } from '../../src/runtime/index.js';

const digestOf = (text: string): string => `sha256:${createHash('sha256').update(text).digest('hex')}`;
const platform = (text: string): Platform => parsePlatform(text) as Platform;

/** Blobs and manifests by digest, and tags by `repository:tag`, filled in before the server starts. */
const blobs = new Map<string, string>();
const manifests = new Map<string, { type: string; body: string }>();
const tags = new Map<string, string>();

function addImage(architecture: string, variant: string | undefined, env: string[]): { digest: string; size: number } {
  const config = JSON.stringify({ os: 'linux', architecture, ...(variant && { variant }), config: { Env: env, OnBuild: null } });
  blobs.set(digestOf(config), config);
  const manifest = JSON.stringify({
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: digestOf(config), size: config.length },
    layers: [],
  });
  manifests.set(digestOf(manifest), { type: 'application/vnd.oci.image.manifest.v1+json', body: manifest });
  return { digest: digestOf(manifest), size: manifest.length };
}

function tag(name: string, type: string, body: string): void {
  manifests.set(digestOf(body), { type, body });
  tags.set(name, digestOf(body));
}

describe('image configurations from a registry', () => {
  let server: Server;
  let host = '';
  let dir = '';
  let env: Record<string, string | undefined> = {};
  const requests: string[] = [];

  beforeAll(async () => {
    const amd = addImage('amd64', undefined, ['PATH=/bin', 'ONLY_AMD64=1']);
    const arm7 = addImage('arm', 'v7', ['ONLY_ARM_V7=1']);
    const arm64 = addImage('arm64', 'v8', ['ONLY_ARM64=1']);
    const index = (entries: Array<[{ digest: string; size: number }, Record<string, string>]>) =>
      JSON.stringify({
        schemaVersion: 2,
        mediaType: 'application/vnd.oci.image.index.v1+json',
        manifests: entries.map(([image, platformFields]) => ({ mediaType: 'application/vnd.oci.image.manifest.v1+json', ...image, platform: platformFields })),
      });
    tag(
      'app:multi',
      'application/vnd.oci.image.index.v1+json',
      index([
        [amd, { os: 'linux', architecture: 'amd64' }],
        [arm7, { os: 'linux', architecture: 'arm', variant: 'v7' }],
        [arm64, { os: 'linux', architecture: 'arm64', variant: 'v8' }],
        // An attestation manifest, as BuildKit adds them.
        [amd, { os: 'unknown', architecture: 'unknown' }],
      ]),
    );
    tag('app:single', 'application/vnd.oci.image.manifest.v1+json', (manifests.get(arm64.digest) as { body: string }).body);
    tag('app:not-json', 'application/vnd.oci.image.manifest.v1+json', 'not json');
    tag('app:huge', 'application/vnd.oci.image.manifest.v1+json', JSON.stringify({ pad: 'x'.repeat(5 * 1024 * 1024) }));

    server = createServer((request, response) => {
      const url = new URL(request.url ?? '/', `http://${host}`);
      requests.push(`${request.method} ${url.pathname}`);
      if (url.pathname === '/token') {
        response.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ token: 'good' }));
        return;
      }
      if (request.headers.authorization !== 'Bearer good') {
        response.writeHead(401, { 'WWW-Authenticate': `Bearer realm="http://${host}/token",service="test",scope="repository:app:pull"` }).end();
        return;
      }
      const manifest = /^\/v2\/app\/manifests\/(.+)$/.exec(url.pathname)?.[1];
      const blob = /^\/v2\/app\/blobs\/(.+)$/.exec(url.pathname)?.[1];
      const found = manifest !== undefined ? manifests.get(tags.get(`app:${manifest}`) ?? manifest) : undefined;
      if (found) {
        // No length: the client must bound what it reads itself.
        response.writeHead(200, { 'Content-Type': found.type, 'Docker-Content-Digest': digestOf(found.body), 'Transfer-Encoding': 'chunked' });
        response.end(request.method === 'HEAD' ? undefined : found.body);
      } else if (blob !== undefined && blobs.has(blob)) {
        response.writeHead(200, { 'Content-Type': 'application/octet-stream' }).end(blobs.get(blob));
      } else {
        response.writeHead(404).end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
    dir = await mkdtemp(join(tmpdir(), 'dfkit-image-config-'));
    await writeFile(join(dir, 'config.json'), '{}');
    env = { ...process.env, DOCKER_CONFIG: dir };
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('takes the image of the platform asked for from an index, its variant preferred, with one token', async () => {
    requests.length = 0;
    const found = await registryImageConfig(`${host}/app:multi`, platform('linux/arm64'), env);
    expect(found).toEqual({
      kind: 'image',
      config: { os: 'linux', architecture: 'arm64', variant: 'v8', config: { Env: ['ONLY_ARM64=1'], OnBuild: null } },
      platforms: ['linux/amd64', 'linux/arm/v7', 'linux/arm64'],
    });
    expect(requests.filter((request) => request === 'GET /token')).toHaveLength(1);
    expect(requests.filter((request) => request.startsWith('GET /v2/app/'))).toHaveLength(4);

    const arm = await registryImageConfig(`${host}/app:multi`, platform('linux/arm/v7'), env);
    expect(arm.kind === 'image' && arm.config.config?.Env).toEqual(['ONLY_ARM_V7=1']);
    const amd = await registryImageConfig(`${host}/app:multi`, platform('linux/x86_64'), env);
    expect(amd.kind === 'image' && amd.config.config?.Env).toEqual(['PATH=/bin', 'ONLY_AMD64=1']);
  });

  it('names the platforms an index has when it lacks the one asked for, and reads a single image whatever its platform', async () => {
    expect(await registryImageConfig(`${host}/app:multi`, platform('linux/s390x'), env)).toEqual({
      kind: 'no-platform',
      platforms: ['linux/amd64', 'linux/arm/v7', 'linux/arm64'],
    });
    const single = await registryImageConfig(`${host}/app:single`, platform('linux/amd64'), env);
    expect(single.kind === 'image' && [single.config.architecture, single.platforms]).toEqual(['arm64', null]);
    expect(await registryImageConfig(`${host}/app:missing`, platform('linux/amd64'), env)).toEqual({ kind: 'absent' });
  });

  it('with a cache, asks only for the tag\'s digest once an answer is kept, and nothing for a digest', async () => {
    const kept = new Map<string, RegistryImage>();
    const cache: RegistryImageCache = { read: (key) => kept.get(key) ?? null, write: (key, image) => void kept.set(key, image) };
    requests.length = 0;
    const first = await registryImageConfig(`${host}/app:multi`, platform('linux/arm64'), env, cache);
    expect(requests.filter((request) => request.startsWith('GET /v2/'))).toHaveLength(3);
    requests.length = 0;
    expect(await registryImageConfig(`${host}/app:multi`, platform('linux/arm64'), env, cache)).toEqual(first);
    // A HEAD answered with the challenge, the token, the HEAD again: no manifest or blob fetched.
    expect(requests).toEqual(['HEAD /v2/app/manifests/multi', 'GET /token', 'HEAD /v2/app/manifests/multi']);
    // Another platform is another answer; a reference by digest needs no HEAD once kept.
    const amd = await registryImageConfig(`${host}/app:multi`, platform('linux/amd64'), env, cache);
    expect(amd.kind === 'image' && amd.config.architecture).toBe('amd64');
    const digest = tags.get('app:multi') as string;
    requests.length = 0;
    expect(await registryImageConfig(`${host}/app@${digest}`, platform('linux/arm64'), env, cache)).toEqual(first);
    expect(requests).toEqual([]);
    // A tag the registry does not have is not kept.
    expect(await registryImageConfig(`${host}/app:missing`, platform('linux/arm64'), env, cache)).toEqual({ kind: 'absent' });
    expect([...kept.keys()].every((key) => key.startsWith('sha256:'))).toBe(true);
  });

  it('gives the linter what it needs, through the library as the README shows', async () => {
    const text = `FROM ${host}/app:multi\nENV A=$ONLY_ARM64 B=$ONLY_AMD64\n`;
    const source = registryImageSource({ env, platform: 'linux/arm64', cache: null });
    const references = baseImageReferences(text);
    expect(references).toEqual([`${host}/app:multi`]);
    const baseImages: Record<string, ImageFacts> = {};
    for (const reference of references) {
      const facts = await source.facts(reference);
      if (facts) baseImages[reference] = facts;
    }
    const findings = lint(text, { settings: { baseImages, platform: await source.platform() } }).findings.filter((f) => f.code === 'UndefinedVar');
    expect(findings.map((f) => f.message)).toEqual(["Usage of undefined variable '$ONLY_AMD64' (did you mean $ONLY_ARM64?)"]);
  });

  it('rejects answers that are no manifest, however long, with the reference in the message', async () => {
    for (const [name, why] of [
      ['not-json', 'is not JSON'],
      ['huge', 'is larger than a manifest or image configuration can be'],
    ] as const) {
      const failure = registryImageConfig(`${host}/app:${name}`, platform('linux/amd64'), env);
      await expect(failure).rejects.toBeInstanceOf(RegistryError);
      await expect(failure).rejects.toThrow(`cannot resolve ${host}/app:${name}: /manifests/${name} ${why}`);
    }
  });
});
