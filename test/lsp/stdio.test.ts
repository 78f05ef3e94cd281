/**
 * `dfkit lsp --stdio` as a child process fed raw bytes: broken messages on standard input, and how the
 * process ends.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StreamMessageReader, type Message, type ResponseMessage } from 'vscode-languageserver-protocol/node';
import { spawnServer, type ServerProcess } from './server-process.js';

const home = mkdtempSync(join(tmpdir(), 'dfkit-lsp-stdio-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));

const running: ServerProcess[] = [];
afterAll(() => {
  for (const server of running.splice(0)) if (server.child.exitCode === null) server.child.kill('SIGKILL');
});

/** A server, the responses it writes (read with the protocol library's reader), and a way to write raw bytes. */
function start() {
  const server = spawnServer(home);
  running.push(server);
  const responses: ResponseMessage[] = [];
  const waiters: Array<() => void> = [];
  new StreamMessageReader(server.child.stdout).listen((message: Message) => {
    if ('id' in message && !('method' in message)) responses.push(message as ResponseMessage);
    for (const wake of waiters.splice(0)) wake();
  });
  const write = (bytes: string | Buffer): void => void server.child.stdin.write(bytes);
  /** Resolves with the response to request `id` (`null`: a response no request can claim). */
  const response = async (id: number | null, timeoutMs = 30_000): Promise<ResponseMessage> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = responses.find((candidate) => candidate.id === id);
      if (found) {
        responses.splice(responses.indexOf(found), 1);
        return found;
      }
      if (Date.now() > deadline) throw new Error(`no response ${id}; stderr: ${server.stderr()}`);
      await new Promise<void>((resolve) => {
        waiters.push(resolve);
        setTimeout(resolve, 200);
      });
    }
  };
  return { server, responses, write, response };
}

const frame = (body: string): string => `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
const requestBody = (id: number, method: string, params?: unknown): string => JSON.stringify({ jsonrpc: '2.0', id, method, ...(params === undefined ? {} : { params }) });
/** A request the server answers whatever its state before shutdown: the symbols of a document that is not open. */
const symbols = (id: number): string => frame(requestBody(id, 'textDocument/documentSymbol', { textDocument: { uri: 'untitled:none' } }));
const initialize = (id: number): string => frame(requestBody(id, 'initialize', { processId: null, rootUri: null, capabilities: {} }));

describe('dfkit lsp --stdio with broken messages', () => {
  // One server for these tests: each shows it reads on after the broken bytes it was sent.
  let session: ReturnType<typeof start>;
  let logged = 0;
  /** What the server wrote to standard error since the last call. */
  const newStderr = (): string => {
    const all = session.server.stderr();
    const fresh = all.slice(logged);
    logged = all.length;
    return fresh;
  };
  const lost = requestBody(10, 'textDocument/documentSymbol', { textDocument: { uri: 'untitled:lost' } });

  beforeAll(async () => {
    session = start();
    session.write(initialize(1));
    expect((await session.response(1)).result).toBeDefined();
  });
  afterAll(() => {
    expect(session.responses.filter((response) => response.id === 10)).toEqual([]);
  });

  it('answers a body that is not JSON with a Parse error and reads the next message', async () => {
    const { write, response } = session;
    write(frame('{"jsonrpc": "2.0", "id": 10, "method": '));
    write(symbols(2));
    expect((await response(null)).error).toMatchObject({ code: -32700 });
    expect((await response(2)).result).toEqual([]);
    expect(newStderr()).toMatch(/^dfkit lsp: a message body is not JSON \(.*\); the message is dropped\n$/);
  });

  it('skips a header it cannot use to the next Content-Length header, telling standard error once each time', async () => {
    const { write, response, responses } = session;
    const broken = [
      `Content-Length: abc\r\n\r\n${lost}`,
      `Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n${lost}`,
      // No header at all, and a header with bare line feeds.
      lost,
      `Content-Length: ${lost.length}\n\n${lost}`,
      `Content-Length: 99999999999\r\n\r\n${lost}`,
    ];
    for (const [index, bytes] of broken.entries()) {
      write(bytes);
      write(symbols(3 + index));
      expect((await response(3 + index)).result).toEqual([]);
    }
    expect(responses.filter((r) => r.id === null)).toEqual([]);
    const lines = newStderr().trimEnd().split('\n');
    expect(lines).toHaveLength(broken.length);
    expect(lines.every((line) => line.startsWith('dfkit lsp: ') && line.endsWith(': skipping to the next Content-Length header'))).toBe(true);
    expect(lines[0]).toContain('Content-Length "abc" is not a byte count');
    expect(lines[1]).toContain('a message header without Content-Length');
  });

  it('drops a message whose Content-Length runs past it, without swallowing the next one', async () => {
    const { write, response } = session;
    write(`Content-Length: ${lost.length + 5000}\r\n\r\n${lost}`);
    write(symbols(20));
    expect((await response(null)).error).toMatchObject({ code: -32700 });
    expect((await response(20)).result).toEqual([]);
    expect(newStderr()).toContain(`a message declared ${lost.length + 5000} bytes, but the next message's header follows ${lost.length} bytes of JSON`);

    // A few bytes too many, the next message arriving with it: those bytes are the start of its header.
    write(`Content-Length: ${lost.length + 3}\r\n\r\n${lost}${symbols(21)}`);
    expect((await response(null)).error).toMatchObject({ code: -32700 });
    expect((await response(21)).result).toEqual([]);

    // Shorter than its body: the first bytes are not JSON, and the rest is skipped as a broken header.
    write(`Content-Length: 20\r\n\r\n${lost}`);
    write(symbols(22));
    expect((await response(null)).error).toMatchObject({ code: -32700 });
    expect((await response(22)).result).toEqual([]);
    expect(newStderr().trimEnd().split('\n')).toHaveLength(3);
  });

  it('counts Content-Length in bytes of UTF-8', async () => {
    const { write, response } = session;
    write(frame(requestBody(30, 'textDocument/documentSymbol', { textDocument: { uri: 'untitled:éditeur ✓ 🐳' } })));
    expect((await response(30)).result).toEqual([]);
    expect(newStderr()).toBe('');
  });
});

describe('dfkit lsp --stdio initialize', () => {
  it('answers an initialize whose params the protocol library cannot read with InvalidParams, and serves a correct one after it', async () => {
    const { write, response, server } = start();
    write(frame(requestBody(1, 'initialize', null)));
    expect((await response(1)).error).toEqual({ code: -32602, message: 'initialize: params must be an object, got null', data: { retry: false } });
    write(frame(requestBody(2, 'initialize', { processId: null, rootUri: null })));
    expect((await response(2)).error).toEqual({ code: -32602, message: 'initialize: capabilities is missing', data: { retry: false } });
    write(initialize(3));
    expect((await response(3)).result).toMatchObject({ serverInfo: { name: 'dfkit' } });
    write(frame(requestBody(4, 'shutdown')));
    expect(await response(4)).toMatchObject({ result: null });
    write(frame(JSON.stringify({ jsonrpc: '2.0', method: 'exit' })));
    expect(await server.exited).toBe(0);
    expect(server.stderr()).toBe('');
  });
});

describe('dfkit lsp --stdio ending', () => {
  it('exits with 1 on exit without shutdown', async () => {
    const { write, response, server } = start();
    write(initialize(1));
    await response(1);
    write(frame(JSON.stringify({ jsonrpc: '2.0', method: 'exit' })));
    expect(await server.exited).toBe(1);
  });

  it('exits with 1 on exit before initialize, having refused what came before it', async () => {
    const { write, response, server } = start();
    write(frame(requestBody(1, 'textDocument/hover', { textDocument: { uri: 'untitled:x' }, position: { line: 0, character: 0 } })));
    expect((await response(1)).error).toMatchObject({ code: -32002 });
    // A shutdown refused because the server is not initialized is no shutdown: the exit code stays 1.
    write(frame(requestBody(2, 'shutdown')));
    expect((await response(2)).error).toMatchObject({ code: -32002 });
    write(frame(JSON.stringify({ jsonrpc: '2.0', method: 'exit' })));
    expect(await server.exited).toBe(1);
    expect(server.stderr()).toBe('');
  });

  it('exits with 1 when standard input closes without shutdown, and with 0 after one', async () => {
    const abrupt = start();
    abrupt.write(initialize(1));
    await abrupt.response(1);
    abrupt.server.child.stdin.end();
    expect(await abrupt.server.exited).toBe(1);

    const orderly = start();
    orderly.write(initialize(1));
    await orderly.response(1);
    orderly.write(frame(requestBody(2, 'shutdown')));
    expect(await orderly.response(2)).toMatchObject({ result: null });
    orderly.server.child.stdin.end();
    expect(await orderly.server.exited).toBe(0);
  });
});
