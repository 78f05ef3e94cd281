/**
 * End to end: `dfkit lsp --stdio` as a child process, driven by a protocol client over its standard streams.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CodeActionRequest,
  CompletionRequest,
  DefinitionRequest,
  DocumentFormattingRequest,
  DocumentHighlightRequest,
  DocumentSymbolRequest,
  FoldingRangeRequest,
  HoverRequest,
  PrepareRenameRequest,
  ReferencesRequest,
  RenameRequest,
  SemanticTokensRangeRequest,
  SemanticTokensRequest,
  SignatureHelpRequest,
  type CompletionItem,
  type DocumentSymbol,
  type MarkupContent,
  DidChangeTextDocumentNotification,
  DidChangeWatchedFilesNotification,
  DidOpenTextDocumentNotification,
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  ShutdownRequest,
  type CodeAction,
  type Diagnostic,
  type InitializeResult,
} from 'vscode-languageserver-protocol/node';
import { hostPlatform, plan } from '../../src/planner/index.js';
import { applyTextEdits, connectClient, type TestClient } from './protocol-client.js';
import { spawnServer, type ServerProcess } from './server-process.js';

let workspace: string;
let server: ServerProcess;
let client: TestClient;

const DOCKERFILE = [
  'FROM ubuntu:22.04 AS base',
  'WORKDIR app',
  'RUN apt-get update && apt-get install -y curl',
  'FROM base AS final',
  'MAINTAINER me',
  '',
].join('\n');

/** A second document, in a sub-folder of the workspace, for the other capabilities. */
const APP = [
  'ARG BASE=alpine:3.19',
  'from $BASE AS build',
  'ARG VERSION=1',
  'COPY package.json /app/',
  'RUN --mount=type=cache,target=/root/.cache echo ${VERSION} && \\',
  '    echo done',
  'FROM build',
  'COPY --from=build /app /app',
  '',
].join('\n');

let uri: string;
let appUri: string;
let text = DOCKERFILE;
let version = 1;

const codes = (diagnostics: readonly Diagnostic[]): string[] => diagnostics.map((d) => String(d.code));

async function change(edits: { range: { start: { line: number; character: number }; end: { line: number; character: number } }; text: string }[]): Promise<Diagnostic[]> {
  version++;
  for (const edit of edits) text = applyTextEdits(text, [{ range: edit.range, newText: edit.text }]);
  await client.connection.sendNotification(DidChangeTextDocumentNotification.type, {
    textDocument: { uri, version },
    contentChanges: edits.map((edit) => ({ range: edit.range, text: edit.text })),
  });
  return client.diagnostics(uri, version);
}

beforeAll(async () => {
  workspace = mkdtempSync(join(tmpdir(), 'dfkit-lsp-'));
  writeFileSync(join(workspace, 'Dockerfile'), DOCKERFILE);
  // The configuration of the folder switches DL3008 off: the server must not report it.
  writeFileSync(join(workspace, '.hadolint.yaml'), 'ignored:\n  - DL3008\n');
  writeFileSync(join(workspace, '.dockerignore'), '.git\n');
  mkdirSync(join(workspace, 'app'));
  writeFileSync(join(workspace, 'app', 'Dockerfile'), APP);
  writeFileSync(join(workspace, 'app', 'package.json'), '{"name":"app"}\n');
  appUri = pathToFileURL(join(workspace, 'app', 'Dockerfile')).href;
  uri = pathToFileURL(join(workspace, 'Dockerfile')).href;
  server = spawnServer(workspace);
  client = connectClient(server.child.stdout, server.child.stdin);
});

afterAll(async () => {
  client?.connection.dispose();
  if (server && server.child.exitCode === null) server.child.kill('SIGKILL');
  if (workspace) rmSync(workspace, { recursive: true, force: true });
});

describe('dfkit lsp --stdio', () => {
  it('initializes and advertises its capabilities', async () => {
    const result: InitializeResult = await client.connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: pathToFileURL(workspace).href,
      workspaceFolders: [{ uri: pathToFileURL(workspace).href, name: 'ws' }],
      capabilities: { workspace: { didChangeWatchedFiles: { dynamicRegistration: true } } },
    });
    await client.connection.sendNotification(InitializedNotification.type, {});
    const caps = result.capabilities;
    expect(caps.textDocumentSync).toMatchObject({ openClose: true, change: 2 });
    expect(caps.codeActionProvider).toMatchObject({ codeActionKinds: ['quickfix', 'source.fixAll.dfkit'] });
    expect(caps.hoverProvider).toBe(true);
    expect(caps.completionProvider?.triggerCharacters).toContain('$');
    expect(caps.documentSymbolProvider).toBe(true);
    expect(caps.foldingRangeProvider).toBe(true);
    expect(caps.definitionProvider).toBe(true);
    expect(caps.referencesProvider).toBe(true);
    expect(caps.renameProvider).toEqual({ prepareProvider: true });
    expect(caps.documentHighlightProvider).toBe(true);
    expect(caps.signatureHelpProvider?.triggerCharacters).toContain(' ');
    expect(caps.documentFormattingProvider).toBe(true);
    expect(caps.documentRangeFormattingProvider).toBe(true);
    expect(caps.semanticTokensProvider?.legend.tokenTypes).toContain('keyword');
    expect(result.serverInfo?.name).toBe('dfkit');
  });

  // What a small machine runs (the server answered above): the server in a child process whose V8 pool leaves the main thread a core.
  it.runIf(process.platform === 'linux' && availableParallelism() <= 4)('serves from a process with a V8 pool one smaller than the cores', () => {
    const commands = readdirSync('/proc').flatMap((entry) => {
      if (!/^\d+$/.test(entry)) return [];
      try {
        // The fourth field of stat is the parent's pid; the command name before it is in parentheses.
        const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
        if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) !== server.child.pid) return [];
        // Arguments are NUL-terminated.
        return [readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').slice(0, -1)];
      } catch {
        return [];
      }
    });
    // Other children may be the TypeScript loader's helpers: the server is the one running `lsp --stdio`.
    const servers = commands.filter((command) => command.slice(-2).join(' ') === 'lsp --stdio');
    expect(servers).toHaveLength(1);
    expect(servers[0]).toContain(`--v8-pool-size=${Math.max(1, availableParallelism() - 1)}`);
  });

  it('publishes diagnostics with codes, exact ranges and rule links, honouring .hadolint.yaml', async () => {
    await client.connection.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri, languageId: 'dockerfile', version, text },
    });
    const diagnostics = await client.diagnostics(uri, version);
    const workdir = diagnostics.find((d) => d.code === 'DL3000');
    expect(workdir?.range).toEqual({ start: { line: 1, character: 8 }, end: { line: 1, character: 11 } });
    expect(workdir?.codeDescription?.href).toMatch(/docs\/rules\/absolute-workdir\.md$/);
    expect(workdir?.source).toBe('dfkit');
    expect(codes(diagnostics)).toContain('DL4000');
    expect(codes(diagnostics)).toContain('DL3009');
    // Ignored by the folder's configuration.
    expect(codes(diagnostics)).not.toContain('DL3008');
  });

  it('re-lints after an incremental edit', async () => {
    const diagnostics = await change([{ range: { start: { line: 1, character: 8 }, end: { line: 1, character: 8 } }, text: '/' }]);
    expect(text.split('\n')[1]).toBe('WORKDIR /app');
    expect(codes(diagnostics)).not.toContain('DL3000');
    expect(codes(diagnostics)).toContain('DL4000');
  });

  it('offers the linter fix as a preferred quick fix, and applying it removes the finding', async () => {
    const actions = (await client.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri },
      range: { start: { line: 4, character: 0 }, end: { line: 4, character: 0 } },
      context: { diagnostics: [] },
    })) as CodeAction[];
    const fix = actions.find((action) => action.title.startsWith('Replace MAINTAINER'));
    expect(fix?.isPreferred).toBe(true);
    expect(fix?.title).toContain('safe fix');
    expect(actions.map((a) => a.title)).toContain('Ignore DL4000 for this line (# hadolint ignore)');
    const edits = fix?.edit?.changes?.[uri] ?? [];
    expect(edits.length).toBeGreaterThan(0);
    const diagnostics = await change(edits.map((e) => ({ range: e.range, text: e.newText })).reverse());
    expect(codes(diagnostics)).not.toContain('DL4000');
  });

  it('inserts a hadolint ignore pragma above the instruction', async () => {
    const actions = (await client.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri },
      range: { start: { line: 2, character: 12 }, end: { line: 2, character: 12 } },
      context: { diagnostics: [], only: ['quickfix'] },
    })) as CodeAction[];
    const ignore = actions.find((a) => a.title === 'Ignore DL3009 for this line (# hadolint ignore)');
    const edits = ignore?.edit?.changes?.[uri] ?? [];
    expect(edits).toEqual([{ range: { start: { line: 2, character: 0 }, end: { line: 2, character: 0 } }, newText: '# hadolint ignore=DL3009\n' }]);
    const diagnostics = await change(edits.map((e) => ({ range: e.range, text: e.newText })));
    expect(codes(diagnostics)).not.toContain('DL3009');
  });

  it('answers every other capability on a second document', async () => {
    const c = client.connection;
    await c.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: appUri, languageId: 'dockerfile', version: 1, text: APP } });
    const diagnostics = await client.diagnostics(appUri, 1);
    expect(codes(diagnostics)).toContain('ConsistentInstructionCasing');
    const doc = { textDocument: { uri: appUri } };
    const pos = (line: number, character: number) => ({ ...doc, position: { line, character } });

    const variable = await c.sendRequest(HoverRequest.type, pos(4, 53));
    expect((variable?.contents as MarkupContent).value).toContain('Value here: `1`');
    // The planner's key for the COPY, with the context being the Dockerfile's folder.
    const copy = await c.sendRequest(HoverRequest.type, pos(3, 1));
    expect((copy?.contents as MarkupContent).value).toMatch(/\*\*Cache key\*\* `sha256:[0-9a-f]{12}…`/);
    // The key `dfkit plan` gives the same file: the context its folder, the platform this machine's.
    const file = join(workspace, 'app', 'Dockerfile');
    const planned = await plan(APP, { context: join(workspace, 'app'), dockerfilePath: file, platform: hostPlatform(), buildPlatform: hostPlatform(), cacheDir: false });
    const planKey = planned.stages[0]!.steps.find((step) => step.line === 4)!.key!;
    expect((copy?.contents as MarkupContent).value).toContain(`\`${planKey.slice(0, 19)}…\``);
    expect((copy?.contents as MarkupContent).value).toContain('`package.json` changed; it is copied by `COPY package.json /app/` on line 4');

    const completion = (await c.sendRequest(CompletionRequest.type, pos(7, 12))) as CompletionItem[];
    expect(completion.map((item) => item.label)).toEqual(['build']);

    const symbols = (await c.sendRequest(DocumentSymbolRequest.type, doc)) as DocumentSymbol[];
    expect(symbols.map((s) => s.name)).toEqual(['ARG', 'build', 'stage 1']);

    const folds = await c.sendRequest(FoldingRangeRequest.type, doc);
    expect(folds).toContainEqual({ startLine: 4, endLine: 5 });

    const tokens = await c.sendRequest(SemanticTokensRequest.type, doc);
    expect(tokens?.data.slice(0, 5)).toEqual([0, 0, 3, 0, 0]); // `ARG`, a keyword
    // A range starting on line 1 begins with that line's first token, absolute from the top of the document.
    const ranged = await c.sendRequest(SemanticTokensRangeRequest.type, { ...doc, range: { start: { line: 1, character: 0 }, end: { line: 1, character: 99 } } });
    expect(ranged?.data[0]).toBe(1);
    expect(ranged?.data.length).toBeGreaterThan(0);
    expect((ranged?.data ?? []).filter((_, index) => index % 5 === 0).slice(1).every((delta) => delta === 0)).toBe(true);

    const target = { uri: appUri, range: { start: { line: 1, character: 14 }, end: { line: 1, character: 19 } } };
    expect(await c.sendRequest(DefinitionRequest.type, pos(7, 14))).toEqual(target);
    const refs = await c.sendRequest(ReferencesRequest.type, { ...pos(1, 15), context: { includeDeclaration: true } });
    expect(refs?.map((r) => r.range.start.line)).toEqual([1, 6, 7]);
    const highlights = await c.sendRequest(DocumentHighlightRequest.type, pos(2, 5));
    expect(highlights?.map((h) => h.range.start.line)).toEqual([2, 4]);

    expect(await c.sendRequest(PrepareRenameRequest.type, pos(2, 5))).toEqual({ range: { start: { line: 2, character: 4 }, end: { line: 2, character: 11 } }, placeholder: 'VERSION' });
    const renamed = await c.sendRequest(RenameRequest.type, { ...pos(2, 5), newName: 'APP_VERSION' });
    expect(applyTextEdits(APP, renamed?.changes?.[appUri] ?? [])).toContain('echo ${APP_VERSION}');

    const signature = await c.sendRequest(SignatureHelpRequest.type, pos(4, 5));
    expect(signature?.signatures[0]?.label).toMatch(/^RUN \[--mount=/);

    const formatted = await c.sendRequest(DocumentFormattingRequest.type, { ...doc, options: { tabSize: 4, insertSpaces: true } });
    expect(applyTextEdits(APP, formatted ?? []).split('\n')[1]).toBe('FROM $BASE AS build');

    const fixAll = (await c.sendRequest(CodeActionRequest.type, {
      ...doc,
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: [], only: ['source.fixAll'] },
    })) as CodeAction[];
    expect(fixAll.map((a) => a.kind)).toEqual(['source.fixAll.dfkit']);
    const fixed = applyTextEdits(APP, fixAll[0]?.edit?.changes?.[appUri] ?? []);
    await c.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri: appUri, version: 2 }, contentChanges: [{ text: fixed }] });
    expect(codes(await client.diagnostics(appUri, 2))).not.toContain('ConsistentInstructionCasing');
  });

  it('re-reads the configuration when a watched file changes', async () => {
    await client.connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri: appUri, version: 3 },
      contentChanges: [{ text: 'FROM alpine:3.19\nWORKDIR app\n' }],
    });
    const code = 'DL3000';
    expect(codes(await client.diagnostics(appUri, 3))).toContain(code);
    writeFileSync(join(workspace, '.hadolint.yaml'), `ignored:\n  - DL3008\n  - ${code}\n`);
    const next = client.diagnostics(appUri);
    await client.connection.sendNotification(DidChangeWatchedFilesNotification.type, {
      changes: [{ uri: pathToFileURL(join(workspace, '.hadolint.yaml')).href, type: 2 }],
    });
    expect(codes(await next)).not.toContain(code);
  });

  it('shuts down, refuses requests after that, and exits cleanly', async () => {
    await client.connection.sendRequest(ShutdownRequest.type);
    await expect(client.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: { line: 0, character: 0 } })).rejects.toMatchObject({ code: -32600 });
    await client.connection.sendNotification(ExitNotification.type);
    expect(await server.exited).toBe(0);
    expect(server.stderr()).toBe('');
  });
});
