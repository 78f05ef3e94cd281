/**
 * The dfkit language server: wires the protocol to the capability modules of this folder. It holds documents,
 * configuration and scheduling; every answer comes from a pure function over an {@link Analysis}.
 *
 * Diagnostics are scheduled per document on the next turn of the event loop after a change, so that changes
 * already queued coalesce into one lint of the newest text, and the published result never lags the text by
 * more than one lint. When a lint is slow (a huge file) the next one waits as long as the last one took, so
 * typing never queues lint after lint.
 */
import {
  CodeActionKind,
  DidChangeWatchedFilesNotification,
  TextDocumentSyncKind,
  type Connection,
  type Diagnostic,
  type InitializeParams,
  type InitializeResult,
  type ServerCapabilities,
} from 'vscode-languageserver';
import { fileURLToPath } from 'node:url';
import { lint } from '../lint/index.js';
import type { Analysis } from './analysis.js';
import { codeActions, FIX_ALL_KIND } from './code-actions.js';
import { toDiagnostics } from './diagnostics.js';
import { DocumentStore, filePathOf } from './documents.js';
import { WATCHED_FILES, WorkspaceConfig } from './workspace-config.js';
import { PlanCache, type PlanProvider } from './plan-cache.js';
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
import { offsetAt } from './positions.js';

export interface ServerOptions {
  /** The user's home directory (hadolint's per-user configuration lookup). */
  readonly home: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** How step keys are planned for hover; the default scans the Dockerfile's folder with the planner. */
  readonly planner?: PlanProvider;
  /** Told after each publication (the benchmark's probe). */
  readonly onPublish?: (event: PublishEvent) => void;
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
}

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

/** Starts serving on a connection (stdio, IPC or in-memory streams). */
export function startServer(connection: Connection, options: ServerOptions): void {
  const config = new WorkspaceConfig({
    home: options.home,
    env: options.env,
    onProblems: (folder, problems) => {
      for (const problem of problems) connection.console.warn(`${folder}: ${problem.message}`);
      const errors = problems.filter((problem) => problem.severity === 'error');
      if (errors.length > 0) void connection.window.showWarningMessage(`dfkit: ${errors.map((e) => e.message).join('; ')}`);
    },
  });
  const store = new DocumentStore((file) => config.optionsFor(file));
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
      connection.console.error(`publishing diagnostics for ${uri} failed: ${reason}`);
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
    const last = published.get(uri);
    if (last?.analysis === analysis) return;
    const diagnostics = toDiagnostics(analysis.lint.findings, last?.diagnostics, analysis.lines);
    published.set(uri, { analysis, diagnostics });
    void connection.sendDiagnostics({ uri, version, diagnostics });
    options.onPublish?.({ uri, version, analyzeMs, publishMs: performance.now() - analyzed });
  };

  const schedule = (uri: string): void => {
    if (scheduled.has(uri)) return; // A pending lint will read the newest text.
    const wait = Math.max(delay, (lastLintMs.get(uri) ?? 0) >= SLOW_LINT_MS ? (lastLintMs.get(uri) as number) : 0);
    scheduled.set(uri, wait > 0 ? setTimeout(publish, wait, uri) : setImmediate(publish, uri));
  };

  const revalidateAll = (): void => {
    store.clear();
    for (const document of store.documents.all()) schedule(document.uri);
  };

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    const folders = (params.workspaceFolders ?? []).map((folder) => folder.uri);
    if (folders.length === 0 && params.rootUri) folders.push(params.rootUri);
    config.setFolders(folders.map((uri) => filePathOf(uri)).filter((path): path is string => path !== null));
    const init = (params.initializationOptions ?? {}) as InitializationOptions;
    if (typeof init.diagnosticsDelay === 'number' && init.diagnosticsDelay >= 0) delay = init.diagnosticsDelay;
    if (init.format && typeof init.format === 'object') formatSettings = init.format;
    watchRegistration = params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    const workspaceFolders = params.capabilities.workspace?.workspaceFolders === true;
    return {
      capabilities: {
        ...serverCapabilities(),
        ...(workspaceFolders ? { workspace: { workspaceFolders: { supported: true, changeNotifications: true } } } : {}),
      },
      serverInfo: { name: 'dfkit' },
    };
  });

  connection.onInitialized(() => {
    if (watchRegistration) {
      void connection.client.register(DidChangeWatchedFilesNotification.type, {
        watchers: WATCHED_FILES.map((globPattern) => ({ globPattern })),
      });
    }
  });

  connection.onNotification('workspace/didChangeWorkspaceFolders', (params: { event: { added: { uri: string }[]; removed: { uri: string }[] } }) => {
    const current = new Set(config.folders());
    for (const folder of params.event.removed) current.delete(fileURLToPath(folder.uri));
    for (const folder of params.event.added) {
      const path = filePathOf(folder.uri);
      if (path) current.add(path);
    }
    config.setFolders([...current]);
    revalidateAll();
  });

  connection.onDidChangeWatchedFiles(() => {
    config.invalidate();
    plans.clear();
    revalidateAll();
  });

  store.documents.onDidChangeContent((event) => schedule(event.document.uri));
  store.documents.onDidClose((event) => {
    const uri = event.document.uri;
    const pending = scheduled.get(uri);
    if (pending) {
      clearTimeout(pending as NodeJS.Timeout);
      clearImmediate(pending as NodeJS.Immediate);
      scheduled.delete(uri);
    }
    store.forget(uri);
    plans.forget(uri);
    published.delete(uri);
    lastLintMs.delete(uri);
    void connection.sendDiagnostics({ uri, diagnostics: [] });
  });

  connection.onCodeAction((params) => {
    const analysis = store.analysisOf(params.textDocument.uri);
    if (!analysis) return [];
    const lintOptions = store.optionsOf(params.textDocument.uri);
    return codeActions(analysis, {
      uri: params.textDocument.uri,
      range: params.range,
      ...(params.context.only ? { only: params.context.only } : {}),
      relint: (text) => lint(text, lintOptions).findings,
    });
  });

  const analysisOf = (uri: string): Analysis | null => store.analysisOf(uri);

  connection.onHover(async (params) => {
    const uri = params.textDocument.uri;
    const analysis = analysisOf(uri);
    if (!analysis) return null;
    const plan = await planFor(uri, analysis, params.position);
    return hover(analysis, params.position, plan);
  });

  /** The plan, when the hover is on the keyword of a RUN/COPY/ADD of a file in a workspace folder. */
  const planFor = async (uri: string, analysis: Analysis, position: { line: number; character: number }) => {
    const instruction = analysis.instructionAt(offsetAt(analysis.text, analysis.lines, position));
    if (!instruction || !PLANNED_KINDS.has(instruction.name) || instruction.keywordRange.start.line !== position.line) return null;
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

  connection.onCompletion((params) => {
    const analysis = analysisOf(params.textDocument.uri);
    return analysis ? completion(analysis, params.position) : [];
  });
  connection.onDocumentSymbol((params) => {
    const analysis = analysisOf(params.textDocument.uri);
    return analysis ? documentSymbols(analysis) : [];
  });
  connection.onFoldingRanges((params) => {
    const analysis = analysisOf(params.textDocument.uri);
    return analysis ? foldingRanges(analysis) : [];
  });
  connection.languages.semanticTokens.on((params) => {
    const analysis = analysisOf(params.textDocument.uri);
    return analysis ? semanticTokens(analysis) : { data: [] };
  });
  connection.languages.semanticTokens.onRange((params) => {
    const analysis = analysisOf(params.textDocument.uri);
    return analysis ? semanticTokens(analysis, params.range) : { data: [] };
  });
  connection.onDefinition((params) => {
    const analysis = analysisOf(params.textDocument.uri);
    return analysis ? definition(analysis, params.textDocument.uri, params.position) : null;
  });
  connection.onReferences((params) => {
    const analysis = analysisOf(params.textDocument.uri);
    return analysis ? references(analysis, params.textDocument.uri, params.position, params.context.includeDeclaration) : [];
  });
  connection.onDocumentHighlight((params) => {
    const analysis = analysisOf(params.textDocument.uri);
    return analysis ? documentHighlights(analysis, params.position) : [];
  });
  connection.onPrepareRename((params) => {
    const analysis = analysisOf(params.textDocument.uri);
    return analysis ? prepareRename(analysis, params.position) : null;
  });
  connection.onRenameRequest((params) => {
    const analysis = analysisOf(params.textDocument.uri);
    return analysis ? rename(analysis, params.textDocument.uri, params.position, params.newName) : null;
  });
  connection.onSignatureHelp((params) => {
    const analysis = analysisOf(params.textDocument.uri);
    return analysis ? signatureHelp(analysis, params.position) : null;
  });
  connection.onDocumentFormatting((params) => {
    const document = store.documents.get(params.textDocument.uri);
    return document ? formatEdits(document.getText(), params.options, formatSettings) : [];
  });
  connection.onDocumentRangeFormatting((params) => {
    const document = store.documents.get(params.textDocument.uri);
    return document ? formatEdits(document.getText(), params.options, formatSettings, params.range) : [];
  });


  store.listen(connection, (reason) => connection.console.warn(reason));
  connection.listen();
}
