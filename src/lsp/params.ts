/**
 * The shapes of the params the server reads, one validator a shape. A validator checks the fields the server
 * relies on, and the objects they sit in, with the types the protocol gives them; the type it declares is what
 * it checked. Fields the server does not read are not checked, so a client sending more (or fewer) of those is
 * served as before. What is wrong is told in one line naming the field, as a client author would look for it:
 * `position.line must be a number, got a string`.
 *
 * Positions in requests may be any number: a position outside the document (a negative character, a line past
 * the end) is read as the nearest place in it (`positions.ts`). Positions in a document change must be exact,
 * because a wrong one would not fail: it would splice the text at a wrong offset.
 */
import type {
  DidChangeTextDocumentParams,
  DidOpenTextDocumentParams,
  FormattingOptions,
  Range,
  ReferenceParams,
  RenameParams,
  TextDocumentIdentifier,
  TextDocumentPositionParams,
  WillSaveTextDocumentParams,
} from 'vscode-languageserver';

/** The params of a message once checked: typed, or what is wrong with them. */
export type Checked<P> = { readonly ok: true; readonly params: P } | { readonly ok: false; readonly problem: string };

/** Checks the params of one kind of message (`undefined` when the message has none). */
export type ParamsValidator<P> = (params: unknown) => Checked<P>;

/** What is wrong with a value found at `path` (a field path such as `textDocument.uri`), or `null`. */
type Check = (value: unknown, path: string) => string | null;

/** Params with a document, the only field read of them (document symbols, folding, semantic tokens, close, save). */
export const textDocumentParams = shape<{ readonly textDocument: TextDocumentIdentifier }>({ textDocument: documentId() });

/** A document about to be saved (the reason is handed on to the document store's listeners). */
export const willSaveParams = shape<WillSaveTextDocumentParams>({ textDocument: documentId(), reason: number });

/** Params with a document and a range (semantic tokens of a range). */
export const textDocumentRangeParams = shape<{ readonly textDocument: TextDocumentIdentifier; readonly range: Range }>({ textDocument: documentId(), range: range(number) });

/** Params with a document and a position (hover, completion, definition, highlights, prepare rename, signature help). */
export const positionParams = shape<TextDocumentPositionParams>({ textDocument: documentId(), position: position(number) });

export const referenceParams = shape<ReferenceParams>({
  textDocument: documentId(),
  position: position(number),
  context: record({ includeDeclaration: boolean }),
});

export const renameParams = shape<RenameParams>({ textDocument: documentId(), position: position(number), newName: string });

/** Code actions of a range; the diagnostics of the context are not read (the server has its own). */
export const codeActionParams = shape<{
  readonly textDocument: TextDocumentIdentifier;
  readonly range: Range;
  readonly context: { readonly only?: readonly string[] };
}>({
  textDocument: documentId(),
  range: range(number),
  context: record({ only: optional(arrayOf(string)) }),
});

/** The editor's options of a formatting request: the tab size is the continuation indent. */
type EditorOptions = Pick<FormattingOptions, 'tabSize'>;

export const formattingParams = shape<{ readonly textDocument: TextDocumentIdentifier; readonly options: EditorOptions }>({
  textDocument: documentId(),
  options: record({ tabSize: count }),
});

export const rangeFormattingParams = shape<{ readonly textDocument: TextDocumentIdentifier; readonly range: Range; readonly options: EditorOptions }>({
  textDocument: documentId(),
  range: range(number),
  options: record({ tabSize: count }),
});

/**
 * A document opened. The document store would keep a document whose text or URI is not a string, and every
 * later use of it would throw, far from the message that caused it.
 */
export const didOpenParams = shape<DidOpenTextDocumentParams>({
  textDocument: record({ uri: string, languageId: string, version: number, text: string }),
});

export const didChangeParams = shape<DidChangeTextDocumentParams>({
  textDocument: record({ uri: string, version: number }),
  contentChanges: arrayOf(record({ text: string, range: optional(range(count)) })),
});

/** Folders added and removed; a folder that is not a local one is skipped by the server, not refused here. */
export const workspaceFoldersChangeParams = shape<{ readonly event: { readonly added: readonly unknown[]; readonly removed: readonly unknown[] } }>({
  event: record({ added: array, removed: array }),
});

/** Files changed; which ones is not read (any change of a configuration file invalidates all of them). */
export const watchedFilesParams = shape<{ readonly changes: readonly unknown[] }>({ changes: array });

/** What the server reads of the params of `initialize`; what lies deeper is read with care where it is used. */
export interface InitializeFields {
  readonly capabilities: object;
  readonly rootUri?: string | null;
  readonly workspaceFolders?: readonly unknown[] | null;
  readonly initializationOptions?: unknown;
}

/**
 * The client's initialize. The protocol library reads it before the server does, and fails on params that are
 * not an object or have no capabilities: on the server's own connection, params this refuses never reach it
 * (`connection.ts`). `rootUri` and the workspace folders are optional, since clients of an older protocol
 * leave them out; folders that are not local ones, and `initializationOptions` the server does not
 * understand, are skipped by the server.
 */
export const initializeParams = shape<InitializeFields>({
  capabilities: record({}),
  rootUri: optional(nullable(string)),
  workspaceFolders: optional(nullable(array)),
});

/** For notifications whose params the server does not read (`initialized`): any params will do. */
export const ignoredParams: ParamsValidator<unknown> = (params) => ({ ok: true, params });

/** A validator of params that must be an object with `fields`. */
function shape<P>(fields: Readonly<Record<string, Check>>): ParamsValidator<P> {
  const check = record(fields);
  return (params) => {
    const problem = params === undefined ? 'params are missing' : check(params, '');
    return problem === null ? { ok: true, params: params as P } : { ok: false, problem };
  };
}

function documentId(): Check {
  return record({ uri: string });
}

function position(coordinate: Check): Check {
  return record({ line: coordinate, character: coordinate });
}

function range(coordinate: Check): Check {
  return record({ start: position(coordinate), end: position(coordinate) });
}

function record(fields: Readonly<Record<string, Check>>): Check {
  return (value, path) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return wrong(path, value, 'an object');
    for (const [name, check] of Object.entries(fields)) {
      const problem = check((value as Record<string, unknown>)[name], path === '' ? name : `${path}.${name}`);
      if (problem !== null) return problem;
    }
    return null;
  };
}

function arrayOf(item: Check): Check {
  return (value, path) => {
    if (!Array.isArray(value)) return wrong(path, value, 'an array');
    for (const [index, element] of (value as readonly unknown[]).entries()) {
      const problem = item(element, `${path}[${index}]`);
      if (problem !== null) return problem;
    }
    return null;
  };
}

function optional(check: Check): Check {
  return (value, path) => (value === undefined ? null : check(value, path));
}

function nullable(check: Check): Check {
  return (value, path) => (value === null ? null : check(value, path));
}

function array(value: unknown, path: string): string | null {
  return Array.isArray(value) ? null : wrong(path, value, 'an array');
}

function string(value: unknown, path: string): string | null {
  return typeof value === 'string' ? null : wrong(path, value, 'a string');
}

function boolean(value: unknown, path: string): string | null {
  return typeof value === 'boolean' ? null : wrong(path, value, 'a boolean');
}

function number(value: unknown, path: string): string | null {
  return typeof value === 'number' && Number.isFinite(value) ? null : wrong(path, value, 'a number');
}

/** A line or character of a text edit: a non-negative integer. */
function count(value: unknown, path: string): string | null {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? null : wrong(path, value, 'a non-negative integer');
}

/** The problem of a value at `path` (the params themselves when empty) that is not `expected`. */
function wrong(path: string, value: unknown, expected: string): string {
  if (value === undefined) return `${path} is missing`;
  return `${path === '' ? 'params' : path} must be ${expected}, got ${kindOf(value)}`;
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'number') return String(value);
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}
