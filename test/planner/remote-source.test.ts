import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRemoteSourceFetcher, explainChanges, plan, type Plan, type PlanOptions } from '../../src/planner/index.js';
import { downloadName } from '../../src/planner/remote-source.js';

const served = new Map<string, { body: string; headers?: Record<string, string> }>();
const requests: string[] = [];
let server: Server;
let origin = '';

beforeAll(async () => {
  server = createServer((request, response) => {
    requests.push(request.url ?? '');
    const file = served.get(new URL(request.url ?? '/', 'http://localhost').pathname);
    if (!file) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': 'application/octet-stream', ...file.headers });
    response.end(file.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

const addOf = (url: string, flags = ''): string => `FROM busybox\nADD ${flags}${url} /opt/\nRUN echo after\n`;

async function planOf(text: string, options: PlanOptions = { fetchRemoteSources: true }): Promise<Plan> {
  return plan(text, { context: null, cacheDir: false, ...options });
}

async function rebuilt(before: string, after: string, options?: PlanOptions): Promise<number[]> {
  const next = await planOf(after, options);
  explainChanges(next, await planOf(before, options));
  return next.stages[0]!.steps.filter((step) => step.rebuild).map((step) => step.line);
}

describe('ADD of a URL, downloaded for the plan', () => {
  it('keys the step on the file name and content the builders download, not on the URL', async () => {
    served.set('/v1/tool.bin', { body: 'one' });
    served.set('/v2/tool.bin', { body: 'one' });
    served.set('/v2/other.bin', { body: 'one' });
    served.set('/v3/tool.bin', { body: 'two' });
    expect(await rebuilt(addOf(`${origin}/v1/tool.bin`), addOf(`${origin}/v2/tool.bin?mirror=1`))).toEqual([]);
    expect(await rebuilt(addOf(`${origin}/v1/tool.bin`), addOf(`${origin}/v2/other.bin`))).toEqual([2, 3]);
    expect(await rebuilt(addOf(`${origin}/v1/tool.bin`), addOf(`${origin}/v3/tool.bin`))).toEqual([2, 3]);
  });

  it('sees a new content behind the same URL', async () => {
    served.set('/moving/tool.bin', { body: 'one' });
    const text = addOf(`${origin}/moving/tool.bin`);
    const before = await planOf(text);
    served.set('/moving/tool.bin', { body: 'two' });
    const after = await planOf(text);
    const explanation = explainChanges(after, before);
    expect(after.stages[0]!.steps.filter((step) => step.rebuild).map((step) => step.line)).toEqual([2, 3]);
    expect(after.stages[0]!.steps[1]!.inputs.sources![0]).toMatchObject({ origin: 'url', files: 1, bytes: 3 });
    expect(explanation.stages[0]!.firstMiss).toBe(2);
    expect(after.stages[0]!.steps[1]!.reason).toBe(`the content downloaded from \`${origin}/moving/tool.bin\` changed; it is added by \`ADD ${origin}/moving/tool.bin /opt/\` on line 2`);
  });

  it('without downloading, keys the URL text and says the content is not seen', async () => {
    served.set('/quiet/tool.bin', { body: 'one' });
    const text = addOf(`${origin}/quiet/tool.bin`);
    const seen = requests.length;
    const planned = await planOf(text, {});
    expect(requests.length).toBe(seen);
    expect(planned.stages[0]!.steps[1]!.notes?.join(' ')).toMatch(/cannot see whether its content changed/);
    expect(await rebuilt(addOf(`${origin}/v1/tool.bin`), addOf(`${origin}/v2/tool.bin`), {})).toEqual([2, 3]);
  });

  it('reads nothing for a URL with a checksum or a git repository', async () => {
    const seen = requests.length;
    await planOf(addOf(`${origin}/v1/tool.bin`, `--checksum=sha256:${'0'.repeat(64)} `));
    await planOf(addOf(`${origin}/repo.git`));
    await planOf(addOf(`${origin}/repo#main`));
    expect(requests.length).toBe(seen);
  });

  it('warns about a URL it cannot read and keys it on its text', async () => {
    const missing = await planOf(addOf(`${origin}/missing.bin`));
    expect(missing.diagnostics.map((d) => [d.code, d.severity, d.message, d.range.start.line])).toEqual([
      ['remote-source-unreadable', 'warning', `could not read ${origin}/missing.bin: invalid response status 404; the step is keyed on the URL alone`, 1],
    ]);
    const closed = await new Promise<number>((resolve) => {
      const probe = createServer();
      probe.listen(0, '127.0.0.1', () => {
        const port = (probe.address() as AddressInfo).port;
        probe.close(() => resolve(port));
      });
    });
    const refused = await planOf(addOf(`http://127.0.0.1:${closed}/x.bin`));
    expect(refused.diagnostics[0]!.message).toMatch(/^could not read http:\/\/127\.0\.0\.1:\d+\/x\.bin: .*ECONNREFUSED/);
  });

  it('gives up on a server that stops sending, and waits for one that keeps sending', async () => {
    const slow = createServer((request, response) => {
      if (request.url === '/silent') return; // never answers
      response.writeHead(200);
      // Fifteen chunks 100 ms apart: longer in all than the idle limit, never idle for as long.
      let sent = 0;
      const timer = setInterval(() => {
        response.write('x');
        if (++sent === 15) {
          clearInterval(timer);
          if (request.url === '/stalls') return; // the body never ends
          response.end();
        }
      }, 100);
    });
    await new Promise<void>((resolve) => slow.listen(0, '127.0.0.1', resolve));
    try {
      const origin = `http://127.0.0.1:${(slow.address() as AddressInfo).port}`;
      // The idle limit is ten times the gap between chunks, so a loaded machine does not make the steady one stall.
      const reader = createRemoteSourceFetcher({ idleTimeoutMs: 1000 });
      expect(await reader.read(`${origin}/silent`)).toEqual({ error: 'nothing received for 1 s' });
      expect(await reader.read(`${origin}/stalls`)).toEqual({ error: 'nothing received for 1 s' });
      expect(await reader.read(`${origin}/steady`)).toMatchObject({ bytes: 15, name: 'steady' });
    } finally {
      slow.closeAllConnections();
      await new Promise((resolve) => slow.close(resolve));
    }
  });

  it('downloads each URL once per reader', async () => {
    served.set('/once/tool.bin', { body: 'one' });
    const reader = createRemoteSourceFetcher();
    const url = `${origin}/once/tool.bin`;
    const seen = requests.filter((path) => path === '/once/tool.bin').length;
    const text = `FROM busybox\nADD ${url} /a/\nADD ${url} /b/\n`;
    await planOf(text, { remoteSources: reader });
    await planOf(text, { remoteSources: reader });
    expect(requests.filter((path) => path === '/once/tool.bin').length - seen).toBe(1);
  });
});

describe('downloadName', () => {
  it('is the last element of the decoded path, or the Content-Disposition file name', () => {
    expect(downloadName(new URL('https://example.com/a/tool.tar.gz?v=2#x'), null)).toBe('tool.tar.gz');
    expect(downloadName(new URL('https://example.com/a/dir/'), null)).toBe('dir');
    expect(downloadName(new URL('https://example.com/a/my%20tool'), null)).toBe('my tool');
    expect(downloadName(new URL('https://example.com/'), 'attachment; filename="pkg.zip"')).toBe('pkg.zip');
    expect(downloadName(new URL('https://example.com/'), 'attachment; filename=pkg.zip; size=3')).toBe('pkg.zip');
    expect(downloadName(new URL('https://example.com/'), null)).toBe('');
  });
});
