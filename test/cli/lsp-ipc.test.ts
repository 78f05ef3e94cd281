/**
 * `dfkit lsp --node-ipc`, the transport editors use when they fork the server as a Node process: a real client
 * talks to it over the IPC channel (initialize, open, diagnostics, shutdown, exit with 0). Without a channel the
 * command refuses with a usage error.
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
} from 'vscode-languageserver-protocol/node';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const main = join(root, 'src', 'cli', 'main.ts');

describe('dfkit lsp --node-ipc', () => {
  let child: ChildProcess | null = null;
  afterAll(() => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
  });

  it('serves a client over the IPC channel and exits with 0 after shutdown and exit', async () => {
    child = fork(main, ['lsp', '--node-ipc'], { execArgv: ['--import', 'tsx'], cwd: root, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
    const exited = new Promise<number | null>((resolve) => child?.on('exit', (code) => resolve(code)));
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

  it('refuses --node-ipc without an IPC channel', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', main, 'lsp', '--node-ipc'], { cwd: root, encoding: 'utf8', timeout: 60_000 });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('lsp: --node-ipc needs a parent process with an IPC channel');
  }, 60_000);
});
