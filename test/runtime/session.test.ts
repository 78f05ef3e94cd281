/**
 * The pieces of a BuildKit session that do not need an engine: the gRPC server (driven by Node's HTTP/2 client
 * over loopback), the file-sync listing's order and filters, the protobuf writer, and SSH forwarding to a real
 * ssh-agent.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import http2 from 'node:http2';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readFields, decodeString } from '../../src/runtime/docker/protobuf.js';
import { ProtoWriter } from '../../src/runtime/docker/protobuf-writer.js';
import { exportHandlers } from '../../src/runtime/docker/session/file-receive.js';
import { filterEntries, orderForSync, type SyncEntry } from '../../src/runtime/docker/session/file-sync.js';
import { GrpcCode, GrpcError, serveGrpc, type GrpcHandler, type GrpcServer } from '../../src/runtime/docker/session/grpc-server.js';
import { checkSshAgents, resolveSshAgents, sshHandlers } from '../../src/runtime/docker/session/ssh.js';

function frame(message: Uint8Array): Buffer {
  const out = Buffer.alloc(5 + message.length);
  out.writeUInt32BE(message.length, 1);
  out.set(message, 5);
  return out;
}

function unframe(body: Buffer): Buffer[] {
  const messages: Buffer[] = [];
  for (let at = 0; at + 5 <= body.length; ) {
    const length = body.readUInt32BE(at + 1);
    messages.push(body.subarray(at + 5, at + 5 + length));
    at += 5 + length;
  }
  return messages;
}

describe('the session gRPC server', () => {
  const cleanup: Array<() => void> = [];
  afterEach(() => {
    for (const step of cleanup.splice(0)) step();
  });

  /** A client connected to `serveGrpc(handlers)` through a loopback TCP connection. */
  async function connect(handlers: Map<string, GrpcHandler>): Promise<{ client: http2.ClientHttp2Session; server: GrpcServer }> {
    let server: GrpcServer | null = null;
    const listener = net.createServer((socket) => (server = serveGrpc(socket, handlers)));
    await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
    const { port } = listener.address() as net.AddressInfo;
    const client = http2.connect(`http://127.0.0.1:${port}`);
    await new Promise<void>((resolve, reject) => client.once('connect', () => resolve()).once('error', reject));
    cleanup.push(() => {
      client.destroy();
      listener.close();
    });
    await new Promise((resolve) => setTimeout(resolve, 10));
    return { client, server: server as unknown as GrpcServer };
  }

  async function call(client: http2.ClientHttp2Session, path: string, messages: Uint8Array[]) {
    const stream = client.request({ ':method': 'POST', ':path': path, 'content-type': 'application/grpc', te: 'trailers', 'x-list': ['a,b', 'c'] });
    for (const message of messages) stream.write(frame(message));
    stream.end();
    const chunks: Buffer[] = [];
    let headers: http2.IncomingHttpHeaders = {};
    let trailers: http2.IncomingHttpHeaders = {};
    stream.on('response', (h) => (headers = h));
    stream.on('trailers', (t) => (trailers = t));
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    await new Promise((resolve) => stream.on('close', resolve));
    const status = trailers['grpc-status'] ?? headers['grpc-status'];
    const message = trailers['grpc-message'] ?? headers['grpc-message'];
    return { status: Number(status), message: message === undefined ? undefined : decodeURIComponent(String(message)), messages: unframe(Buffer.concat(chunks)) };
  }

  it('answers unary and streaming calls, keeps repeated metadata apart, and reports errors as statuses', async () => {
    const seen: Array<readonly string[] | undefined> = [];
    const handlers = new Map<string, GrpcHandler>([
      ['/test.Echo/Unary', async (c) => {
        seen.push(c.metadata.get('x-list'));
        let text = '';
        for await (const message of c.messages()) text += Buffer.from(message).toString();
        return Buffer.from(`echo:${text}`);
      }],
      ['/test.Echo/Stream', async (c) => {
        for await (const message of c.messages()) await c.send(Buffer.concat([Buffer.from(message), Buffer.from('!')]));
      }],
      ['/test.Echo/Missing', () => Promise.reject(new GrpcError(GrpcCode.NOT_FOUND, 'secret x not found'))],
      ['/test.Echo/Broken', () => Promise.reject(new Error('boom'))],
    ]);
    const { client } = await connect(handlers);
    const unary = await call(client, '/test.Echo/Unary', [Buffer.from('one'), Buffer.from('two')]);
    expect(unary).toEqual({ status: 0, message: undefined, messages: [Buffer.from('echo:onetwo')] });
    expect(seen).toEqual([['a,b', 'c']]);
    const streaming = await call(client, '/test.Echo/Stream', [Buffer.from('a'), Buffer.alloc(100_000, 1), Buffer.from('c')]);
    expect(streaming.status).toBe(0);
    expect(streaming.messages.map((m) => m.length)).toEqual([2, 100_001, 2]);
    expect(await call(client, '/test.Echo/Missing', [])).toMatchObject({ status: GrpcCode.NOT_FOUND, message: 'secret x not found' });
    expect(await call(client, '/test.Echo/Broken', [])).toMatchObject({ status: GrpcCode.INTERNAL, message: 'boom' });
    expect(await call(client, '/test.Nope/Nothing', [])).toMatchObject({ status: GrpcCode.UNIMPLEMENTED, message: 'unknown method /test.Nope/Nothing' });
  });

  it('resolves closed when the peer goes away, and aborts running calls', async () => {
    let aborted = false;
    let started!: () => void;
    const running = new Promise<void>((resolve) => (started = resolve));
    const handlers = new Map<string, GrpcHandler>([
      ['/test.Slow/Wait', (c) => new Promise<void>((resolve) => {
        started();
        c.signal.addEventListener('abort', () => {
          aborted = true;
          resolve();
        });
      })],
    ]);
    const { client, server } = await connect(handlers);
    client.request({ ':method': 'POST', ':path': '/test.Slow/Wait', 'content-type': 'application/grpc' }).on('error', () => undefined);
    await running;
    client.destroy();
    await server.closed;
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(aborted).toBe(true);
  });
});

describe('the file-sync listing', () => {
  const entry = (path: string, type: SyncEntry['type'] = 'file'): SyncEntry => ({ path, type, mode: 0o644, size: 1, mtimeNs: 1n });

  it('puts a directory right before its contents, names in byte order', () => {
    const paths = ['a.b', 'a', 'a/x', 'a/x/y', 'a-b', 'B', 'é', '😀', 'z', 'a/w'];
    expect(orderForSync(paths.map((path) => entry(path))).map((e) => e.path)).toEqual(['B', 'a', 'a/w', 'a/x', 'a/x/y', 'a-b', 'a.b', 'z', 'é', '😀']);
  });

  it('applies exclude and include patterns and follow paths, listing the directories above what it keeps', () => {
    const entries = [entry('src', 'dir'), entry('src/app', 'dir'), entry('src/app/main.js'), entry('src/app/main.test.js'), entry('README.md'), entry('docs', 'dir'), entry('docs/a.md'), entry('link', 'symlink'), entry('target.txt')];
    const withLink = entries.map((e) => (e.path === 'link' ? { ...e, linkTarget: 'target.txt' } : e));
    const paths = (options: Partial<Parameters<typeof filterEntries>[1]>): string[] =>
      orderForSync(filterEntries(withLink, { includePatterns: [], excludePatterns: [], followPaths: [], ...options })).map((e) => e.path);
    expect(paths({ excludePatterns: ['docs', '**/*.test.js'] })).toEqual(['README.md', 'link', 'src', 'src/app', 'src/app/main.js', 'target.txt']);
    expect(paths({ includePatterns: ['src/app/main.js'] })).toEqual(['src', 'src/app', 'src/app/main.js']);
    expect(paths({ followPaths: ['README.md', 'link', 'missing'] })).toEqual(['README.md', 'link', 'target.txt']);
    expect(paths({ followPaths: ['docs'] })).toEqual(['docs', 'docs/a.md']);
    // COPY sources arrive as follow paths, wildcards included.
    expect(paths({ followPaths: ['src/*/main*.js'], excludePatterns: ['**/*.test.js'] })).toEqual(['src', 'src/app', 'src/app/main.js']);
    // A kept file whose directory is excluded still comes with a directory entry for it.
    expect(paths({ excludePatterns: ['src', '!src/app/main.js'] })).toEqual(['README.md', 'docs', 'docs/a.md', 'link', 'src', 'src/app', 'src/app/main.js', 'target.txt']);
  });
});

describe('the protobuf writer', () => {
  it('writes what the reader reads back', () => {
    const bytes = new ProtoWriter().varint(1, 2).varint(3, 2 ** 31 + 0o755).bytes(4, 'héllo').varint(6, 1_700_000_000_123_456_789n).varint(7, -1).finish();
    const read = readFields(bytes);
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    expect(read.fields.map((f) => [f.field, f.wireType === 0 ? f.value : decodeString(f.value as Uint8Array)])).toEqual([
      [1, 2n],
      [3, BigInt(2 ** 31 + 0o755)],
      [4, 'héllo'],
      [6, 1_700_000_000_123_456_789n],
      [7, 2n ** 64n - 1n],
    ]);
  });
});

describe('the SSH forwarding service', () => {
  const cleanup: Array<() => void> = [];
  afterEach(() => {
    for (const step of cleanup.splice(0)) step();
  });

  /** A real ssh-agent holding one fresh key, stopped after the test. */
  async function startAgent(): Promise<string> {
    const dir = mkdtempSync(join(tmpdir(), 'dfkit-ssh-'));
    const socket = join(dir, 'agent.sock');
    const agent = spawn('ssh-agent', ['-D', '-a', socket], { stdio: 'ignore' });
    cleanup.push(() => {
      agent.kill();
      rmSync(dir, { recursive: true, force: true });
    });
    for (let i = 0; i < 100 && !existsSync(socket); i++) await new Promise((resolve) => setTimeout(resolve, 20));
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'dfkit-test', '-f', join(dir, 'key')]);
    execFileSync('ssh-add', ['-q', join(dir, 'key')], { env: { ...process.env, SSH_AUTH_SOCK: socket }, stdio: 'ignore' });
    return socket;
  }

  it('relays the agent protocol to the agent and answers CheckAgent for known IDs only', async () => {
    const socket = await startAgent();
    const handlers = sshHandlers(resolveSshAgents([{ id: '' }, { id: 'deploy', socket }], { SSH_AUTH_SOCK: socket }));
    const listener = net.createServer((connection) => serveGrpc(connection, handlers));
    await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
    const client = http2.connect(`http://127.0.0.1:${(listener.address() as net.AddressInfo).port}`);
    cleanup.push(() => {
      client.destroy();
      listener.close();
    });

    const check = async (id: string) => {
      const stream = client.request({ ':method': 'POST', ':path': '/moby.sshforward.v1.SSH/CheckAgent', 'content-type': 'application/grpc' });
      stream.end(frame(new ProtoWriter().bytes(1, id).finish()));
      let status = '';
      stream.on('response', (h) => (status ||= String(h['grpc-status'] ?? '')));
      stream.on('trailers', (t) => (status = String(t['grpc-status'] ?? status)));
      stream.resume();
      await new Promise((resolve) => stream.on('close', resolve));
      return Number(status);
    };
    expect(await check('')).toBe(GrpcCode.OK);
    expect(await check('deploy')).toBe(GrpcCode.OK);
    expect(await check('other')).toBe(GrpcCode.NOT_FOUND);

    // SSH_AGENTC_REQUEST_IDENTITIES (11); the answer is SSH_AGENT_IDENTITIES_ANSWER (12) listing the one key.
    const stream = client.request({ ':method': 'POST', ':path': '/moby.sshforward.v1.SSH/ForwardAgent', 'content-type': 'application/grpc', 'buildkit.ssh.id': 'deploy' });
    stream.write(frame(new ProtoWriter().bytes(1, Buffer.from([0, 0, 0, 1, 11])).finish()));
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    for (let i = 0; i < 100; i++) {
      const reply = Buffer.concat(unframe(Buffer.concat(chunks)).map((m) => {
        const read = readFields(m);
        return read.ok && read.fields[0] ? Buffer.from(read.fields[0].value as Uint8Array) : Buffer.alloc(0);
      }));
      if (reply.length >= 4 && reply.length >= 4 + reply.readUInt32BE(0)) {
        expect(reply[4]).toBe(12);
        expect(reply.readUInt32BE(5)).toBe(1);
        expect(reply.includes(Buffer.from('dfkit-test'))).toBe(true);
        break;
      }
      if (i === 99) throw new Error('the agent did not answer');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    // The build's side hangs up: the relay closes the agent connection and ends the call cleanly.
    stream.end();
    let status = '';
    stream.on('trailers', (t) => (status = String(t['grpc-status'])));
    await new Promise((resolve) => stream.on('close', resolve));
    expect(status).toBe('0');
  });

  it('refuses agents it cannot use, before any build', async () => {
    const socket = await startAgent();
    const keyFile = join(socket, '..', 'key');
    expect(await checkSshAgents([{ id: 'default', socket }], {})).toBeNull();
    expect(await checkSshAgents([{ id: '' }], { SSH_AUTH_SOCK: socket })).toBeNull();
    expect(await checkSshAgents([{ id: '' }], {})).toBe('the SSH agent default: no socket given and SSH_AUTH_SOCK is not set (start ssh-agent, or give its socket)');
    expect(await checkSshAgents([{ id: 'k', socket: keyFile }], {})).toBe(`the SSH agent k: ${keyFile} is not an agent socket (load keys into ssh-agent with ssh-add and give its socket)`);
    expect(await checkSshAgents([{ id: 'x', socket: join(socket, '..', 'nope') }], {})).toMatch(/^the SSH agent x: cannot use .*nope: ENOENT$/);
    expect(await checkSshAgents([{ id: 'a', socket }, { id: 'a', socket }], {})).toBe('the SSH agent a is given twice');
  });
});

describe('the export receiver', () => {
  it('refuses an entry that would land outside the export directory, and writes nothing there', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dfkit-export-'));
    const listener = net.createServer((connection) => serveGrpc(connection, exportHandlers({ type: 'local', directory: join(dir, 'out') }, { bytes: 0, files: 0 })));
    await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
    const client = http2.connect(`http://127.0.0.1:${(listener.address() as net.AddressInfo).port}`);
    try {
      const stream = client.request({ ':method': 'POST', ':path': '/moby.filesync.v1.FileSend/DiffCopy', 'content-type': 'application/grpc' });
      const stat = new ProtoWriter().bytes(1, '../escaped.txt').varint(2, 0o644).varint(5, 3).finish();
      stream.end(frame(new ProtoWriter().bytes(2, stat).finish()));
      let status = '';
      let message = '';
      stream.on('response', (h) => {
        status ||= String(h['grpc-status'] ?? '');
        message ||= decodeURIComponent(String(h['grpc-message'] ?? ''));
      });
      stream.on('trailers', (t) => {
        status = String(t['grpc-status'] ?? status);
        message = decodeURIComponent(String(t['grpc-message'] ?? message));
      });
      stream.resume();
      await new Promise((resolve) => stream.on('close', resolve));
      expect(Number(status)).toBe(GrpcCode.INVALID_ARGUMENT);
      expect(message).toBe('the export names a path outside its directory: ../escaped.txt');
      expect(existsSync(join(dir, 'escaped.txt'))).toBe(false);
    } finally {
      client.destroy();
      listener.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
