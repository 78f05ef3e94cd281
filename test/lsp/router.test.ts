/**
 * The lifecycle the protocol asks for, over a real JSON-RPC connection: nothing is served before the server
 * answered `initialize` (requests get ServerNotInitialized, notifications are dropped), an `initialize` with
 * params the protocol library cannot read is refused like any other malformed request, and a notification the
 * protocol library claims for itself at initialize still reaches the server. After `shutdown`: server.test.ts.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { ErrorCodes } from 'vscode-languageserver-protocol/node';
import { INITIALIZE, rawSession, type RawSession } from './raw-session.js';

const sessions: RawSession[] = [];
afterEach(() => {
  for (const session of sessions.splice(0)) session.dispose();
});
function start(): RawSession {
  const session = rawSession();
  sessions.push(session);
  return session;
}

const uri = 'untitled:Dockerfile-lifecycle';
const TEXT = 'FROM alpine:3\nMAINTAINER me\n';
const document = { textDocument: { uri } };
const at = { textDocument: { uri }, position: { line: 1, character: 2 } };
const range = { start: { line: 0, character: 0 }, end: { line: 1, character: 0 } };
const editor = { tabSize: 4, insertSpaces: true };

/** Every request the server serves, and some it does not, with params it would accept once initialized. */
const REQUESTS: ReadonlyArray<readonly [string, ...([] | [unknown])]> = [
  ['textDocument/hover', at],
  ['textDocument/completion', at],
  ['textDocument/definition', at],
  ['textDocument/references', { ...at, context: { includeDeclaration: true } }],
  ['textDocument/documentHighlight', at],
  ['textDocument/prepareRename', at],
  ['textDocument/rename', { ...at, newName: 'x' }],
  ['textDocument/signatureHelp', at],
  ['textDocument/documentSymbol', document],
  ['textDocument/foldingRange', document],
  ['textDocument/semanticTokens/full', document],
  ['textDocument/semanticTokens/range', { ...document, range }],
  ['textDocument/codeAction', { ...document, range, context: { diagnostics: [] } }],
  ['textDocument/formatting', { ...document, options: editor }],
  ['textDocument/rangeFormatting', { ...document, range, options: editor }],
  ['textDocument/willSaveWaitUntil', { ...document, reason: 1 }],
  ['workspace/executeCommand', { command: 'dfkit.anything', arguments: [] }],
  ['dfkit/unknown', {}],
  ['shutdown'],
  // However malformed: the server is not initialized, whatever the params.
  ['textDocument/hover'],
  ['textDocument/hover', null],
  ['textDocument/hover', [at]],
  ['textDocument/completion', { position: 'nowhere' }],
];

describe('before initialize', () => {
  it.each(REQUESTS)('answers %s with ServerNotInitialized', async (method, ...params) => {
    const session = start();
    const response = await session.request(method, ...params);
    expect(response.result).toBeUndefined();
    expect(response.error).toEqual({ code: -32002, message: 'the server is not initialized: send initialize first' });
  });

  it('serves the same requests once initialized, a refused shutdown not counting', async () => {
    const session = start();
    for (const [method, ...params] of REQUESTS) await session.request(method, ...params);
    expect((await session.request('initialize', INITIALIZE)).error).toBeUndefined();
    session.notify('initialized', {});
    const published = session.nextDiagnostics(uri);
    session.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'dockerfile', version: 1, text: TEXT } });
    expect((await published).diagnostics.map((d) => d.code)).toContain('DL4000');
    const hover = (await session.result('textDocument/hover', at)) as { contents: { value: string } };
    expect(hover.contents.value).toContain('**MAINTAINER**');
    expect(await session.result('textDocument/foldingRange', document)).toEqual([{ startLine: 0, endLine: 1, kind: 'region' }]);
    expect((await session.request('workspace/executeCommand', { command: 'x' })).error?.code).toBe(ErrorCodes.MethodNotFound);
    // The shutdown sent before initialize was refused: this one is the first, and is accepted.
    expect(await session.result('shutdown')).toBeNull();
  });

  it('drops notifications: an open or change does not make a document nor publish diagnostics', async () => {
    const session = start();
    session.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'dockerfile', version: 1, text: TEXT } });
    session.notify('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: `${TEXT}ARG A\n` }] });
    session.notify('initialized', {});
    session.notify('workspace/didChangeWatchedFiles', { changes: [] });
    await session.settled();
    expect(session.notifications).toEqual([]);

    expect((await session.request('initialize', INITIALIZE)).error).toBeUndefined();
    // The document was never opened: a change to it is not applied, and requests about it find nothing.
    session.notify('textDocument/didChange', { textDocument: { uri, version: 3 }, contentChanges: [{ text: TEXT }] });
    await session.settled();
    expect(session.published()).toEqual([]);
    expect(await session.result('textDocument/hover', at)).toBeNull();
    expect(await session.result('textDocument/documentSymbol', document)).toEqual([]);
    expect(session.logs()).toEqual([]);
  });

  it('stays uninitialized after an initialize it refused', async () => {
    const session = start();
    const refused = await session.request('initialize', { ...INITIALIZE, rootUri: 42 });
    expect(refused.error).toEqual({ code: ErrorCodes.InvalidParams, message: 'initialize: rootUri must be a string, got 42', data: { retry: false } });
    expect((await session.request('textDocument/hover', at)).error?.code).toBe(ErrorCodes.ServerNotInitialized);
    const accepted = (await session.result('initialize', INITIALIZE)) as { serverInfo: { name: string } };
    expect(accepted.serverInfo.name).toBe('dfkit');
    expect(await session.result('textDocument/hover', at)).toBeNull();
  });
});

/**
 * The protocol library reads the params of `initialize` before the server does, and would fail on these with
 * InternalError (or refuse them in its own words): the server answers them as it answers any other request
 * with params of the wrong shape.
 */
const UNREADABLE_INITIALIZE: ReadonlyArray<readonly [string, ...([] | [unknown])]> = [
  ['params must be an object, got null', null],
  ['capabilities is missing', {}],
  ['capabilities is missing', { processId: 7, rootUri: null }],
  ['capabilities must be an object, got null', { ...INITIALIZE, capabilities: null }],
  ['params must be an object, got 5', 5],
  ['params must be an object, got a string', 'all'],
  ['params must be an object, got an array', [INITIALIZE]],
  ['params are missing'],
];

describe('an initialize whose params the protocol library cannot read', () => {
  it.each(UNREADABLE_INITIALIZE)('is answered with InvalidParams: %s', async (problem, ...params) => {
    const session = start();
    const refused = await session.request('initialize', ...params);
    expect(refused.result).toBeUndefined();
    expect(refused.error).toEqual({ code: ErrorCodes.InvalidParams, message: `initialize: ${problem}`, data: { retry: false } });
  });

  it('leaves the server uninitialized and usable: a correct initialize afterwards is served', async () => {
    const session = start();
    for (const [, ...params] of UNREADABLE_INITIALIZE) expect((await session.request('initialize', ...params)).error?.code).toBe(ErrorCodes.InvalidParams);
    expect((await session.request('textDocument/hover', at)).error?.code).toBe(ErrorCodes.ServerNotInitialized);
    session.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'dockerfile', version: 1, text: TEXT } });
    await session.settled();
    expect(session.notifications).toEqual([]);

    const accepted = (await session.result('initialize', { ...INITIALIZE, capabilities: { workspace: { workspaceFolders: true } } })) as {
      serverInfo: { name: string };
      capabilities: { workspace?: unknown };
    };
    expect(accepted.serverInfo.name).toBe('dfkit');
    // The capabilities of the initialize served, none of the ones refused before it.
    expect(accepted.capabilities.workspace).toEqual({ workspaceFolders: { supported: true, changeNotifications: true } });
    session.notify('initialized', {});
    const published = session.nextDiagnostics(uri);
    session.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'dockerfile', version: 1, text: TEXT } });
    expect((await published).diagnostics.map((d) => d.code)).toContain('DL4000');
    expect(session.logs()).toEqual([]);
  });

  it('is refused as any request is once the server is shut down', async () => {
    const session = start();
    await session.result('initialize', INITIALIZE);
    expect(await session.result('shutdown')).toBeNull();
    for (const [, ...params] of UNREADABLE_INITIALIZE) {
      expect((await session.request('initialize', ...params)).error).toEqual({
        code: ErrorCodes.InvalidRequest,
        message: 'the server is shut down: only exit is accepted',
        data: { retry: false },
      });
    }
  });
});

describe('a second initialize', () => {
  it('is refused, and the server goes on as the first one set it up', async () => {
    const session = start();
    await session.result('initialize', { ...INITIALIZE, initializationOptions: { diagnosticsDelay: 0 } });
    session.notify('initialized', {});
    for (const params of [INITIALIZE, { ...INITIALIZE, capabilities: null }]) {
      expect((await session.request('initialize', params)).error).toEqual({
        code: ErrorCodes.InvalidRequest,
        message: 'the server is already initialized: initialize is accepted once',
        data: { retry: false },
      });
    }
    const published = session.nextDiagnostics(uri);
    session.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'dockerfile', version: 1, text: TEXT } });
    expect((await published).diagnostics.map((d) => d.code)).toContain('DL4000');
    expect((await session.request('textDocument/hover', at)).error).toBeUndefined();
  });
});

describe('a notification the protocol library claims at initialize', () => {
  const folders = mkdtempSync(join(tmpdir(), 'dfkit-lsp-router-'));
  afterAll(() => rmSync(folders, { recursive: true, force: true }));

  it('reaches the server: a workspace folder added by a client that supports folders is applied', async () => {
    writeFileSync(join(folders, '.hadolint.yaml'), 'ignored: [DL4000]\n');
    const session = start();
    await session.result('initialize', { ...INITIALIZE, capabilities: { workspace: { workspaceFolders: true } } });
    session.notify('initialized', {});
    const opened = session.nextDiagnostics(uri);
    session.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'dockerfile', version: 1, text: TEXT } });
    expect((await opened).diagnostics.map((d) => d.code)).toContain('DL4000');

    const relinted = session.nextDiagnostics(uri);
    session.notify('workspace/didChangeWorkspaceFolders', { event: { added: [{ uri: pathToFileURL(folders).href, name: 'w' }], removed: [] } });
    expect((await relinted).diagnostics.map((d) => d.code)).not.toContain('DL4000');

    session.notify('workspace/didChangeWorkspaceFolders', null);
    await session.settled();
    expect(session.logs()).toEqual(['ignored a malformed workspace/didChangeWorkspaceFolders: params must be an object, got null']);
  });
});
