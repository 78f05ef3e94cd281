/**
 * The dfkit language server: wires the protocol to the capability modules of this folder. It holds documents,
 * configuration and scheduling; every answer comes from a pure function over an {@link Analysis}.
 * {@link startServer} serves a message reader and writer, or a connection made elsewhere;
 * {@link startStdioServer} and {@link startIpcServer} are `dfkit lsp`'s transports.
 *
 * Diagnostics are scheduled per document on the next turn of the event loop after a change, so that changes
 * already queued coalesce into one lint of the newest text, and the published result never lags the text by
 * more than one lint. When a lint is slow (a huge file) the next one waits as long as the last one took, so
 * typing never queues lint after lint.
 *
 * What the protocol asks of every message (nothing served before `initialize` nor after `shutdown`, params of the
 * right shape) is applied in one place, `router.ts`, before any handler of this file runs.
 */
import {
  CodeActionKind,
  CodeActionRequest,
  CompletionRequest,
  DefinitionRequest,
  DidChangeTextDocumentNotification,
  DidChangeWatchedFilesNotification,
  DidChangeWorkspaceFoldersNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  DidSaveTextDocumentNotification,
  DocumentFormattingRequest,
  DocumentHighlightRequest,
  DocumentRangeFormattingRequest,
  DocumentSymbolRequest,
  ErrorCodes,
  FoldingRangeRequest,
  HoverRequest,
  InitializedNotification,
  PrepareRenameRequest,
  ReferencesRequest,
  RenameRequest,
  ResponseError,
  SemanticTokensRangeRequest,
  SemanticTokensRequest,
  SignatureHelpRequest,
  TextDocumentSyncKind,
  WillSaveTextDocumentNotification,
  WillSaveTextDocumentWaitUntilRequest,
  type Connection,
  type Diagnostic,
  type InitializeError,
  type InitializeParams,
  type InitializeResult,
  type MessageReader,
  type MessageWriter,
  type Position,
  type ServerCapabilities,
} from 'vscode-languageserver';
import { IPCMessageReader, IPCMessageWriter, StreamMessageWriter, type ResponseMessage } from 'vscode-languageserver/node';
import { lint } from '../lint/index.js';
import type { ConfigProblem } from '../lint/config.js';
import type { Analysis } from './analysis.js';
import { codeActions, FIX_ALL_KIND } from './code-actions.js';
import { toDiagnostics } from './diagnostics.js';
import { createServerConnection } from './connection.js';
import { DocumentStore, filePathOf, type TextDocumentConnection } from './documents.js';
import { WATCHED_FILES, WorkspaceConfig } from './workspace-config.js';
import { ShellCheckService, type ShellCheckChecker } from './shellcheck-service.js';
import { findShellCheck } from '../lint/node/shellcheck-program.js';
import { availableParallelism } from 'node:os';
import { PlanCache, type PlanProvider } from './plan-cache.js';
import { BaseImageService, StageImages } from './base-images.js';
import type { ImageFactsSource } from '../runtime/docker/image-facts.js';
import { semanticTokens, semanticTokensCapability } from './semantic-tokens.js';
import { completion } from './completion.js';
import { definition } from './definition.js';
import { documentSymbols } from './document-symbols.js';
import { foldingRanges } from './folding.js';
import { formatEdits, type FormatSettings } from './formatting.js';
import { documentHighlights } from './highlights.js';
import { hover, PLANNED_KINDS } from './hover.js';
import { references } from './references.js';
import { prepareRename, rename } from './rename.js';
import { signatureHelp } from './signature-help.js';
import { clampPosition, offsetAt } from './positions.js';
import { RecoveringMessageReader } from './message-reader.js';
import { MessageRouter, type Answer, type RequestSignature } from './router.js';
import {
  codeActionParams,
  didChangeParams,
  didOpenParams,
  formattingParams,
  ignoredParams,
  initializeParams,
  positionParams,
  rangeFormattingParams,
  referenceParams,
  renameParams,
  textDocumentParams,
  textDocumentRangeParams,
  watchedFilesParams,
  willSaveParams,
  workspaceFoldersChangeParams,
  type InitializeFields,
  type ParamsValidator,
} from './params.js';

export interface ServerOptions {
  /** The user's home directory (hadolint's per-user configuration lookup). */
  readonly home: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** How step keys are planned for hover; the default scans the Dockerfile's folder with the planner. */
  readonly planner?: PlanProvider;
  /** Told after each publication (the benchmark's probe). */
  readonly onPublish?: (event: PublishEvent) => void;
  /** Told when the client asks the server to shut down (a host exiting when its stream closes picks its exit code by it). */
  readonly onShutdown?: () => void;
  /**
   * What runs ShellCheck for `SC…` findings; by default the `shellcheck` program on PATH, looked for when the
   * client initializes. `null`: no ShellCheck findings.
   */
  readonly shellcheck?: ShellCheckChecker | null;
  /** Milliseconds a document must be still before its new RUN scripts are given to ShellCheck (default 300). */
  readonly shellcheckDelay?: number;
  /**
   * Milliseconds a document must be still before the images its FROM lines name are looked up (default 1000):
   * typing `FROM node:20` would otherwise look up `n`, `no`, `nod`… and spend a registry's pull allowance.
   */
  readonly imagesDelay?: number;
  /**
   * Where base images are looked up when the client asks for it (`initializationOptions.resolveImages`); by
   * default as a build finds them: the local Docker engine that `env`'s DOCKER_HOST names, then their registries.
   */
  readonly images?: ImageFactsSource;
}

export interface PublishEvent {
  readonly uri: string;
  readonly version: number;
  /** Milliseconds spent analysing (parse + lint), 0 when the analysis was reused. */
  readonly analyzeMs: number;
  /** Milliseconds spent converting findings to diagnostics and handing them to the connection. */
  readonly publishMs: number;
}

/** What clients may pass as `initializationOptions`. */
export interface InitializationOptions {
  /** Extra milliseconds to wait after a change before linting (default 0: the next turn of the event loop). */
  readonly diagnosticsDelay?: number;
  /** Formatter settings (keyword case, RUN chain wrapping, line width…); the indent is the editor's tab size. */
  readonly format?: FormatSettings;
  /**
   * Import the custom rule modules the configuration's `plugins:` list names (default false: a client sets it
   * for a workspace it trusts, as loading them runs the workspace's code).
   */
  readonly plugins?: boolean;
  /** ShellCheck findings (`SC…`) when the `shellcheck` program is installed (default true). */
  readonly shellcheck?: boolean;
  /**
   * Look the base images up as a build does, in the local Docker engine and then their registries (default
   * false): a stage on an image found inherits the image's environment for UndefinedVar, and its platform is
   * checked (InvalidBaseImagePlatform), as `dfkit lint --resolve-images` does.
   */
  readonly resolveImages?: boolean;
}

/** How long one ShellCheck process may run in the editor before it is killed. */
const SHELLCHECK_TIMEOUT_MS = 20_000;

/** How long a hover waits for a plan before answering without the step's key. */
const PLAN_WAIT_MS = 3000;

/** Lints taking longer than this make the next lint of that document wait as long as they took. */
const SLOW_LINT_MS = 25;

/** The capabilities the server advertises. */
export function serverCapabilities(): ServerCapabilities {
  return {
    textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: false },
    codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND], resolveProvider: false },
    hoverProvider: true,
    completionProvider: { triggerCharacters: ['-', '=', '$', '{', ' ', ','], resolveProvider: false },
    documentSymbolProvider: true,
    foldingRangeProvider: true,
    definitionProvider: true,
    referencesProvider: true,
    renameProvider: { prepareProvider: true },
    documentHighlightProvider: true,
    signatureHelpProvider: { triggerCharacters: [' ', '-', '='], retriggerCharacters: [',', ' '] },
    documentFormattingProvider: true,
    documentRangeFormattingProvider: true,
    semanticTokensProvider: semanticTokensCapability(),
  };
}

/** Where the server reads and writes its messages (stdio, IPC or in-memory streams). */
export interface MessageTransport {
  readonly reader: MessageReader;
  readonly writer: MessageWriter;
}

/**
 * Starts serving, and hands back the connection served. Given a reader and writer, the server makes its own
 * connection, on which an `initialize` whose params the protocol library cannot read is answered with
 * InvalidParams like any other (`connection.ts`). A connection made elsewhere is served as it is: its library
 * answers such an `initialize` with InternalError.
 */
export function startServer(transport: MessageTransport | Connection, options: ServerOptions): Connection {
  // The router is made on the connection; the connection asks it only once messages come.
  const refuseInitialize = (params: unknown): ResponseError<InitializeError> | null => {
    const checked = checkInitialize(router, params);
    return checked.ok ? null : checked.error;
  };
  const connection = 'reader' in transport ? createServerConnection(transport.reader, transport.writer, refuseInitialize) : transport;
  const router = new MessageRouter(connection, (line) => connection.console.warn(line));
  const config = new WorkspaceConfig({
    home: options.home,
    env: options.env,
    onProblems: (folder, problems) => {
      for (const problem of problems.slice(0, MAX_LOGGED_PROBLEMS)) connection.console.warn(`${folder}: ${oneLine(problem.message)}`);
      if (problems.length > MAX_LOGGED_PROBLEMS) connection.console.warn(`${folder}: ${problems.length - MAX_LOGGED_PROBLEMS} more configuration problems not shown`);
      const errors = problems.filter((problem) => problem.severity === 'error');
      if (errors.length > 0) {
        const more = errors.length > 1 ? ` (and ${errors.length - 1} more: see the log)` : '';
        // Typed as returning nothing, it sends a request, which a client that refuses it or closes first rejects.
        const shown: unknown = connection.window.showWarningMessage(`dfkit: ${oneLine((errors[0] as ConfigProblem).message)}${more}`);
        if (shown instanceof Promise) shown.catch(ignoreClosedConnection);
      }
    },
    onRulesChanged: () => revalidateAll(),
  });
  let shellcheck: ShellCheckService | null = null;
  let images: BaseImageService | null = null;
  const stageImages = new StageImages();
  const store = new DocumentStore(
    (file) => (images ? images.optionsWith(config.optionsFor(file)) : config.optionsFor(file)),
    (uri) => shellcheck?.analyzed(uri),
  );
  const plans = new PlanCache(options.planner);
  /** What was last published for each document, and from which analysis. */
  const published = new Map<string, { readonly analysis: Analysis; readonly diagnostics: Diagnostic[] }>();
  const scheduled = new Map<string, NodeJS.Immediate | NodeJS.Timeout>();
  const lastLintMs = new Map<string, number>();
  let delay = 0;
  let formatSettings: FormatSettings = {};
  let watchRegistration = false;

  /**
   * Runs from a timer, where nothing above would catch an exception: one that escaped would end the process
   * and with it every open document's service. A failure is logged and the next change publishes again.
   */
  const publish = (uri: string): void => {
    scheduled.delete(uri);
    try {
      publishNow(uri);
    } catch (error) {
      const reason = (error instanceof Error ? error.message : String(error)).split('\n', 1)[0];
      logFromTimer('error', `publishing diagnostics for ${uri} failed: ${reason}`);
    }
  };

  /** Logs from a timer or a promise: a connection closed meanwhile (the client went away) is no one to tell. */
  const logFromTimer = (level: 'error' | 'warn', message: string): void => {
    try {
      connection.console[level](message);
    } catch {
      // Closed: nothing to do.
    }
  };

  const publishNow = (uri: string): void => {
    const version = store.versionOf(uri);
    if (version === null) return;
    const before = store.analyses;
    const started = performance.now();
    const analysis = store.analysisOf(uri);
    const analyzed = performance.now();
    if (!analysis) return;
    const analyzeMs = store.analyses > before ? analyzed - started : 0;
    if (analyzeMs > 0) lastLintMs.set(uri, analyzeMs);
    if (images) scheduleImageLookup(uri);
    const last = published.get(uri);
    if (last?.analysis === analysis) return;
    const diagnostics = toDiagnostics(analysis.lint.findings, analysis.lines, last?.diagnostics);
    published.set(uri, { analysis, diagnostics });
    connection.sendDiagnostics({ uri, version, diagnostics }).catch(ignoreClosedConnection);
    options.onPublish?.({ uri, version, analyzeMs, publishMs: performance.now() - analyzed });
  };

  const schedule = (uri: string): void => {
    if (scheduled.has(uri)) return; // A pending lint will read the newest text.
    const wait = Math.max(delay, (lastLintMs.get(uri) ?? 0) >= SLOW_LINT_MS ? (lastLintMs.get(uri) as number) : 0);
    scheduled.set(uri, wait > 0 ? setTimeout(publish, wait, uri) : setImmediate(publish, uri));
  };

  const unschedule = (uri: string): void => {
    const pending = scheduled.get(uri);
    if (!pending) return;
    clearTimeout(pending as NodeJS.Timeout);
    clearImmediate(pending as NodeJS.Immediate);
    scheduled.delete(uri);
  };

  /** Adds the ShellCheck rule to every document's rules, when wanted and the program is there. */
  const startShellCheck = (wanted: boolean): void => {
    shellcheck?.dispose();
    shellcheck = null;
    const checker = wanted ? (options.shellcheck === undefined ? findShellCheck() : options.shellcheck) : null;
    if (wanted && !checker) connection.console.info('shellcheck is not installed: no SC findings');
    if (checker) {
      shellcheck = new ShellCheckService(checker, {
        delayMs: options.shellcheckDelay ?? 300,
        concurrency: availableParallelism(),
        timeoutMs: SHELLCHECK_TIMEOUT_MS,
        onAnswered: (uri) => {
          store.invalidate(uri);
          schedule(uri);
        },
        onFailure: (message) => logFromTimer('warn', message),
      });
    }
    config.setAddedRules(shellcheck ? [shellcheck.rule] : []);
  };

  /** The image lookups waiting for their document to be still, by document. */
  const imageLookups = new Map<string, NodeJS.Timeout>();
  const scheduleImageLookup = (uri: string): void => {
    clearTimeout(imageLookups.get(uri));
    const timer = setTimeout(() => {
      imageLookups.delete(uri);
      try {
        const analysis = images ? store.analysisOf(uri) : null;
        if (analysis) images?.want(stageImages.of(uri, analysis, store.optionsOf(uri).settings?.buildArgs ?? {}));
      } catch (error) {
        logFromTimer('error', `looking up the base images of ${uri} failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }, options.imagesDelay ?? 1000);
    timer.unref();
    imageLookups.set(uri, timer);
  };

  /**
   * Looks base images up from now on, when wanted. The engine and registry client is loaded only then, in the
   * background: documents opened meanwhile are linted without the images, and again once they are known.
   */
  const startImages = (wanted: boolean): void => {
    images = null;
    if (!wanted) return;
    const source: Promise<ImageFactsSource> = options.images
      ? Promise.resolve(options.images)
      : import('../runtime/docker/image-facts.js').then((lookups) =>
          lookups.localThenRegistrySource({
            env: options.env,
            onNoEngine: (reason) => logFromTimer('warn', `no Docker engine answered (${reason}); base images are looked up in their registries`),
          }),
        );
    source.then(
      (found) => {
        images = new BaseImageService(found, { onChanged: () => revalidateAll(), onFailure: (message) => logFromTimer('warn', message) });
        revalidateAll();
      },
      // A DOCKER_HOST the server cannot use: said once, and the documents are linted without the images.
      (error: unknown) => logFromTimer('warn', `base images are not resolved: ${error instanceof Error ? error.message : String(error)}`),
    );
  };

  const revalidateAll = (): void => {
    store.clear();
    for (const document of store.documents.all()) schedule(document.uri);
  };

  /** The file system paths of workspace folders; what is not a local folder is added to `skipped`. */
  const folderPaths = (folders: unknown, skipped: string[]): string[] => {
    const paths: string[] = [];
    for (const folder of Array.isArray(folders) ? (folders as unknown[]) : []) {
      const uri = typeof folder === 'object' && folder !== null ? (folder as { uri?: unknown }).uri : undefined;
      const path = typeof uri === 'string' ? filePathOf(uri) : null;
      if (path !== null) paths.push(path);
      else skipped.push(typeof uri === 'string' ? JSON.stringify(uri.length > 80 ? `${uri.slice(0, 80)}…` : uri) : 'a folder without a URI');
    }
    return paths;
  };
  /** One log line for the folders of a message that are not local folders (an editor's virtual or remote ones). */
  const logSkipped = (method: string, skipped: readonly string[]): void => {
    if (skipped.length === 0) return;
    const listed = skipped.slice(0, 3).join(', ') + (skipped.length > 3 ? ` and ${skipped.length - 3} more` : '');
    connection.console.warn(`${method}: skipped ${listed} (only file: folders are used)`);
  };

  connection.onInitialize((given: InitializeParams): InitializeResult | ResponseError<InitializeError> => {
    const checked = checkInitialize(router, given);
    if (!checked.ok) return checked.error;
    const params = checked.params;
    const skipped: string[] = [];
    const folders = folderPaths(params.workspaceFolders, skipped);
    if (folders.length === 0 && typeof params.rootUri === 'string') folders.push(...folderPaths([{ uri: params.rootUri }], skipped));
    logSkipped('initialize', skipped);
    config.setFolders(folders);
    const init = (params.initializationOptions ?? {}) as InitializationOptions;
    if (typeof init.diagnosticsDelay === 'number' && init.diagnosticsDelay >= 0) delay = init.diagnosticsDelay;
    if (init.format && typeof init.format === 'object') formatSettings = init.format;
    config.allowPlugins(init.plugins === true);
    startShellCheck(init.shellcheck !== false);
    startImages(init.resolveImages === true);
    const workspace = (params.capabilities as InitializeParams['capabilities'] | undefined)?.workspace;
    watchRegistration = workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    const workspaceFolders = workspace?.workspaceFolders === true;
    // The protocol library has just taken folder changes for itself if the client supports folders.
    router.reclaim(DidChangeWorkspaceFoldersNotification.type);
    router.initialized();
    return {
      capabilities: {
        ...serverCapabilities(),
        ...(workspaceFolders ? { workspace: { workspaceFolders: { supported: true, changeNotifications: true } } } : {}),
      },
      serverInfo: { name: 'dfkit' },
    };
  });

  router.onNotification(InitializedNotification.type, ignoredParams, () => {
    if (watchRegistration) {
      connection.client
        .register(DidChangeWatchedFilesNotification.type, { watchers: WATCHED_FILES.map((globPattern) => ({ globPattern })) })
        .catch(ignoreClosedConnection);
    }
  });

  connection.onShutdown(() => {
    const refusal = router.refusal();
    if (refusal) return refusal;
    router.shutDown();
    for (const uri of [...scheduled.keys()]) unschedule(uri);
    for (const timer of imageLookups.values()) clearTimeout(timer);
    imageLookups.clear();
    shellcheck?.dispose();
    options.onShutdown?.();
  });

  router.onNotification(DidChangeWorkspaceFoldersNotification.type, workspaceFoldersChangeParams, ({ event }) => {
    const current = new Set(config.folders());
    const skipped: string[] = [];
    for (const path of folderPaths(event.removed, skipped)) current.delete(path);
    for (const path of folderPaths(event.added, skipped)) current.add(path);
    logSkipped('workspace/didChangeWorkspaceFolders', skipped);
    config.setFolders([...current]);
    revalidateAll();
  });

  router.onNotification(DidChangeWatchedFilesNotification.type, watchedFilesParams, () => {
    config.invalidate();
    plans.clear();
    revalidateAll();
  });

  store.documents.onDidChangeContent((event) => schedule(event.document.uri));
  store.documents.onDidClose((event) => {
    const uri = event.document.uri;
    unschedule(uri);
    store.forget(uri);
    stageImages.forget(uri);
    clearTimeout(imageLookups.get(uri));
    imageLookups.delete(uri);
    shellcheck?.forget(uri);
    plans.forget(uri);
    published.delete(uri);
    lastLintMs.delete(uri);
    connection.sendDiagnostics({ uri, diagnostics: [] }).catch(ignoreClosedConnection);
  });

  const analysisOf = (uri: string): Analysis | null => store.analysisOf(uri);

  /** Serves requests about an open document from its analysis; `closed` is the answer when the document is not open. */
  const fromAnalysis = <P extends { readonly textDocument: { readonly uri: string } }, R>(
    type: RequestSignature<R>,
    validate: ParamsValidator<P>,
    closed: NoInfer<R>,
    answer: (analysis: Analysis, params: P) => Answer<NoInfer<R>>,
  ) =>
    router.onRequest(type, validate, (params): Answer<R> => {
      const analysis = analysisOf(params.textDocument.uri);
      return analysis ? answer(analysis, params) : closed;
    });

  fromAnalysis(CodeActionRequest.type, codeActionParams, [], (analysis, params) => {
    const lintOptions = store.optionsOf(params.textDocument.uri);
    return codeActions(analysis, {
      uri: params.textDocument.uri,
      range: params.range,
      ...(params.context.only ? { only: params.context.only } : {}),
      relint: (text) => lint(text, lintOptions).findings,
    });
  });

  fromAnalysis(HoverRequest.type, positionParams, null, async (analysis, params) => {
    const position = clampPosition(analysis.lines, params.position);
    const plan = await planFor(params.textDocument.uri, analysis, position);
    return hover(analysis, position, plan);
  });

  /** The plan, when the hover is on the keyword of a RUN/COPY/ADD of a file in a workspace folder. */
  const planFor = async (uri: string, analysis: Analysis, position: Position) => {
    const instruction = analysis.instructionAt(offsetAt(analysis.lines, position));
    if (!instruction || !PLANNED_KINDS.has(instruction.name) || analysis.lines.lineOf(instruction.keywordRange.start.offset) !== position.line) return null;
    const file = filePathOf(uri);
    const revision = store.revisionOf(uri);
    if (!file || revision === null || config.folderOf(file) === null) return null;
    const planned = plans.planOf(uri, revision, { text: analysis.text, file });
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<null>((resolve) => (timer = setTimeout(resolve, PLAN_WAIT_MS, null)));
    try {
      return await Promise.race([planned, timeout]);
    } finally {
      clearTimeout(timer);
    }
  };

  fromAnalysis(CompletionRequest.type, positionParams, [], (analysis, params) => completion(analysis, params.position));
  fromAnalysis(DocumentSymbolRequest.type, textDocumentParams, [], (analysis) => documentSymbols(analysis));
  fromAnalysis(FoldingRangeRequest.type, textDocumentParams, [], (analysis) => foldingRanges(analysis));
  fromAnalysis(SemanticTokensRequest.type, textDocumentParams, { data: [] }, (analysis) => semanticTokens(analysis));
  fromAnalysis(SemanticTokensRangeRequest.type, textDocumentRangeParams, { data: [] }, (analysis, params) => semanticTokens(analysis, params.range));
  fromAnalysis(DefinitionRequest.type, positionParams, null, (analysis, params) => definition(analysis, params.textDocument.uri, params.position));
  fromAnalysis(ReferencesRequest.type, referenceParams, [], (analysis, params) =>
    references(analysis, params.textDocument.uri, params.position, params.context.includeDeclaration),
  );
  fromAnalysis(DocumentHighlightRequest.type, positionParams, [], (analysis, params) => documentHighlights(analysis, params.position));
  fromAnalysis(PrepareRenameRequest.type, positionParams, null, (analysis, params) => prepareRename(analysis, params.position));
  fromAnalysis(RenameRequest.type, renameParams, null, (analysis, params) => rename(analysis, params.textDocument.uri, params.position, params.newName));
  fromAnalysis(SignatureHelpRequest.type, positionParams, null, (analysis, params) => signatureHelp(analysis, params.position));
  // The analysis holds the document's lines, which the edits are placed on; publishing reuses it.
  fromAnalysis(DocumentFormattingRequest.type, formattingParams, [], (analysis, params) => formatEdits(analysis.lines, params.options, formatSettings));
  fromAnalysis(DocumentRangeFormattingRequest.type, rangeFormattingParams, [], (analysis, params) =>
    formatEdits(analysis.lines, params.options, formatSettings, params.range),
  );

  const documentEvents: TextDocumentConnection = {
    onDidOpenTextDocument: (handler) => router.onNotification(DidOpenTextDocumentNotification.type, didOpenParams, handler),
    onDidChangeTextDocument: (handler) => router.onNotification(DidChangeTextDocumentNotification.type, didChangeParams, handler),
    onDidCloseTextDocument: (handler) => router.onNotification(DidCloseTextDocumentNotification.type, textDocumentParams, handler),
    onWillSaveTextDocument: (handler) => router.onNotification(WillSaveTextDocumentNotification.type, willSaveParams, handler),
    onWillSaveTextDocumentWaitUntil: (handler) => router.onRequest(WillSaveTextDocumentWaitUntilRequest.type, willSaveParams, handler),
    onDidSaveTextDocument: (handler) => router.onNotification(DidSaveTextDocumentNotification.type, textDocumentParams, handler),
  };
  store.documents.listen(documentEvents);
  connection.listen();
  return connection;
}

const INITIALIZED_ALREADY = 'the server is already initialized: initialize is accepted once';

/**
 * The params of an `initialize` the server serves, or the error it answers. Initialize is served once, before
 * the server is initialized: a second one would reset what the client set up (folders, settings) while the
 * client goes on as before, so it is refused, as is one after shutdown.
 */
function checkInitialize(
  router: MessageRouter,
  given: unknown,
): { readonly ok: true; readonly params: InitializeFields } | { readonly ok: false; readonly error: ResponseError<InitializeError> } {
  if (router.state === 'running') return { ok: false, error: new ResponseError(ErrorCodes.InvalidRequest, INITIALIZED_ALREADY, { retry: false }) };
  const refusal = router.state === 'shut down' ? router.refusal() : null;
  if (refusal) return { ok: false, error: new ResponseError(refusal.code, refusal.message, { retry: false }) };
  const checked = initializeParams(given);
  return checked.ok ? checked : { ok: false, error: new ResponseError(ErrorCodes.InvalidParams, `initialize: ${checked.problem}`, { retry: false }) };
}

/**
 * Serves on the process's standard input and output. Standard input is read by a reader that survives broken
 * messages (see `message-reader.ts`): what it skips is told to `log` in one line, and a message it received but
 * could not read is answered with a JSON-RPC Parse error. The process ends as {@link serveProcess} says, standard
 * input closing being the end of the channel.
 */
export function startStdioServer(options: ServerOptions & { readonly log: (line: string) => void }): void {
  const writer = new StreamMessageWriter(process.stdout);
  const reader = new RecoveringMessageReader(process.stdin, (problem) => {
    options.log(problem.message);
    if (problem.kind === 'not-json' || problem.kind === 'wrong-length') {
      // JSON-RPC's answer to a message that could not be read: its id is unknown, so it is null.
      const parseError: ResponseMessage = { jsonrpc: '2.0', id: null, error: { code: ErrorCodes.ParseError, message: `Parse error: ${problem.message}` } };
      writer.write(parseError).catch(ignoreClosedConnection);
    }
  });
  reader.onClose(serveProcess(reader, writer, options));
}

/**
 * Serves on the IPC channel to the Node process that forked this one (`dfkit lsp --node-ipc`); the process
 * must have one. The process ends as {@link serveProcess} says, the parent disconnecting being the end of the
 * channel.
 */
export function startIpcServer(options: ServerOptions): void {
  process.once('disconnect', serveProcess(new IPCMessageReader(process), new IPCMessageWriter(process), options));
}

/**
 * Serves on a channel of this process's own, which ends the process: on `exit`, or when the channel ends (the
 * caller hooks the function handed back to that), with 0 if the server had accepted a shutdown and 1 if not.
 * The protocol library would pick the code itself, counting any shutdown request it saw, one the server
 * refused (sent before initialize) included.
 */
function serveProcess(reader: MessageReader, writer: MessageWriter, options: ServerOptions): () => void {
  let shutDown = false;
  const end = (): void => process.exit(shutDown ? 0 : 1);
  const connection = startServer(
    { reader, writer },
    {
      ...options,
      onShutdown: () => {
        shutDown = true;
        options.onShutdown?.();
      },
    },
  );
  connection.onExit(end);
  return end;
}

/** How many configuration problems of one resolution are logged (a broken file can make hundreds). */
const MAX_LOGGED_PROBLEMS = 20;

/** A message as one log line of reasonable length (a message quoting a value from a file can be long). */
function oneLine(message: string): string {
  // Each run of white space that holds a line break (matched whole, then tested: `\s*\n\s*` backtracked).
  const line = message.replace(/\s+/g, (space) => (space.includes('\n') ? ' ' : space));
  return line.length > 300 ? `${line.slice(0, 300)}…` : line;
}

/**
 * What is sent to a client that has gone (or closes before answering a request) fails: nothing is left to tell
 * it then, and a rejection left unhandled would end the server.
 */
function ignoreClosedConnection(): void {}
