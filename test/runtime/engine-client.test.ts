/**
 * The Engine API client: where it connects, version negotiation, error values and the streamed build request —
 * against a stand-in engine on a unix socket (no Docker needed) and against the real engine.
 */
import http from 'node:http';
import net from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createContextTar } from '../../src/runtime/context-tar.js';
import { EngineClient, EngineError, MAX_API_VERSION, PING_TIMEOUT_MS } from '../../src/runtime/docker/engine-client.js';
import { EngineHostError, resolveEndpoint } from '../../src/runtime/docker/engine-host.js';
import { BASE_IMAGE, TEST_LABEL, describeWithEngine, engine, engineAvailable, ensureBaseImage } from './engine-harness.js';

const status = await engineAvailable();

describe('resolveEndpoint', () => {
  it.each([
    [{}, { kind: 'unix', socketPath: '/var/run/docker.sock' }],
    [{ DOCKER_HOST: 'unix:///run/user/1000/docker.sock' }, { kind: 'unix', socketPath: '/run/user/1000/docker.sock' }],
    [{ DOCKER_HOST: 'tcp://engine.example:2375' }, { kind: 'tcp', host: 'engine.example', port: 2375, tls: null }],
    [{ DOCKER_HOST: 'tcp://engine.example' }, { kind: 'tcp', host: 'engine.example', port: 2375, tls: null }],
    [{ DOCKER_HOST: 'tcp://[::1]:2380' }, { kind: 'tcp', host: '::1', port: 2380, tls: null }],
    [
      { DOCKER_HOST: 'tcp://engine.example', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: '/nonexistent' },
      { kind: 'tcp', host: 'engine.example', port: 2376, tls: { verify: true } },
    ],
    [
      { DOCKER_HOST: 'tcp://engine.example:3000', DOCKER_TLS: '1', DOCKER_CERT_PATH: '/nonexistent' },
      { kind: 'tcp', host: 'engine.example', port: 3000, tls: { verify: false } },
    ],
  ])('%j', (env, expected) => {
    expect(resolveEndpoint(undefined, env)).toEqual(expected);
  });

  it.each(['ssh://user@engine.example', 'npipe:////./pipe/docker_engine', 'unix://', 'engine.example:2375'])('rejects %s', (host) => {
    expect(() => resolveEndpoint(host, {})).toThrow(EngineHostError);
  });
});

/** A stand-in engine on a unix socket: answers from a handler the test sets. */
describe('EngineClient against a stand-in engine', () => {
  let dir = '';
  let socketPath = '';
  let server: http.Server;
  let handler: (req: http.IncomingMessage, res: http.ServerResponse, body: Buffer) => void = (_req, res) => res.end();
  const seen: string[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'dfkit-engine-'));
    socketPath = join(dir, 'engine.sock');
    server = http.createServer((req, res) => {
      seen.push(`${req.method} ${req.url}`);
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => handler(req, res, Buffer.concat(chunks)));
    });
    await new Promise<void>((resolve) => server.listen(socketPath, resolve));
  });

  afterEach(() => {
    seen.length = 0;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await rm(dir, { recursive: true, force: true });
  });

  const pingThen = (apiVersion: string, next: typeof handler): typeof handler => (req, res, body) => {
    if (req.url === '/_ping') {
      res.writeHead(200, { 'Api-Version': apiVersion, 'Builder-Version': '2', OSType: 'linux' });
      res.end('OK');
    } else next(req, res, body);
  };

  it.each([
    ['1.43', MAX_API_VERSION],
    ['1.40', '1.40'],
  ])('negotiates the API version with an engine announcing %s', async (announced, used) => {
    handler = pingThen(announced, (_req, res) => res.end('{"Version":"x","ApiVersion":"y","Os":"linux","Arch":"amd64"}'));
    const client = new EngineClient({ host: `unix://${socketPath}`, env: {} });
    expect(await client.ping()).toEqual({ apiVersion: announced, osType: 'linux', builderVersion: '2', experimental: false });
    await client.version();
    await client.version();
    expect(seen).toEqual(['GET /_ping', 'GET /_ping', `GET /v${used}/version`, `GET /v${used}/version`]);
  });

  it('uses a fixed API version without asking', async () => {
    handler = (_req, res) => res.end('[]');
    const client = new EngineClient({ host: `unix://${socketPath}`, env: { DOCKER_API_VERSION: '1.39' } });
    await client.listImages({ label: ['a=b'] });
    expect(seen).toEqual([`GET /v1.39/images/json?filters=${encodeURIComponent('{"label":["a=b"]}')}`]);
  });

  it('turns an engine error into an EngineError with status and message', async () => {
    handler = pingThen('1.41', (_req, res) => {
      res.writeHead(404, { 'Content-Type': 'application/json' });
      res.end('{"message":"No such image: nope:latest"}');
    });
    const client = new EngineClient({ host: `unix://${socketPath}`, env: {} });
    const error = await client.inspectImage('dfkit-test/nope:1').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EngineError);
    expect(error).toMatchObject({ status: 404, engineMessage: 'No such image: nope:latest', notFound: true });
    expect(seen[1]).toBe('GET /v1.41/images/dfkit-test%2Fnope%3A1/json');
  });

  it('streams a build, decoding lines split anywhere (even inside a character)', async () => {
    const body = Buffer.from(
      [
        '{"stream":"Step 1/2 : FROM base"}',
        '{"stream":"\\n"}',
        '{"stream":" ---\\u003e 3b26b0e1e461\\n"}',
        '{"stream":"Step 2/2 : RUN echo grüße"}',
        '{"stream":"\\n"}',
        '{"stream":"grüße\\n"}',
        '{"aux":{"ID":"sha256:62a5"}}',
        '',
      ].join('\r\n'),
    );
    let query = '';
    let received = '';
    handler = pingThen('1.41', (req, res, upload) => {
      query = req.url ?? '';
      received = upload.toString('latin1');
      res.writeHead(200, { 'Content-Type': 'application/json' });
      // One byte at a time, so that lines and the two-byte "ü" arrive split.
      let i = 0;
      const next = (): void => {
        if (i >= body.length) {
          res.end();
          return;
        }
        res.write(body.subarray(i, i + 1));
        i++;
        setImmediate(next);
      };
      next();
    });
    const client = new EngineClient({ host: `unix://${socketPath}`, env: {} });
    const tar = createContextTar({ entries: [], openFile: () => Readable.from([]), extraFiles: [{ path: 'Dockerfile', content: 'FROM base\n' }] });
    const events: string[] = [];
    const result = await client.build(
      tar,
      { tags: ['a:1', 'b:2'], builder: 'classic', networkMode: 'none', buildArgs: { FOO: 'bar' }, target: 't', noCache: true },
      { onEvent: (e) => events.push(e.type) },
    );
    expect(result).toEqual({
      imageId: 'sha256:62a5',
      steps: [
        { name: 'Step 1/2 : FROM base', instruction: 'FROM base', index: 1, total: 2, cached: false },
        { name: 'Step 2/2 : RUN echo grüße', instruction: 'RUN echo grüße', index: 2, total: 2, cached: false },
      ],
    });
    expect(events).toEqual(['step', 'step', 'output', 'image']);
    const params = new URL(`http://engine${query}`).searchParams;
    expect(params.getAll('t')).toEqual(['a:1', 'b:2']);
    expect(Object.fromEntries([...params].filter(([k]) => k !== 't'))).toEqual({
      target: 't',
      buildargs: '{"FOO":"bar"}',
      networkmode: 'none',
      nocache: '1',
      version: '1',
      rm: '1',
      forcerm: '1',
    });
    expect(received.slice(0, 10)).toBe('Dockerfile');
  });

  it('returns a build refused before streaming as an error value with the HTTP status', async () => {
    handler = pingThen('1.41', (_req, res) => {
      res.writeHead(500, { 'Content-Type': 'application/json' });
      res.end('{"message":"Cannot locate specified Dockerfile: Dockerfile"}');
    });
    const client = new EngineClient({ host: `unix://${socketPath}`, env: {} });
    const tar = createContextTar({ entries: [], openFile: () => Readable.from([]), extraFiles: [{ path: 'x', content: 'x' }] });
    const result = await client.build(tar, { builder: 'buildkit', networkMode: 'host', buildId: 'b1' });
    expect(result).toEqual({ imageId: null, steps: [], error: { message: 'Cannot locate specified Dockerfile: Dockerfile', status: 500 } });
    expect(seen[1]).toMatch(/[?&]version=2&buildid=b1$/);
  });

  it('rejects a build whose context stream fails', async () => {
    handler = pingThen('1.41', (_req, res) => res.end());
    const client = new EngineClient({ host: `unix://${socketPath}`, env: {} });
    const broken = new Readable({
      read() {
        this.destroy(new Error('disk on fire'));
      },
    });
    await expect(client.build(broken, { builder: 'classic', networkMode: 'none' })).rejects.toThrow('disk on fire');
  });

  it('rejects a build whose stream the engine cuts off', async () => {
    handler = pingThen('1.41', (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.write('{"stream":"Step 1/2 : FROM base"}\n');
      setTimeout(() => res.destroy(), 20);
    });
    const client = new EngineClient({ host: `unix://${socketPath}`, env: {} });
    const tar = createContextTar({ entries: [], openFile: () => Readable.from([]), extraFiles: [{ path: 'Dockerfile', content: 'FROM base\n' }] });
    const error = await client.build(tar, { builder: 'classic', networkMode: 'none' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EngineError);
    expect(error).toMatchObject({ status: null });
  });

  it('rejects with the transport error when nothing listens', async () => {
    const client = new EngineClient({ host: `unix://${join(dir, 'nothing.sock')}`, env: {} });
    const error = await client.ping().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EngineError);
    expect(error).toMatchObject({ status: null });
    expect((error as EngineError).engineMessage).toMatch(/ENOENT|ECONNREFUSED/);
  });

  it('takes a web server at the address for no engine, and says so', async () => {
    const web = http.createServer((_req, res) => {
      res.writeHead(404, { 'Content-Type': 'text/html' });
      res.end('<!DOCTYPE HTML><html><body>Not found</body></html>');
    });
    await new Promise<void>((resolve) => web.listen(0, '127.0.0.1', resolve));
    const { port } = web.address() as { port: number };
    try {
      const error = await new EngineClient({ host: `tcp://127.0.0.1:${port}`, env: {} }).ping().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(EngineError);
      expect(error).toMatchObject({ status: null, engineMessage: 'answered /_ping with status 404: not a Docker engine' });
    } finally {
      await new Promise((resolve) => web.close(resolve));
    }
  });

  it(
    'stops waiting for a listener that never answers',
    async () => {
      const sockets: net.Socket[] = [];
      const silent = net.createServer((socket) => sockets.push(socket)); // accepts, never answers
      await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
      const { port } = silent.address() as { port: number };
      try {
        const started = Date.now();
        const error = await new EngineClient({ host: `tcp://127.0.0.1:${port}`, env: {} }).ping().catch((e: unknown) => e);
        expect(error).toMatchObject({ status: null, engineMessage: expect.stringContaining('no answer to /_ping') as unknown });
        expect(Date.now() - started).toBeGreaterThanOrEqual(PING_TIMEOUT_MS - 100);
      } finally {
        silent.close();
        for (const socket of sockets) socket.destroy();
      }
    },
    PING_TIMEOUT_MS + 10_000,
  );

  it('speaks plain HTTP over TCP', async () => {
    const tcp = http.createServer((req, res) => {
      res.writeHead(200, { 'Api-Version': '1.41' });
      res.end(req.url === '/_ping' ? 'OK' : '{"Version":"tcp","ApiVersion":"1.41","Os":"linux","Arch":"amd64"}');
    });
    await new Promise<void>((resolve) => tcp.listen(0, '127.0.0.1', resolve));
    const { port } = tcp.address() as { port: number };
    try {
      const client = new EngineClient({ host: `tcp://127.0.0.1:${port}`, env: {} });
      expect((await client.version()).Version).toBe('tcp');
    } finally {
      await new Promise((resolve) => tcp.close(resolve));
    }
  });
});

describeWithEngine(status, 'EngineClient against the Docker engine', () => {
  beforeAll(async () => {
    await ensureBaseImage();
  });

  it('pings and negotiates a version no newer than it speaks', async () => {
    const ping = await engine().ping();
    expect(ping.apiVersion).toMatch(/^1\.\d+$/);
    const used = await engine().apiVersion();
    expect([used, MAX_API_VERSION].sort((a, b) => Number(a.split('.')[1]) - Number(b.split('.')[1]))[0]).toBe(used);
    const version = await engine().version();
    expect(version.ApiVersion).toBe(ping.apiVersion);
    expect(version.Os).toBe('linux');
  });

  it('inspects and lists the base image by its label', async () => {
    const image = await engine().inspectImage(BASE_IMAGE);
    expect(image.Config?.Labels?.[TEST_LABEL]).toBe('1');
    const listed = await engine().listImages({ label: [`${TEST_LABEL}=1`], reference: [BASE_IMAGE] });
    expect(listed.map((i) => i.Id)).toContain(image.Id);
  });

  it('reports a missing image as a 404 EngineError', async () => {
    const inspect = await engine().inspectImage('dfkit-test/no-such-image:never').catch((e: unknown) => e);
    expect(inspect).toMatchObject({ status: 404, notFound: true });
    expect((inspect as EngineError).engineMessage).toMatch(/No such image/i);
    const remove = await engine().removeImage('dfkit-test/no-such-image:never', { force: true }).catch((e: unknown) => e);
    expect(remove).toMatchObject({ status: 404 });
  });
});
