/**
 * The server in this process, driven over in-memory streams: what it does with malformed or out-of-order
 * document notifications, a publication that throws, workspace folders that are not local folders, positions
 * outside a document, and messages after shutdown.
 */
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { StreamMessageReader, StreamMessageWriter, type Connection } from 'vscode-languageserver/node';
import {
  CodeActionRequest,
  CompletionRequest,
  DidChangeTextDocumentNotification,
  DidChangeWatchedFilesNotification,
  DidOpenTextDocumentNotification,
  DocumentRangeFormattingRequest,
  ErrorCodes,
  HoverRequest,
  InitializedNotification,
  InitializeRequest,
  LogMessageNotification,
  ResponseError,
  ShowMessageRequest,
  ShutdownRequest,
  type CodeAction,
  type CompletionItem,
  type Diagnostic,
  type InitializeParams,
} from 'vscode-languageserver-protocol/node';
import { startServer, type ServerOptions } from '../../src/lsp/server.js';
import { EngineError } from '../../src/runtime/docker/engine-client.js';
import type { ImageFactsSource } from '../../src/runtime/docker/image-facts.js';
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

async function session(options: Partial<ServerOptions> = {}, initialize: Partial<InitializeParams> = {}): Promise<Session> {
  const toServer = new PassThrough();
  const toClient = new PassThrough();
  const server = startServer({ reader: new StreamMessageReader(toServer), writer: new StreamMessageWriter(toClient) }, { home: '/nonexistent', env: {}, ...options });
  const client = connectClient(toClient, toServer);
  open.push({ server, client });
  const logs: string[] = [];
  client.connection.onNotification(LogMessageNotification.type, (params) => {
    logs.push(params.message);
  });
  await client.connection.sendRequest(InitializeRequest.type, { processId: null, rootUri: null, capabilities: {}, ...initialize });
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

const folders = mkdtempSync(join(tmpdir(), 'dfkit-lsp-server-'));
afterAll(() => rmSync(folders, { recursive: true, force: true }));

/** A workspace folder whose configuration ignores DL4000: an unsaved document linted with it reports no DL4000. */
function folderIgnoringMaintainer(name: string): string {
  const folder = join(folders, name);
  mkdirSync(folder);
  writeFileSync(join(folder, '.hadolint.yaml'), 'ignored: [DL4000]\n');
  return pathToFileURL(folder).href;
}

const MAINTAINER = 'FROM alpine:3\nMAINTAINER me\n';

/** The error code a request was answered with, or `null` when it was answered with a result. */
async function errorCodeOf(answer: Promise<unknown>): Promise<number | null> {
  try {
    await answer;
    return null;
  } catch (error) {
    return error instanceof ResponseError ? error.code : -1;
  }
}

describe('workspace folders that are not local folders', () => {
  it('skips them in initialize, logs them in one line, and keeps the local ones', async () => {
    const local = folderIgnoringMaintainer('initialize');
    const { client, logs } = await session({}, {
      rootUri: 'garbage',
      workspaceFolders: [
        { uri: 'untitled:x', name: 'a' },
        { uri: 'https://host/x', name: 'b' },
        { uri: 42, name: 'c' } as unknown as { uri: string; name: string },
        { uri: local, name: 'd' },
      ],
    });
    const uri = 'untitled:Dockerfile-folders-1';
    const published = client.diagnostics(uri, 1);
    await openDocument(client, uri, 1, MAINTAINER);
    expect(linesOf(await published, 'DL4000')).toEqual([]);
    const skipped = logs.filter((line) => line.includes('skipped'));
    expect(skipped).toEqual(['initialize: skipped "untitled:x", "https://host/x", a folder without a URI (only file: folders are used)']);
  });

  it('skips them in didChangeWorkspaceFolders without failing, and applies the local ones', async () => {
    const { client, logs } = await session();
    const uri = 'untitled:Dockerfile-folders-2';
    const before = client.diagnostics(uri, 1);
    await openDocument(client, uri, 1, MAINTAINER);
    expect(linesOf(await before, 'DL4000')).toEqual([1]);

    const after = client.diagnostics(uri);
    await sendRaw(client, 'workspace/didChangeWorkspaceFolders', {
      event: {
        removed: [{ uri: 'untitled:y', name: 'y' }, { uri: 'https://host/z', name: 'z' }, { uri: 'file://remote-host/share', name: 'unc' }],
        added: [{ uri: 'garbage', name: 'g' }, null, { uri: folderIgnoringMaintainer('added'), name: 'local' }],
      },
    });
    // The configuration changed: the open document is linted again, with the added folder's configuration.
    expect(linesOf(await after, 'DL4000')).toEqual([]);
    await sendRaw(client, 'workspace/didChangeWorkspaceFolders', { event: { added: 'not a list' } });
    await sendRaw(client, 'workspace/didChangeWorkspaceFolders', {});
    expect(logs.filter((line) => line.includes('failed'))).toEqual([]);
    expect(logs.filter((line) => line.includes('skipped'))).toEqual([
      'workspace/didChangeWorkspaceFolders: skipped "untitled:y", "https://host/z", "file://remote-host/share" and 2 more (only file: folders are used)',
    ]);
    // Still serving.
    const items = (await client.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: { line: 1, character: 2 } })) as CompletionItem[];
    expect(items.map((item) => item.label)).toContain('MAINTAINER');
  });
});

describe('positions outside the document, over the protocol', () => {
  it('answers with ranges inside the document', async () => {
    const { client } = await session();
    const uri = 'untitled:Dockerfile-positions';
    const published = client.diagnostics(uri, 1);
    await openDocument(client, uri, 1, 'FROM alpine:3\nARG V=1\nRUN echo $');
    await published;
    const items = (await client.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: { line: 10 ** 6, character: -5 } })) as CompletionItem[];
    expect(items.map((item) => item.label)).toEqual(['V']);
    expect(items[0]?.textEdit).toEqual({ range: { start: { line: 2, character: 10 }, end: { line: 2, character: 10 } }, newText: 'V' });
    const hover = (character: number) => client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 0, character } });
    expect((await hover(10 ** 9))?.range).toEqual({ start: { line: 0, character: 5 }, end: { line: 0, character: 13 } });
    expect(await hover(10 ** 9)).toEqual(await hover(13));
    const formatted = await client.connection.sendRequest(DocumentRangeFormattingRequest.type, {
      textDocument: { uri },
      range: { start: { line: -7, character: -1 }, end: { line: 99, character: 99 } },
      options: { tabSize: 4, insertSpaces: true },
    });
    expect(formatted).toEqual([]);
  });
});

describe('after shutdown', () => {
  it('answers every request with InvalidRequest and ignores notifications', async () => {
    let shutdowns = 0;
    const { client } = await session({ onShutdown: () => shutdowns++ });
    const c = client.connection;
    const uri = 'untitled:Dockerfile-shutdown';
    const opened = client.diagnostics(uri, 1);
    await openDocument(client, uri, 1, MAINTAINER);
    await opened;
    const position = { textDocument: { uri }, position: { line: 1, character: 2 } };
    expect(await errorCodeOf(c.sendRequest('dfkit/unknown', {}))).toBe(ErrorCodes.MethodNotFound);

    expect(await c.sendRequest(ShutdownRequest.type)).toBeNull();
    expect(shutdowns).toBe(1);
    const received = client.received.length;
    expect(await errorCodeOf(c.sendRequest(CompletionRequest.type, position))).toBe(ErrorCodes.InvalidRequest);
    expect(await errorCodeOf(c.sendRequest(HoverRequest.type, position))).toBe(ErrorCodes.InvalidRequest);
    expect(await errorCodeOf(c.sendRequest('dfkit/unknown', {}))).toBe(ErrorCodes.InvalidRequest);
    expect(await errorCodeOf(c.sendRequest(ShutdownRequest.type))).toBe(ErrorCodes.InvalidRequest);
    expect(await errorCodeOf(c.sendRequest(InitializeRequest.type, { processId: null, rootUri: null, capabilities: {} }))).toBe(ErrorCodes.InvalidRequest);
    expect(shutdowns).toBe(1);

    await openDocument(client, 'untitled:Dockerfile-after', 1, MAINTAINER);
    await insertAtStart(client, uri, 2, '\n');
    // Messages are handled in order: once this is answered, the notifications before it were handled (or ignored).
    expect(await errorCodeOf(c.sendRequest(CompletionRequest.type, position))).toBe(ErrorCodes.InvalidRequest);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(client.received.length).toBe(received);
  });
});

describe('a configuration file that cannot be read', () => {
  /** A session whose one workspace folder has `.hadolint.yaml` with `text`, once an unsaved document was linted with it. */
  async function withConfig(name: string, text: string) {
    const folder = join(folders, name);
    mkdirSync(folder);
    writeFileSync(join(folder, '.hadolint.yaml'), text);
    const { client, logs } = await session({}, { workspaceFolders: [{ uri: pathToFileURL(folder).href, name }] });
    const warnings: string[] = [];
    client.connection.onRequest(ShowMessageRequest.type, (params) => {
      warnings.push(params.message);
      return null;
    });
    const uri = `untitled:Dockerfile-${name}`;
    const published = client.diagnostics(uri, 1);
    await openDocument(client, uri, 1, MAINTAINER);
    return { folder, diagnostics: await published, logs: logs.filter((line) => line.startsWith(folder)), warnings };
  }

  it('is logged in one line and shown in one warning, and the server keeps serving', async () => {
    const { folder, diagnostics, logs, warnings } = await withConfig('hostile', '['.repeat(100_000));
    expect(linesOf(diagnostics, 'DL4000')).toEqual([1]);
    expect(logs).toEqual([`${folder}: .hadolint.yaml: not read: nested more than 64 levels deep`]);
    expect(warnings).toEqual(['dfkit: .hadolint.yaml: not read: nested more than 64 levels deep']);
  });

  it('logs at most 20 problems of a file, and shows the first error with a count of the others', async () => {
    const unknown = Array.from({ length: 40 }, (_, i) => `unknown-${i}: 1\n`).join('');
    const { folder, logs, warnings } = await withConfig('many-problems', `failure-threshold: a\nno-fail: b\nverbose: c\n${unknown}`);
    expect(logs).toHaveLength(21);
    expect(logs[20]).toBe(`${folder}: 23 more configuration problems not shown`);
    expect(warnings).toEqual(['dfkit: .hadolint.yaml: failure-threshold: expected one of error, warning, info, style, ignore, none, got "a" (and 2 more: see the log)']);
  });
});

/** The first publication for `uri` (from any time) whose diagnostics pass `test`. */
async function publicationWhere(client: TestClient, uri: string, test: (diagnostics: readonly Diagnostic[]) => boolean, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = client.received.find((params) => params.uri === uri && test(params.diagnostics));
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`no publication for ${uri} passed the test`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until `condition` holds, or 10 s have passed (the assertions after it then say what is missing). */
async function until(condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!condition() && Date.now() < deadline) await sleep(20);
}

/** A ShellCheck stand-in: one SC2086 comment on the first `$1` of each script's command line, and a log of the scripts. */
function fakeShellCheck(answer: (script: string) => 'comment' | 'fail' = () => 'comment') {
  const checked: string[] = [];
  return {
    checked,
    check: async (script: string) => {
      checked.push(script);
      if (answer(script) === 'fail') return null;
      const lines = script.split('\n');
      const line = lines.findIndex((text) => text.includes('$1'));
      if (line === -1) return [];
      const column = (lines[line] as string).indexOf('$1') + 1;
      return [{ line: line + 1, endLine: line + 1, column, endColumn: column + 2, level: 'info', code: 2086, message: 'Double quote to prevent globbing and word splitting.' }];
    },
  };
}

describe('ShellCheck findings in the editor', () => {
  it('come with the real shellcheck after the first publication, which does not wait for them, at the exact place', async () => {
    const { client } = await session({ shellcheckDelay: 0 });
    const uri = 'untitled:Dockerfile-sc';
    const first = client.diagnostics(uri, 1);
    await openDocument(client, uri, 1, 'FROM alpine:3\nRUN echo hello && \\\n    echo $1\n');
    expect(linesOf(await first, 'SC2086')).toEqual([]);
    const checked = await publicationWhere(client, uri, (diagnostics) => linesOf(diagnostics, 'SC2086').length > 0);
    expect(checked.version).toBe(1);
    const sc = checked.diagnostics.find((d) => d.code === 'SC2086');
    expect(sc?.range).toEqual({ start: { line: 2, character: 9 }, end: { line: 2, character: 11 } });
    expect(sc?.source).toBe('dfkit');

    // An edit elsewhere keeps the RUN's script: its findings are in the very first publication of the new version.
    const second = client.diagnostics(uri, 2);
    await insertAtStart(client, uri, 2, 'ARG Y\n');
    expect(linesOf(await second, 'SC2086')).toEqual([3]);
  });

  it('checks a RUN being typed once it is still, not at every keystroke', async () => {
    const fake = fakeShellCheck();
    const { client } = await session({ shellcheck: fake, shellcheckDelay: 150 });
    const uri = 'untitled:Dockerfile-typing';
    await openDocument(client, uri, 1, 'FROM alpine:3\nRUN echo\n');
    for (const [version, character] of [[2, 8], [3, 9], [4, 10]] as const) {
      await client.connection.sendNotification(DidChangeTextDocumentNotification.type, {
        textDocument: { uri, version },
        contentChanges: [{ range: { start: { line: 1, character }, end: { line: 1, character } }, text: [' ', '$', '1'][version - 2] as string }],
      });
      await client.diagnostics(uri, version);
    }
    const found = await publicationWhere(client, uri, (diagnostics) => linesOf(diagnostics, 'SC2086').length > 0);
    expect(found.version).toBe(4);
    expect(fake.checked).toHaveLength(1);
    expect(fake.checked[0]).toMatch(/\necho \$1\n$/);
  });

  it('tells once when ShellCheck fails, and does not try that script again', async () => {
    const fake = fakeShellCheck(() => 'fail');
    const { client, logs } = await session({ shellcheck: fake, shellcheckDelay: 0 });
    const uri = 'untitled:Dockerfile-failing';
    const first = client.diagnostics(uri, 1);
    await openDocument(client, uri, 1, 'FROM alpine:3\nRUN echo $1\nRUN echo $1 two\n');
    await first;
    await until(() => fake.checked.length >= 2);
    await sleep(200);
    expect(fake.checked).toHaveLength(2);
    expect(logs.filter((line) => line.includes('ShellCheck failed'))).toHaveLength(1);
    // No findings came of it, so nothing is published again.
    expect(client.received.filter((params) => params.uri === uri)).toHaveLength(1);
  });

  it('publishes again only when ShellCheck had something to say', async () => {
    const fake = fakeShellCheck();
    const { client } = await session({ shellcheck: fake, shellcheckDelay: 0 });
    const uri = 'untitled:Dockerfile-quiet';
    const first = client.diagnostics(uri, 1);
    await openDocument(client, uri, 1, 'FROM alpine:3\nRUN echo ok\n');
    await first;
    await until(() => fake.checked.length >= 1);
    await sleep(200);
    expect(fake.checked).toHaveLength(1);
    expect(client.received.filter((params) => params.uri === uri)).toHaveLength(1);
  });

  it('are off with initializationOptions.shellcheck false, or without the program', async () => {
    for (const [options, init] of [
      [{ shellcheck: fakeShellCheck() }, { initializationOptions: { shellcheck: false } }],
      [{ shellcheck: null }, {}],
    ] as const) {
      const { client } = await session({ ...options, shellcheckDelay: 0 }, init);
      const uri = `untitled:Dockerfile-off-${client.received.length}-${Math.random()}`;
      const first = client.diagnostics(uri, 1);
      await openDocument(client, uri, 1, `${MAINTAINER}RUN echo $1\n`);
      expect(linesOf(await first, 'DL4000')).toEqual([1]);
      await sleep(200);
      expect(client.received.filter((params) => params.uri === uri)).toHaveLength(1);
      if ('check' in (options.shellcheck ?? {})) expect((options.shellcheck as ReturnType<typeof fakeShellCheck>).checked).toEqual([]);
    }
  });
});

describe('custom rules from plugins in the editor', () => {
  const pluginSource = (message: string) => `export const rules = [{
  meta: { id: 'no-latest-alpine', severity: 'warning', category: 'reproducibility', docs: { summary: 'x', description: 'x', rationale: 'x', example: 'x', useInstead: 'x' } },
  create(context) {
    return { FROM(node) { if (/alpine:latest/.test(node.image?.raw ?? '')) context.report({ message: ${JSON.stringify(message)}, range: node.range }); } };
  },
}];
`;

  function pluginFolder(name: string, config: string): string {
    const folder = join(folders, name);
    mkdirSync(folder);
    writeFileSync(join(folder, '.dfkit.yaml'), config);
    writeFileSync(join(folder, 'rule.mjs'), pluginSource('pin alpine'));
    return folder;
  }

  const workspace = (folder: string) => ({ workspaceFolders: [{ uri: pathToFileURL(folder).href, name: 'w' }] });

  it('are loaded when the client allows it, and loaded again when the plugin changed and the configuration is re-read', async () => {
    const folder = pluginFolder('plugins-allowed', 'plugins: [./rule.mjs]\nrules:\n  no-latest-alpine: error\n  no-such-rule: warning\n');
    const { client, logs } = await session({ shellcheck: null }, { ...workspace(folder), initializationOptions: { plugins: true } });
    const uri = pathToFileURL(join(folder, 'Dockerfile')).href;
    await openDocument(client, uri, 1, 'FROM alpine:latest\n');
    const loaded = await publicationWhere(client, uri, (diagnostics) => diagnostics.some((d) => d.code === 'no-latest-alpine'));
    const finding = loaded.diagnostics.find((d) => d.code === 'no-latest-alpine');
    expect(finding).toMatchObject({ message: 'pin alpine', severity: 1 });
    // Rule names are checked against the plugin's rules too, once they are loaded.
    const unknown = logs.filter((line) => line.includes('no rule has this name'));
    expect(unknown).toHaveLength(1);
    expect(unknown[0]).toContain('rules.no-such-rule');

    writeFileSync(join(folder, 'rule.mjs'), pluginSource('pin alpine, please'));
    const later = new Date(Date.now() + 5000);
    utimesSync(join(folder, 'rule.mjs'), later, later);
    await client.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: pathToFileURL(join(folder, '.dfkit.yaml')).href, type: 2 }] });
    await publicationWhere(client, uri, (diagnostics) => diagnostics.some((d) => d.message === 'pin alpine, please'));
  });

  it('are not loaded unless the client allows it, which is logged once', async () => {
    const folder = pluginFolder('plugins-forbidden', 'plugins: [./rule.mjs]\n');
    const { client, logs } = await session({ shellcheck: null }, workspace(folder));
    const uri = pathToFileURL(join(folder, 'Dockerfile')).href;
    const first = client.diagnostics(uri, 1);
    await openDocument(client, uri, 1, 'FROM alpine:latest\n');
    expect((await first).some((d) => d.code === 'no-latest-alpine')).toBe(false);
    await insertAtStart(client, uri, 2, '# x\n');
    expect((await client.diagnostics(uri, 2)).some((d) => d.code === 'no-latest-alpine')).toBe(false);
    const told = logs.filter((line) => line.includes('plugins not loaded'));
    expect(told).toEqual([
      `${folder}: plugins not loaded (rule.mjs): the editor has not allowed the server to run the workspace's code (initializationOptions.plugins); dfkit lint loads them`,
    ]);
  });

  it('that cannot be loaded are shown as an error naming the plugin, and the built-in rules still run', async () => {
    const folder = pluginFolder('plugins-missing', 'plugins: [./missing.mjs]\n');
    const { client, logs } = await session({ shellcheck: null }, { ...workspace(folder), initializationOptions: { plugins: true } });
    const warnings: string[] = [];
    client.connection.onRequest(ShowMessageRequest.type, (params) => {
      warnings.push(params.message);
      return null;
    });
    const uri = pathToFileURL(join(folder, 'Dockerfile')).href;
    const first = client.diagnostics(uri, 1);
    await openDocument(client, uri, 1, MAINTAINER);
    expect(linesOf(await first, 'DL4000')).toEqual([1]);
    await until(() => warnings.length > 0);
    const missing = join(folder, 'missing.mjs');
    expect(warnings).toEqual([`dfkit: cannot load plugin '${missing}': no such file ${missing}`]);
    expect(logs).toContain(`${folder}: cannot load plugin '${missing}': no such file ${missing}`);
  });
});

describe('base images from the engine in the editor', () => {
  /** An engine stand-in on linux/amd64 that holds one arm64 image, and a log of what it was asked. */
  function fakeEngine(options: { unreachable?: boolean } = {}) {
    const asked: string[] = [];
    const images: ImageFactsSource & { asked: string[] } = {
      asked,
      platform: async () => {
        asked.push('platform');
        if (options.unreachable) throw new EngineError(null, 'connect ENOENT /var/run/docker.sock', 'GET', '/version');
        return 'linux/amd64';
      },
      facts: async (reference) => {
        asked.push(reference);
        if (reference === 'broken:1') throw new EngineError(500, 'invalid reference format', 'GET', `/images/${reference}/json`);
        return reference === 'app-base:1' ? { env: ['PATH=/usr/bin:/bin', 'APP_HOME=/app'], platform: 'linux/arm64' } : null;
      },
    };
    return images;
  }
  const TEXT = 'FROM app-base:1\nWORKDIR $APP_HOME\nCOPY . $APP_DIR\n';
  const codes = (diagnostics: readonly Diagnostic[]) => diagnostics.map((d) => `${String(d.code)}@${d.range.start.line}`).sort();

  it('lints again with what the engine says once it answers, and asks about each image once', async () => {
    const engine = fakeEngine();
    const { client } = await session({ images: engine, shellcheck: null, imagesDelay: 0 }, { initializationOptions: { resolveImages: true } });
    const uri = 'untitled:Dockerfile-images';
    await openDocument(client, uri, 1, TEXT);
    const resolved = await publicationWhere(client, uri, (diagnostics) => codes(diagnostics).includes('UndefinedVar@2'));
    expect(codes(resolved.diagnostics)).toEqual(['InvalidBaseImagePlatform@0', 'UndefinedVar@2']);
    expect(resolved.diagnostics.find((d) => d.code === 'UndefinedVar')?.message).toBe("Usage of undefined variable '$APP_DIR'");
    // Edits that leave the FROM lines alone ask nothing more.
    await insertAtStart(client, uri, 2, '# a comment\n');
    expect(codes(await client.diagnostics(uri, 2))).toEqual(['InvalidBaseImagePlatform@1', 'UndefinedVar@3']);
    expect(engine.asked).toEqual(['platform', 'app-base:1']);
  });

  it('looks images up only once the document is still, so a name being typed is not looked up', async () => {
    const engine = fakeEngine();
    const { client } = await session({ images: engine, shellcheck: null, imagesDelay: 1000 }, { initializationOptions: { resolveImages: true } });
    const uri = 'untitled:Dockerfile-typing';
    await openDocument(client, uri, 1, 'FROM a\n');
    let version = 1;
    for (const typed of ['p', 'p', '-', 'b', 'a', 's', 'e', ':', '1']) {
      version++;
      await client.connection.sendNotification(DidChangeTextDocumentNotification.type, {
        textDocument: { uri, version },
        contentChanges: [{ range: { start: { line: 0, character: 4 + version }, end: { line: 0, character: 4 + version } }, text: typed }],
      });
      await client.diagnostics(uri, version);
    }
    await publicationWhere(client, uri, (diagnostics) => codes(diagnostics).includes('InvalidBaseImagePlatform@0'));
    expect(engine.asked).toEqual(['platform', 'app-base:1']);
  });

  it('leaves the engine alone unless the client asks, and says once when no engine answers', async () => {
    const quiet = fakeEngine();
    const { client } = await session({ images: quiet, shellcheck: null, imagesDelay: 0 });
    await openDocument(client, 'untitled:Dockerfile-no-images', 1, TEXT);
    expect(codes(await client.diagnostics('untitled:Dockerfile-no-images', 1))).toEqual([]);
    await sleep(100);
    expect(quiet.asked).toEqual([]);

    const gone = fakeEngine({ unreachable: true });
    const down = await session({ images: gone, shellcheck: null, imagesDelay: 0 }, { initializationOptions: { resolveImages: true } });
    const uri = 'untitled:Dockerfile-engine-down';
    await openDocument(down.client, uri, 1, TEXT);
    expect(codes(await down.client.diagnostics(uri, 1))).toEqual([]);
    await until(() => down.logs.some((line) => line.includes('base images are not resolved')));
    expect(down.logs.filter((line) => line.includes('base images are not resolved'))).toEqual([
      'base images are not resolved: GET /version: connect ENOENT /var/run/docker.sock',
    ]);
    await insertAtStart(down.client, uri, 2, 'FROM broken:1\n');
    await down.client.diagnostics(uri, 2);
    await sleep(100);
    expect(gone.asked).toEqual(['platform']);
  });

  it('asks again about an image found nowhere once 30 s have passed, and lints with it when it is there', async () => {
    const engine = fakeEngine();
    let pulled = false;
    const facts = engine.facts;
    engine.facts = async (reference) => {
      if (reference !== 'later:1' || !pulled) return facts(reference);
      engine.asked.push(reference);
      return { env: ['APP_HOME=/app'] };
    };
    const { client } = await session({ images: engine, shellcheck: null, imagesDelay: 0 }, { initializationOptions: { resolveImages: true } });
    const uri = 'untitled:Dockerfile-pulled-later';
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      await openDocument(client, uri, 1, 'FROM later:1\nWORKDIR $APP_HOME\nCOPY . $APP_DIR\n');
      await until(() => engine.asked.includes('later:1'));
      await insertAtStart(client, uri, 2, '# one\n');
      expect(codes(await client.diagnostics(uri, 2))).toEqual([]);
      pulled = true;
      // Within 30 s the answer stands; after them, the next lint asks again.
      vi.setSystemTime(Date.now() + 10_000);
      await insertAtStart(client, uri, 3, '# two\n');
      await client.diagnostics(uri, 3);
      expect(engine.asked.filter((asked) => asked === 'later:1')).toHaveLength(1);
      vi.setSystemTime(Date.now() + 30_000);
      await insertAtStart(client, uri, 4, '# three\n');
      const resolved = await publicationWhere(client, uri, (diagnostics) => codes(diagnostics).includes('UndefinedVar@5'));
      expect(codes(resolved.diagnostics)).toEqual(['UndefinedVar@5']);
      expect(engine.asked.filter((asked) => asked === 'later:1')).toHaveLength(2);
    } finally {
      vi.useRealTimers();
    }
  });

  it('logs an image the engine could not describe, and lints its stages without it', async () => {
    const engine = fakeEngine();
    const { client, logs } = await session({ images: engine, shellcheck: null, imagesDelay: 0 }, { initializationOptions: { resolveImages: true } });
    const uri = 'untitled:Dockerfile-broken-image';
    await openDocument(client, uri, 1, 'FROM broken:1\nWORKDIR $APP_HOME\n');
    await until(() => logs.some((line) => line.startsWith('base image broken:1')));
    expect(logs).toContain('base image broken:1: GET /images/broken:1/json: 500 invalid reference format');
    await sleep(100);
    expect(codes(client.received.filter((p) => p.uri === uri).at(-1)?.diagnostics ?? [])).toEqual([]);
  });
});
