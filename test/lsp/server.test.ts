/**
 * The server in this process, driven over in-memory streams: what it does with malformed or out-of-order
 * document notifications, and with a publication that throws.
 */
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { createConnection, StreamMessageReader, StreamMessageWriter, type Connection } from 'vscode-languageserver/node';
import {
  CodeActionRequest,
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  InitializedNotification,
  InitializeRequest,
  LogMessageNotification,
  type CodeAction,
  type Diagnostic,
} from 'vscode-languageserver-protocol/node';
import { startServer, type ServerOptions } from '../../src/lsp/server.js';
import { applyTextEdits, connectClient, type TestClient } from './protocol-client.js';

interface Session {
  readonly client: TestClient;
  /** The messages the server logged to the client's console. */
  readonly logs: string[];
}

const open: Array<{ server: Connection; client: TestClient }> = [];
afterEach(() => {
  for (const { server, client } of open.splice(0)) {
    client.connection.dispose();
    server.dispose();
  }
});

async function session(options: Partial<ServerOptions> = {}): Promise<Session> {
  const toServer = new PassThrough();
  const toClient = new PassThrough();
  const server = createConnection(new StreamMessageReader(toServer), new StreamMessageWriter(toClient));
  startServer(server, { home: '/nonexistent', env: {}, ...options });
  const client = connectClient(toClient, toServer);
  open.push({ server, client });
  const logs: string[] = [];
  client.connection.onNotification(LogMessageNotification.type, (params) => {
    logs.push(params.message);
  });
  await client.connection.sendRequest(InitializeRequest.type, { processId: null, rootUri: null, capabilities: {} });
  await client.connection.sendNotification(InitializedNotification.type, {});
  return { client, logs };
}

/** Sends a notification as it comes, however malformed (the typed senders would not let it through). */
function sendRaw(client: TestClient, method: string, params: unknown): Promise<void> {
  return client.connection.sendNotification(method, params);
}

const openDocument = (client: TestClient, uri: string, version: number, text: string) =>
  client.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'dockerfile', version, text } });

const insertAtStart = (client: TestClient, uri: string, version: number, text: string) =>
  client.connection.sendNotification(DidChangeTextDocumentNotification.type, {
    textDocument: { uri, version },
    contentChanges: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text }],
  });

const linesOf = (diagnostics: readonly Diagnostic[], code: string): number[] =>
  diagnostics.filter((d) => String(d.code) === code).map((d) => d.range.start.line);

describe('the server in process', () => {
  it('ignores malformed didOpen and didChange notifications, logs them, and keeps serving', async () => {
    const { client, logs } = await session();
    const document = (fields: Record<string, unknown>) => ({ textDocument: { languageId: 'dockerfile', version: 1, ...fields } });
    await sendRaw(client, 'textDocument/didOpen', document({ uri: 'file:///w/D' }));
    await sendRaw(client, 'textDocument/didOpen', document({ uri: 'file:///w/D', text: 42 }));
    await sendRaw(client, 'textDocument/didOpen', document({ uri: 'file:///w/D', text: ['FROM a'] }));
    await sendRaw(client, 'textDocument/didOpen', document({ uri: 42, text: 'FROM a\n' }));
    await sendRaw(client, 'textDocument/didOpen', document({ text: 'FROM a\n' }));
    await sendRaw(client, 'textDocument/didOpen', document({ uri: 'file:///w/D', text: 'FROM a\n', version: '1' }));
    await sendRaw(client, 'textDocument/didOpen', {});

    const uri = 'untitled:Dockerfile-1';
    const first = client.diagnostics(uri, 1);
    await openDocument(client, uri, 1, 'FROM alpine:3\nMAINTAINER me\n');
    expect(linesOf(await first, 'DL4000')).toEqual([1]);
    await sendRaw(client, 'textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: 42 }] });
    await sendRaw(client, 'textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ range: { start: {} }, text: 'x' }] });
    await sendRaw(client, 'textDocument/didChange', { textDocument: { uri }, contentChanges: [{ text: 'FROM a\n' }] });
    await sendRaw(client, 'textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: 'FROM a\n' });

    const second = client.diagnostics(uri, 3);
    await insertAtStart(client, uri, 3, 'ARG Y\n');
    expect(linesOf(await second, 'DL4000')).toEqual([2]);
    const ignored = logs.filter((line) => line.includes('ignored'));
    expect(ignored).toHaveLength(11);
    expect(ignored.every((line) => !line.includes('\n') && line.length < 200)).toBe(true);
  });

  it('keeps serving when publishing throws', async () => {
    let calls = 0;
    const { client, logs } = await session({
      onPublish: () => {
        if (++calls === 1) throw new Error('probe failed');
      },
    });
    const uri = 'untitled:Dockerfile-2';
    const first = client.diagnostics(uri, 1);
    await openDocument(client, uri, 1, 'FROM alpine:3\nMAINTAINER me\n');
    await first;
    const second = client.diagnostics(uri, 2);
    await insertAtStart(client, uri, 2, '\n');
    expect(linesOf(await second, 'DL4000')).toEqual([2]);
    expect(calls).toBe(2);
    expect(logs.filter((line) => line.includes('probe failed'))).toHaveLength(1);
  });

  it('re-lints and re-publishes when a version number is reused, goes backwards, or a document is opened again', async () => {
    const { client } = await session();
    const uri = 'untitled:Dockerfile-3';
    let text = 'FROM alpine:3\nMAINTAINER me\n';
    const opened = client.diagnostics(uri, 1);
    await openDocument(client, uri, 1, text);
    expect(linesOf(await opened, 'DL4000')).toEqual([1]);

    const next = () => client.diagnostics(uri, undefined, 5000);
    const reused = next();
    await insertAtStart(client, uri, 1, 'ARG Y\n');
    text = `ARG Y\n${text}`;
    expect(linesOf(await reused, 'DL4000')).toEqual([2]);

    // The quick fix of the re-linted text replaces MAINTAINER, not the FROM line now where it was.
    const actions = (await client.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri },
      range: { start: { line: 2, character: 0 }, end: { line: 2, character: 13 } },
      context: { diagnostics: [] },
    })) as CodeAction[];
    const fix = actions.find((action) => action.title.startsWith('Replace MAINTAINER'));
    const fixed = applyTextEdits(text, fix?.edit?.changes?.[uri] ?? []);
    expect(fixed.split('\n').slice(0, 2)).toEqual(['ARG Y', 'FROM alpine:3']);
    expect(fixed).not.toContain('MAINTAINER');

    const backwards = next();
    await insertAtStart(client, uri, 0, '\n');
    expect(linesOf(await backwards, 'DL4000')).toEqual([3]);

    const reopened = next();
    await openDocument(client, uri, 0, 'FROM alpine:3\n\n\n\nMAINTAINER me\n');
    expect(linesOf(await reopened, 'DL4000')).toEqual([4]);
  });
});
