/**
 * Serves the browser playground (`examples/playground/`) and the browser bundle on loopback, after building
 * the bundle so the page never runs a stale one.
 *
 *   npx tsx scripts/serve-playground.ts [port]     (or PORT=8080; 0, the default, picks a free port)
 *
 * `/` is the playground folder and `/dist/browser/` the bundle, the same layout as the repository, so the
 * page's relative import of `../../dist/browser/dfkit.js` works here and under any static server pointed at
 * the repository root. Also used in-process by the browser test (`startPlaygroundServer`).
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, isAbsolute, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'tsup';
import { browserBundle } from '../tsup.config.js';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));

export const PLAYGROUND_DIR = resolve(repoRoot, 'examples/playground');
export const DEFAULT_BUNDLE_DIR = resolve(repoRoot, browserBundle.outDir ?? 'dist/browser');
const BUNDLE_PREFIX = '/dist/browser/';

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
};

/**
 * Builds the browser bundle with the settings in `tsup.config.ts` into `outDir`. Type declarations are left
 * out: a page does not need them, and generating them takes longer than the bundle itself.
 */
export async function buildBrowserBundle(outDir: string = DEFAULT_BUNDLE_DIR): Promise<void> {
  const entry = Object.fromEntries(
    Object.entries(browserBundle.entry ?? {}).map(([name, path]) => [name, resolve(repoRoot, String(path))]),
  );
  await build({ ...browserBundle, entry, outDir, dts: false, silent: true, config: false });
}

export interface PlaygroundServerOptions {
  /** 0 (the default) picks a free port. */
  readonly port?: number;
  /** Where the bundle is (and is built to); `dist/browser` by default. */
  readonly bundleDir?: string;
  /** Build the bundle before serving; default `true`. */
  readonly build?: boolean;
}

export interface PlaygroundServer {
  /** `http://127.0.0.1:<port>/` */
  readonly url: string;
  close(): Promise<void>;
}

/** The file a request path names under `root`, or `null` when it would leave `root`. */
export function resolveInside(root: string, requestPath: string): string | null {
  if (requestPath.includes('\0')) return null;
  const file = resolve(root, `.${requestPath.startsWith('/') ? '' : '/'}${requestPath}`);
  const inside = relative(root, file);
  if (inside === '..' || inside.startsWith(`..${sep}`) || isAbsolute(inside)) return null;
  return file;
}

/** Maps a URL path to a file: the bundle under `/dist/browser/`, the playground everywhere else. */
function fileFor(pathname: string, bundleDir: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  // Checked after decoding, so `%2e%2e%2f` cannot smuggle a `../` past the check.
  if (decoded.split(/[\\/]/).includes('..')) return null;
  if (decoded.startsWith(BUNDLE_PREFIX)) return resolveInside(bundleDir, decoded.slice(BUNDLE_PREFIX.length - 1));
  return resolveInside(PLAYGROUND_DIR, decoded.endsWith('/') ? `${decoded}index.html` : decoded);
}

function send(response: ServerResponse, status: number, message: string): void {
  response.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'content-length': Buffer.byteLength(message) });
  response.end(message);
}

async function handle(request: IncomingMessage, response: ServerResponse, bundleDir: string): Promise<void> {
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.setHeader('allow', 'GET, HEAD');
    send(response, 405, 'method not allowed\n');
    return;
  }
  // The path as sent, not as a URL parser would normalise it: a request that tries to climb out with `..`
  // (plain or percent-encoded) is refused rather than quietly folded into some other file.
  const target = request.url ?? '/';
  if (!target.startsWith('/')) {
    send(response, 400, 'bad request\n'); // absolute-form targets are for proxies, which this is not
    return;
  }
  const file = fileFor(target.split(/[?#]/, 1)[0] ?? '/', bundleDir);
  if (file === null) {
    send(response, 403, 'forbidden\n');
    return;
  }
  const info = await stat(file).catch(() => null);
  if (!info?.isFile()) {
    send(response, 404, 'not found\n');
    return;
  }
  response.writeHead(200, {
    'content-type': CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
    'content-length': info.size,
    // The bundle is rebuilt on every start; a cached copy would hide the change.
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  });
  if (request.method === 'HEAD') {
    response.end();
    return;
  }
  createReadStream(file)
    .on('error', () => response.destroy())
    .pipe(response);
}

/** Builds the bundle (unless told not to) and serves the playground on 127.0.0.1. */
export async function startPlaygroundServer(options: PlaygroundServerOptions = {}): Promise<PlaygroundServer> {
  const bundleDir = resolve(options.bundleDir ?? DEFAULT_BUNDLE_DIR);
  if (options.build ?? true) await buildBrowserBundle(bundleDir);
  const server: Server = createServer((request, response) => {
    handle(request, response, bundleDir).catch(() => {
      if (!response.headersSent) send(response, 500, 'internal error\n');
      else response.destroy();
    });
  });
  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolveListen();
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () =>
      new Promise<void>((resolveClose, reject) => {
        // Browsers keep connections alive; without this, close() would wait for them to time out.
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolveClose()));
      }),
  };
}

function portFrom(value: string | undefined): number {
  if (value === undefined || value === '') return 0;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`not a port: ${value}`);
  return port;
}

async function main(): Promise<void> {
  const port = portFrom(process.argv[2] ?? process.env['PORT']);
  const server = await startPlaygroundServer({ port });
  process.stdout.write(`dfkit playground: ${server.url}\n`);
  const stop = (): void => {
    server.close().finally(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

// Run as a script, not when imported by the test.
const invokedPath = process.argv[1];
if (invokedPath && resolve(invokedPath) === fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
