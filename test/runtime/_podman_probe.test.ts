import { randomBytes } from 'node:crypto';
import { copyFile, mkdir, mkdtemp, rm, writeFile, chmod, symlink, unlink } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, it } from 'vitest';
import { createPodmanAdapter, type PodmanAdapter } from '../../src/runtime/podman/adapter.js';
import { startOrReusePodman } from './podman-harness.js';

const service = await startOrReusePodman();
const BUSYBOX = ['/bin/busybox', '/usr/bin/busybox'].find((path) => existsSync(path))!;
const nonce = (): string => randomBytes(8).toString('hex');

type Files = Record<string, string | { symlink: string }>;
interface Probe { name: string; files?: Files; before: string; after?: string; mutate?: (dir: string) => Promise<void> }
const B = (t: string) => `FROM {{base}}\nRUN echo ${t} > /nonce\n`;
const APP: Files = { 'app.txt': 'hello\n', 'src/main.txt': 'main\n', 'src/sub/lib.txt': 'lib\n' };
const PW = 'RUN mkdir -p /etc && echo root:x:0:0::/:/bin/sh > /etc/passwd && echo u1:x:1:5::/:/bin/sh >> /etc/passwd && echo root:x:0: > /etc/group && echo g5:x:5: >> /etc/group\n';
const MOUNTED: Files = { 'data/a.txt': 'a\n', 'data/b.txt': 'b\n', 'other.txt': 'o\n' };
const served = new Map<string, string>();
const { createServer } = await import('node:http');
const server = createServer((q, r) => { const b = served.get(new URL(q.url ?? '/', 'http://x').pathname); if (b === undefined) { r.writeHead(404).end(); return; } r.writeHead(200, { 'last-modified': 'Mon, 03 Feb 2020 10:00:00 GMT' }); r.end(b); });
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const O = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
served.set('/a/t.txt', 'one\n'); served.set('/b/t.txt', 'one\n'); served.set('/b/u.txt', 'one\n'); served.set('/c/t.txt', 'one\n');
const probes: Probe[] = [
  { name: 'url same', before: `ADD ${O}/a/t.txt /d/t.txt\nRUN true\n`, after: `ADD ${O}/a/t.txt /d/t.txt\nRUN true\n` },
  { name: 'url other dir same content', before: `ADD ${O}/a/t.txt /d/t.txt\nRUN true\n`, after: `ADD ${O}/b/t.txt /d/t.txt\nRUN true\n` },
  { name: 'url other name same content', before: `ADD ${O}/a/t.txt /d/t.txt\nRUN true\n`, after: `ADD ${O}/b/u.txt /d/t.txt\nRUN true\n` },
  { name: 'url content changes', before: `ADD ${O}/c/t.txt /d/t.txt\nRUN true\n`, mutate: async () => { served.set('/c/t.txt', 'two\n'); } },
];

let podman: PodmanAdapter;
let base = '';
const dirs: string[] = [];
beforeAll(async () => {
  if (!service.ok) throw new Error(service.reason);
  const cache = await mkdtemp(join(tmpdir(), 'dfkit-pp-')); dirs.push(cache);
  podman = createPodmanAdapter({ CONTAINER_HOST: service.host, DFKIT_CACHE_DIR: cache });
  const dir = await mkdtemp(join(tmpdir(), 'dfkit-pp-')); dirs.push(dir);
  await writeFile(join(dir, 'Dockerfile'), 'FROM scratch\nCOPY busybox /bin/busybox\nRUN ["/bin/busybox", "--install", "-s", "/bin"]\n');
  await copyFile(BUSYBOX, join(dir, 'busybox'));
  base = `dfkit-test/pp-base-${nonce()}:latest`;
  const out = await podman.build({ context: dir, tags: [base], network: 'none' });
  if (out.error) throw new Error(out.error.message);
}, 120_000);
afterAll(async () => { for (const d of dirs) await rm(d, { recursive: true, force: true }); if (service.ok) await service.stop(); });

it('probe', async () => {
  for (const p of probes) {
    const t = nonce();
    const fill = (text: string) => (text.startsWith('FROM') ? text : B(t) + text).replaceAll('{{base}}', base).replaceAll('{{nonce}}', t);
    const dir = await mkdtemp(join(tmpdir(), 'dfkit-pp-')); dirs.push(dir);
    for (const [path, spec] of Object.entries(p.files ?? {})) {
      await mkdir(dirname(join(dir, path)), { recursive: true });
      if (typeof spec === 'string') await writeFile(join(dir, path), spec); else await symlink(spec.symlink, join(dir, path));
    }
    await writeFile(join(dir, 'Dockerfile'), fill(p.before));
    const first = await podman.build({ context: dir, tags: [`dfkit-test/pp-${t}:1`], network: 'none' });
    if (first.error) { console.log(`[${p.name}] FIRST FAIL ${first.error.message}`); continue; }
    await p.mutate?.(dir);
    if (p.after) await writeFile(join(dir, 'Dockerfile'), fill(p.after));
    const second = await podman.build({ context: dir, tags: [`dfkit-test/pp-${t}:2`], network: 'none' });
    if (second.error) { console.log(`[${p.name}] SECOND FAIL ${second.error.message}`); continue; }
    const engine = second.steps.filter((s) => s.line !== undefined && !/^\S*:?\s*FROM\b/i.test(s.name.replace(/^.*?: /, ''))).map((s) => `${s.line}:${s.cached ? 'hit' : 'miss'}`).join(' ');
    console.log(`[${p.name}] ${JSON.stringify(second.mismatches)} engine ${engine}`);
  }
}, 900_000);
