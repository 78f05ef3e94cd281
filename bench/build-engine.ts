/**
 * Engine-side helpers for `bench/build.ts`: the busybox base image the runtime tests use, and the BuildKit cache
 * records a run leaves behind (so that it can remove its own and nothing else).
 */
import { createHash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { lstat } from 'node:fs/promises';
import http from 'node:http';
import { createContextTar } from '../src/runtime/context-tar.js';
import { EngineError, type EngineClient } from '../src/runtime/docker/engine-client.js';
import { resolveEndpoint } from '../src/runtime/docker/engine-host.js';

/** The image `test/runtime/engine-harness.ts` builds; the same labels, so the tests keep using ours and we theirs. */
export const BASE_IMAGE = 'dfkit-test/busybox:latest';
const BUSYBOX_LABEL = 'dfkit.test.busybox';

async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/**
 * Makes sure {@link BASE_IMAGE} exists: `FROM scratch` plus the host's statically linked busybox (Debian's
 * busybox-static, or `DFKIT_BUSYBOX`), built as the test harness builds it. Nothing is pulled.
 */
export async function ensureBaseImage(client: EngineClient): Promise<string> {
  try {
    return (await client.inspectImage(BASE_IMAGE)).Id;
  } catch (error) {
    if (!(error instanceof EngineError && error.notFound)) throw error;
  }
  const busybox = process.env['DFKIT_BUSYBOX'] || ['/bin/busybox', '/usr/bin/busybox'].find((path) => existsSync(path));
  if (!busybox) throw new Error('no busybox found; install busybox-static or set DFKIT_BUSYBOX');
  const digest = await sha256File(busybox);
  const dockerfile = ['FROM scratch', 'COPY busybox /bin/busybox', 'RUN ["/bin/busybox", "--install", "-s", "/bin"]', `LABEL dfkit.test=1 ${BUSYBOX_LABEL}=${digest}`, ''].join('\n');
  const tar = createContextTar({
    entries: [{ path: 'busybox', type: 'file', mode: 0o755, size: (await lstat(busybox)).size }],
    openFile: () => createReadStream(busybox),
    extraFiles: [{ path: 'Dockerfile', content: dockerfile }],
  });
  const result = await client.build(tar, { tags: [BASE_IMAGE], networkMode: 'none', builder: 'classic' });
  if (result.error || !result.imageId) throw new Error(`could not build ${BASE_IMAGE}: ${result.error?.message ?? 'no image'}`);
  return result.imageId;
}

export interface BuildCacheRecord {
  readonly ID: string;
  readonly Description?: string;
  readonly InUse?: boolean;
  readonly CreatedAt?: string;
}

/** A JSON request to the engine at `DOCKER_HOST` (or the default socket) on its unix socket or plain TCP. */
async function engineRequest(method: string, path: string): Promise<unknown> {
  const endpoint = resolveEndpoint();
  if (endpoint.kind !== 'unix' && endpoint.tls) throw new Error('the bench talks to unix sockets and plain TCP only');
  const target = endpoint.kind === 'unix' ? { socketPath: endpoint.socketPath } : { host: endpoint.host, port: endpoint.port };
  return new Promise((resolve, reject) => {
    const request = http.request({ ...target, method, path: `/v1.41${path}` }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        if ((response.statusCode ?? 500) >= 300) reject(new Error(`${method} ${path}: ${response.statusCode} ${body}`));
        else resolve(body === '' ? null : JSON.parse(body));
      });
    });
    request.on('error', reject);
    request.end();
  });
}

/** The BuildKit cache records the engine holds now. */
export async function buildCacheRecords(): Promise<BuildCacheRecord[]> {
  const usage = (await engineRequest('GET', '/system/df?type=build-cache')) as { BuildCache?: BuildCacheRecord[] | null };
  return usage.BuildCache ?? [];
}

/** Removes the given BuildKit cache records (those in use stay); resolves to the bytes reclaimed. */
export async function pruneBuildCacheRecords(ids: readonly string[]): Promise<number> {
  let reclaimed = 0;
  // One id a request: the id filter matches a prefix, and several ids in one filter are OR-ed on some engines only.
  for (const id of ids) {
    const filters = encodeURIComponent(JSON.stringify({ id: [id] }));
    const answer = (await engineRequest('POST', `/build/prune?filters=${filters}`)) as { SpaceReclaimed?: number } | null;
    reclaimed += answer?.SpaceReclaimed ?? 0;
  }
  return reclaimed;
}
