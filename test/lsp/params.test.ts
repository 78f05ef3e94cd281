/**
 * Params of the wrong shape, over a real JSON-RPC connection: a request is answered with InvalidParams naming
 * what is wrong, a notification is dropped and logged in one line, and the server serves on as before.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorCodes } from 'vscode-languageserver-protocol/node';
import { didChangeParams, initializeParams, positionParams } from '../../src/lsp/params.js';
import { INITIALIZE, openedSession, rawSession, type RawSession } from './raw-session.js';

const uri = 'untitled:Dockerfile-params';
const TEXT = 'FROM alpine:3\nMAINTAINER me\nRUN echo hi\n';
const textDocument = { uri };
const position = { line: 1, character: 2 };
const at = { textDocument, position };
const range = { start: { line: 0, character: 0 }, end: { line: 2, character: 0 } };

/** A request, its params (none when left out), and what the error says is wrong after `method: `. */
const BAD_REQUESTS: ReadonlyArray<readonly [string, string, ...([] | [unknown])]> = [
  ['textDocument/hover', 'params are missing'],
  ['textDocument/hover', 'params must be an object, got null', null],
  ['textDocument/hover', 'params must be an object, got an array', [at]],
  ['textDocument/hover', 'params must be an object, got a string', 'hover'],
  ['textDocument/hover', 'textDocument is missing', { position }],
  ['textDocument/hover', 'textDocument must be an object, got a string', { textDocument: uri, position }],
  ['textDocument/hover', 'textDocument.uri must be a string, got 42', { textDocument: { uri: 42 }, position }],
  ['textDocument/hover', 'position is missing', { textDocument }],
  ['textDocument/hover', 'position must be an object, got 5', { textDocument, position: 5 }],
  ['textDocument/completion', 'position.line must be a number, got a string', { textDocument, position: { line: '1', character: 2 } }],
  ['textDocument/completion', 'position.character is missing', { textDocument, position: { line: 1 } }],
  ['textDocument/definition', 'position must be an object, got null', { textDocument, position: null }],
  ['textDocument/documentHighlight', 'position must be an object, got an array', { textDocument, position: [1, 2] }],
  ['textDocument/prepareRename', 'textDocument.uri is missing', { textDocument: {}, position }],
  ['textDocument/signatureHelp', 'textDocument is missing', {}],
  ['textDocument/references', 'context is missing', at],
  ['textDocument/references', 'context.includeDeclaration must be a boolean, got a string', { ...at, context: { includeDeclaration: 'yes' } }],
  ['textDocument/rename', 'newName is missing', at],
  ['textDocument/rename', 'newName must be a string, got 7', { ...at, newName: 7 }],
  ['textDocument/codeAction', 'range is missing', { textDocument, context: { diagnostics: [] } }],
  ['textDocument/codeAction', 'range.end is missing', { textDocument, range: { start: position }, context: { diagnostics: [] } }],
  ['textDocument/codeAction', 'context is missing', { textDocument, range }],
  ['textDocument/codeAction', 'context.only must be an array, got a string', { textDocument, range, context: { diagnostics: [], only: 'quickfix' } }],
  ['textDocument/codeAction', 'context.only[1] must be a string, got 1', { textDocument, range, context: { diagnostics: [], only: ['quickfix', 1] } }],
  ['textDocument/documentSymbol', 'textDocument is missing', {}],
  ['textDocument/foldingRange', 'params must be an object, got an array', []],
  ['textDocument/semanticTokens/full', 'textDocument must be an object, got null', { textDocument: null }],
  ['textDocument/semanticTokens/range', 'range must be an object, got null', { textDocument, range: null }],
  ['textDocument/formatting', 'options is missing', { textDocument }],
  ['textDocument/formatting', 'options.tabSize must be a non-negative integer, got a string', { textDocument, options: { tabSize: '4', insertSpaces: true } }],
  ['textDocument/formatting', 'options.tabSize must be a non-negative integer, got -2', { textDocument, options: { tabSize: -2, insertSpaces: true } }],
  ['textDocument/rangeFormatting', 'range.start.character is missing', { textDocument, range: { start: { line: 0 }, end: position }, options: { tabSize: 4 } }],
  ['textDocument/willSaveWaitUntil', 'reason is missing', { textDocument }],
];

describe('requests with params of the wrong shape', () => {
  let session: RawSession;
  /** What the server answered to well-formed requests before any malformed one. */
  let before: unknown[];
  const wellFormed = (): Promise<unknown[]> =>
    Promise.all([
      session.result('textDocument/hover', at),
      session.result('textDocument/completion', { textDocument, position: { line: 2, character: 0 } }),
      session.result('textDocument/references', { ...at, context: { includeDeclaration: true } }),
      session.result('textDocument/codeAction', { textDocument, range, context: { diagnostics: [] } }),
      // The tokens without their result id, which is new with each answer.
      session.result('textDocument/semanticTokens/range', { textDocument, range }).then((tokens) => (tokens as { data: number[] }).data),
      session.result('textDocument/formatting', { textDocument, options: { tabSize: 4, insertSpaces: true } }),
    ]);

  beforeAll(async () => {
    session = (await openedSession(uri, TEXT)).session;
    before = await wellFormed();
  });
  afterAll(() => session.dispose());

  it.each(BAD_REQUESTS)('answers %s with InvalidParams: %s', async (method, problem, ...params) => {
    const response = await session.request(method, ...params);
    expect(response.result).toBeUndefined();
    expect(response.error).toEqual({ code: -32602, message: `${method}: ${problem}` });
  });

  it('serves well-formed requests afterwards exactly as before', async () => {
    expect(before.every((answer) => answer !== null)).toBe(true);
    expect(await wellFormed()).toEqual(before);
    expect(session.logs()).toEqual([]);
  });

  it('answers a request of a method it does not serve with MethodNotFound, whatever its params', async () => {
    expect((await session.request('workspace/executeCommand')).error?.code).toBe(ErrorCodes.MethodNotFound);
    expect((await session.request('workspace/executeCommand', null)).error?.code).toBe(ErrorCodes.MethodNotFound);
  });
});

describe('notifications with params of the wrong shape', () => {
  it('are dropped, each logged in one line, and the document stays as it was', async () => {
    const session = rawSession();
    try {
      await session.result('initialize', INITIALIZE);
      const opened = session.nextDiagnostics(uri);
      session.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'dockerfile', version: 1, text: TEXT } });
      expect((await opened).diagnostics.map((d) => d.range.start.line)).toContain(1);
      const publications = session.published().length;

      const change = (fields: object) => ({ textDocument: { uri, version: 2 }, contentChanges: [{ text: 'FROM scratch\n' }], ...fields });
      session.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'dockerfile', version: 1, text: 42 } });
      session.notify('textDocument/didOpen');
      session.notify('textDocument/didOpen', { textDocument: { uri, version: 1, text: 'FROM scratch\n' } });
      session.notify('textDocument/didChange', change({ contentChanges: 'FROM scratch\n' }));
      session.notify('textDocument/didChange', change({ contentChanges: [{ range: { start: { line: -1, character: 0 }, end: position }, text: '' }] }));
      session.notify('textDocument/didChange', change({ textDocument: { uri } }));
      session.notify('textDocument/didClose', {});
      session.notify('textDocument/didClose', null);
      session.notify('textDocument/didSave', { textDocument: { uri: ['x'] } });
      session.notify('textDocument/willSave', { textDocument });
      session.notify('workspace/didChangeWatchedFiles', { changes: 'all' });
      session.notify('workspace/didChangeWorkspaceFolders', { event: { added: [] } });
      // Params the server does not read: nothing to complain about.
      session.notify('initialized', 'whatever');
      await session.settled();

      expect(session.logs()).toEqual([
        'ignored a malformed textDocument/didOpen: textDocument.text must be a string, got 42',
        'ignored a malformed textDocument/didOpen: params are missing',
        'ignored a malformed textDocument/didOpen: textDocument.languageId is missing',
        'ignored a malformed textDocument/didChange: contentChanges must be an array, got a string',
        'ignored a malformed textDocument/didChange: contentChanges[0].range.start.line must be a non-negative integer, got -1',
        'ignored a malformed textDocument/didChange: textDocument.version is missing',
        'ignored a malformed textDocument/didClose: textDocument is missing',
        'ignored a malformed textDocument/didClose: params must be an object, got null',
        'ignored a malformed textDocument/didSave: textDocument.uri must be a string, got an array',
        'ignored a malformed textDocument/willSave: reason is missing',
        'ignored a malformed workspace/didChangeWatchedFiles: changes must be an array, got a string',
        'ignored a malformed workspace/didChangeWorkspaceFolders: event.removed is missing',
      ]);
      // Nothing was re-linted or cleared, and the document is still open with its text.
      expect(session.published()).toHaveLength(publications);
      const symbols = (await session.result('textDocument/documentSymbol', { textDocument })) as Array<{ children: unknown[] }>;
      expect(symbols[0]?.children).toHaveLength(2);

      const changed = session.nextDiagnostics(uri);
      session.notify('textDocument/didChange', { textDocument: { uri, version: 3 }, contentChanges: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '\n' }] });
      const diagnostics = (await changed).diagnostics;
      expect((await changed).version).toBe(3);
      expect(diagnostics.filter((d) => d.code === 'DL4000').map((d) => d.range.start.line)).toEqual([2]);
    } finally {
      session.dispose();
    }
  });
});

describe('the validators', () => {
  it('pass the params they accept through unchanged, extra fields and all', () => {
    const params = { ...at, workDoneToken: 'w', extra: { anything: true } };
    expect(positionParams(params)).toEqual({ ok: true, params });
  });

  it('take any number as a request position (the server reads one outside the document as the nearest place in it)', () => {
    expect(positionParams({ textDocument, position: { line: -7, character: 10 ** 9 } }).ok).toBe(true);
    expect(positionParams({ textDocument, position: { line: 1.5, character: 0 } }).ok).toBe(true);
  });

  it('take only exact positions in a document change, and a change without a range', () => {
    const change = (range?: unknown) => ({ textDocument: { uri, version: 2 }, contentChanges: [{ text: 'x', ...(range ? { range } : {}) }] });
    expect(didChangeParams(change()).ok).toBe(true);
    expect(didChangeParams(change(range)).ok).toBe(true);
    expect(didChangeParams(change({ start: { line: 0, character: 1.5 }, end: position }))).toEqual({
      ok: false,
      problem: 'contentChanges[0].range.start.character must be a non-negative integer, got 1.5',
    });
  });

  it('accept an initialize without rootUri or folders, as clients of older protocol versions send it', () => {
    expect(initializeParams({ processId: 1, capabilities: {} }).ok).toBe(true);
    expect(initializeParams({ processId: null, rootUri: null, workspaceFolders: null, capabilities: {} }).ok).toBe(true);
    expect(initializeParams({ processId: null, rootUri: null, capabilities: 'all' })).toEqual({ ok: false, problem: 'capabilities must be an object, got a string' });
  });
});
