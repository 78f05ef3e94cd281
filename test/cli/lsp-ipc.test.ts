/**
 * `dfkit lsp --node-ipc`, the transport editors use when they fork the server as a Node process: a real client
 * talks to it over the IPC channel (initialize, open, diagnostics, shutdown, exit with 0). The process ends as
 * over standard input and output: with 0 only after a shutdown the server accepted, on `exit` or when the
 * channel closes. Without a channel the command refuses with a usage error.
 */
import { fork, spawnSync, type ChildProcess } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import {
  createProtocolConnection,
  DidOpenTextDocumentNotification,
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  IPCMessageReader,
  IPCMessageWriter,
  PublishDiagnosticsNotification,
  ShutdownRequest,
  type PublishDiagnosticsParams,
  type ResponseMessage,
} from 'vscode-languageserver-protocol/node';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const main = join(root, 'src', 'cli', 'main.ts');

const forked: ChildProcess[] = [];
afterAll(() => {
  for (const server of forked) if (server.exitCode === null) server.kill('SIGKILL');
});

function forkServer(): ChildProcess {
  const server = fork(main, ['lsp', '--node-ipc'], { execArgv: ['--import', 'tsx'], cwd: root, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
  forked.push(server);
  return server;
}

/**
 * The server, driven by messages sent over the channel exactly as given (the protocol library's typed senders
 * would turn `null` params into `[null]`), and how its process ended.
 */
function rawServer() {
  const server = forkServer();
  const exited = new Promise<number | null>((resolve) => server.on('exit', (code) => resolve(code)));
  const waiting = new Map<number, (response: ResponseMessage) => void>();
  server.on('message', (message: ResponseMessage) => {
    if (typeof message.id === 'number') waiting.get(message.id)?.(message);
  });
  let nextId = 0;
  return {
    server,
    exited,
    request(method: string, ...params: readonly unknown[]): Promise<ResponseMessage> {
      const id = ++nextId;
      const answered = new Promise<ResponseMessage>((resolve) => waiting.set(id, resolve));
      server.send({ jsonrpc: '2.0', id, method, ...(params.length > 0 ? { params: params[0] } : {}) });
      return answered;
    },
    notify(method: string): void {
      server.send({ jsonrpc: '2.0', method });
    },
  };
}

const INITIALIZE = { processId: null, rootUri: null, capabilities: {} };

describe('dfkit lsp --node-ipc', () => {
  it('serves a client over the IPC channel and exits with 0 after shutdown and exit', async () => {
    const child = forkServer();
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const connection = createProtocolConnection(new IPCMessageReader(child), new IPCMessageWriter(child));
    const published = new Promise<PublishDiagnosticsParams>((resolve) => connection.onNotification(PublishDiagnosticsNotification.type, resolve));
    connection.onRequest('client/registerCapability', () => null);
    connection.listen();

    const result = await connection.sendRequest(InitializeRequest.type, { processId: process.pid, rootUri: null, capabilities: {} });
    expect(result.serverInfo?.name).toBe('dfkit');
    await connection.sendNotification(InitializedNotification.type, {});
    const uri = pathToFileURL(join(root, 'ipc-test', 'Dockerfile')).href;
    await connection.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri, languageId: 'dockerfile', version: 1, text: 'FROM node:20\nWORKDIR app\n' },
    });
    const diagnostics = await published;
    expect(diagnostics.uri).toBe(uri);
    expect(diagnostics.diagnostics.map((d) => d.code)).toContain('DL3000');
    expect(diagnostics.diagnostics.find((d) => d.code === 'DL3000')?.range).toEqual({ start: { line: 1, character: 8 }, end: { line: 1, character: 11 } });

    await connection.sendRequest(ShutdownRequest.type);
    await connection.sendNotification(ExitNotification.type);
    expect(await exited).toBe(0);
    connection.dispose();
  }, 60_000);

  it('exits with 1 on exit after a shutdown it refused because it was sent before initialize', async () => {
    const { request, notify, exited } = rawServer();
    expect((await request('shutdown')).error).toEqual({ code: -32002, message: 'the server is not initialized: send initialize first' });
    notify('exit');
    expect(await exited).toBe(1);
  }, 60_000);

  it('answers an initialize it cannot read with InvalidParams, serves a correct one after it, and exits with 0 after shutdown', async () => {
    const { request, notify, exited } = rawServer();
    expect((await request('initialize', null)).error).toEqual({ code: -32602, message: 'initialize: params must be an object, got null', data: { retry: false } });
    expect((await request('initialize', { processId: null })).error).toEqual({ code: -32602, message: 'initialize: capabilities is missing', data: { retry: false } });
    expect((await request('initialize', INITIALIZE)).result).toMatchObject({ serverInfo: { name: 'dfkit' } });
    expect(await request('shutdown')).toMatchObject({ result: null });
    notify('exit');
    expect(await exited).toBe(0);
  }, 60_000);

  it('exits with 1 when the channel closes without shutdown, and with 0 after one', async () => {
    const abrupt = rawServer();
    expect((await abrupt.request('initialize', INITIALIZE)).error).toBeUndefined();
    abrupt.server.disconnect();
    expect(await abrupt.exited).toBe(1);

    const orderly = rawServer();
    expect((await orderly.request('initialize', INITIALIZE)).error).toBeUndefined();
    expect(await orderly.request('shutdown')).toMatchObject({ result: null });
    orderly.server.disconnect();
    expect(await orderly.exited).toBe(0);
  }, 60_000);

  it('refuses --node-ipc without an IPC channel', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', main, 'lsp', '--node-ipc'], { cwd: root, encoding: 'utf8', timeout: 60_000 });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('lsp: --node-ipc needs a parent process with an IPC channel');
  }, 60_000);
});
