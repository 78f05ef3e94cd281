import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveInside, startPlaygroundServer, type PlaygroundServer } from '../../scripts/serve-playground.js';

interface RawResponse {
  readonly status: number;
  readonly contentType: string | undefined;
  readonly body: string;
}

/** A request with the path exactly as written: fetch() would normalise `..` segments away before sending. */
function rawRequest(base: string, path: string, method = 'GET'): Promise<RawResponse> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const req = request({ host: hostname, port, path, method }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, contentType: res.headers['content-type'], body: Buffer.concat(chunks).toString('utf8') }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

describe('playground server', () => {
  let bundleDir = '';
  let server: PlaygroundServer | undefined;

  beforeAll(async () => {
    // A stand-in bundle: these tests are about serving files, not building them.
    bundleDir = await mkdtemp(join(tmpdir(), 'dfkit-bundle-'));
    await writeFile(join(bundleDir, 'dfkit.js'), 'export const stub = true;\n');
    await writeFile(join(bundleDir, 'dfkit.js.map'), '{"version":3}\n');
    server = await startPlaygroundServer({ bundleDir, build: false });
  });

  afterAll(async () => {
    await server?.close();
    if (bundleDir) await rm(bundleDir, { recursive: true, force: true });
  });

  const base = (): string => server?.url ?? '';

  it('listens on loopback on the port it was given (0: any free one)', () => {
    expect(base()).toMatch(/^http:\/\/127\.0\.0\.1:[1-9]\d*\/$/);
  });

  it.each([
    ['/', 'text/html; charset=utf-8', '<title>dfkit playground</title>'],
    ['/index.html', 'text/html; charset=utf-8', '<textarea id="editor"'],
    ['/main.js', 'text/javascript; charset=utf-8', "new URL('./worker.js', import.meta.url)"],
    ['/worker.js', 'text/javascript; charset=utf-8', 'dist/browser/dfkit.js'],
    ['/style.css', 'text/css; charset=utf-8', '.editor'],
    ['/dist/browser/dfkit.js', 'text/javascript; charset=utf-8', 'export const stub'],
    ['/dist/browser/dfkit.js.map', 'application/json; charset=utf-8', '"version":3'],
    ['/main.js?cache=bust', 'text/javascript; charset=utf-8', 'import'],
  ])('serves %s as %s', async (path, type, content) => {
    const response = await rawRequest(base(), path);
    expect(response.status).toBe(200);
    expect(response.contentType).toBe(type);
    expect(response.body).toContain(content);
  });

  it.each([
    '/../package.json',
    '/../../package.json',
    '/..%2f..%2fpackage.json',
    '/%2e%2e/%2e%2e/package.json',
    '/dist/browser/../../../package.json',
    '/dist/browser/..%2f..%2f..%2fpackage.json',
    '/dist/browser/%2e%2e%5c%2e%2e%5cpackage.json',
    '/%00index.html',
    '/%E0%A4%A',
  ])('refuses %s, which would leave the served folders', async (path) => {
    const response = await rawRequest(base(), path);
    expect(response.status).toBe(403);
    expect(response.body).not.toContain('"name": "dfkit"');
  });

  it('answers 404 for a file that is not there and 405 for methods other than GET and HEAD', async () => {
    expect((await rawRequest(base(), '/no-such-file.js')).status).toBe(404);
    expect((await rawRequest(base(), '/dist/browser/missing.js')).status).toBe(404);
    expect((await rawRequest(base(), '/', 'POST')).status).toBe(405);
    const head = await rawRequest(base(), '/main.js', 'HEAD');
    expect(head.status).toBe(200);
    expect(head.body).toBe('');
  });

  it('resolves request paths only inside their root', () => {
    expect(resolveInside('/srv/root', '/a/b.js')).toBe('/srv/root/a/b.js');
    expect(resolveInside('/srv/root', '/../etc/passwd')).toBeNull();
    expect(resolveInside('/srv/root', '/a/../../root2/x')).toBeNull();
    expect(resolveInside('/srv/root', '/..hidden.js')).toBe('/srv/root/..hidden.js');
  });
});
