/**
 * The server in this process, driven by a client that writes each message exactly as given: params absent,
 * `null`, an array or a wrong shape, which the protocol library's typed senders would reshape or refuse.
 */
import { PassThrough } from 'node:stream';
import { StreamMessageReader, StreamMessageWriter } from 'vscode-languageserver/node';
import {
  LogMessageNotification,
  PublishDiagnosticsNotification,
  StreamMessageReader as ClientReader,
  type Message,
  type NotificationMessage,
  type PublishDiagnosticsParams,
  type ResponseMessage,
} from 'vscode-languageserver-protocol/node';
import { startServer, type ServerOptions } from '../../src/lsp/server.js';

export interface RawSession {
  /** Sends a request, with the first of `params` as its params (none when `params` is empty), and resolves with the response. */
  request(method: string, ...params: readonly unknown[]): Promise<ResponseMessage>;
  /** Sends a notification (without params when none are given). */
  notify(method: string, ...params: readonly unknown[]): void;
  /** Resolves with the result of a request the server must answer without an error. */
  result(method: string, ...params: readonly unknown[]): Promise<unknown>;
  /** Every notification the server sent, in order. */
  readonly notifications: readonly NotificationMessage[];
  /** What the server logged to the client. */
  logs(): string[];
  /** Diagnostics published so far. */
  published(): PublishDiagnosticsParams[];
  /** Resolves with the first publication for `uri` from now on. */
  nextDiagnostics(uri: string, timeoutMs?: number): Promise<PublishDiagnosticsParams>;
  /** Resolves once every message sent before it was handled (the server handles messages in order). */
  settled(): Promise<void>;
  dispose(): void;
}

export const INITIALIZE = { processId: null, rootUri: null, capabilities: {} };

export function rawSession(options: Partial<ServerOptions> = {}): RawSession {
  const toServer = new PassThrough();
  const toClient = new PassThrough();
  const server = startServer({ reader: new StreamMessageReader(toServer), writer: new StreamMessageWriter(toClient) }, { home: '/nonexistent', env: {}, ...options });
  const reader = new ClientReader(toClient);
  const pending = new Map<number | string, (response: ResponseMessage) => void>();
  const notifications: NotificationMessage[] = [];
  const listeners: Array<(message: NotificationMessage) => void> = [];
  let nextId = 0;

  const write = (message: object): void => {
    const body = JSON.stringify({ jsonrpc: '2.0', ...message });
    toServer.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
  };
  const withParams = (params: readonly unknown[]): object => (params.length === 0 ? {} : { params: params[0] });

  reader.listen((message: Message) => {
    const fields = message as { id?: number | string | null; method?: string };
    if (fields.method !== undefined && fields.id !== undefined) {
      // A request of the server's (registering a capability, showing a message): accepted with no result.
      write({ id: fields.id, result: null });
    } else if (fields.method !== undefined) {
      notifications.push(message as NotificationMessage);
      for (const listener of [...listeners]) listener(message as NotificationMessage);
    } else if (fields.id !== undefined && fields.id !== null) {
      pending.get(fields.id)?.(message as ResponseMessage);
      pending.delete(fields.id);
    }
  });

  const request = (method: string, ...params: readonly unknown[]): Promise<ResponseMessage> => {
    const id = ++nextId;
    const answered = new Promise<ResponseMessage>((resolve) => pending.set(id, resolve));
    write({ id, method, ...withParams(params) });
    return answered;
  };

  return {
    request,
    notify: (method, ...params) => write({ method, ...withParams(params) }),
    async result(method, ...params) {
      const response = await request(method, ...params);
      if (response.error) throw new Error(`${method} failed: ${response.error.code} ${response.error.message}`);
      return response.result;
    },
    notifications,
    logs: () =>
      notifications.filter((n) => n.method === LogMessageNotification.method).map((n) => (n.params as { message: string }).message),
    published: () =>
      notifications.filter((n) => n.method === PublishDiagnosticsNotification.method).map((n) => n.params as PublishDiagnosticsParams),
    nextDiagnostics(uri, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no diagnostics for ${uri}`)), timeoutMs);
        const listener = (message: NotificationMessage): void => {
          const params = message.params as PublishDiagnosticsParams;
          if (message.method !== PublishDiagnosticsNotification.method || params.uri !== uri) return;
          listeners.splice(listeners.indexOf(listener), 1);
          clearTimeout(timer);
          resolve(params);
        };
        listeners.push(listener);
      });
    },
    async settled() {
      // Any request is answered, whatever the state: once it is, everything sent before it was handled, and
      // diagnostics scheduled by it (on the next turn of the event loop) would have been published.
      await request('dfkit/settled');
      await new Promise((resolve) => setTimeout(resolve, 100));
    },
    dispose() {
      reader.dispose();
      server.dispose();
    },
  };
}

/** A session initialized (and told so) with `text` open as `uri`, and the diagnostics first published for it. */
export async function openedSession(
  uri: string,
  text: string,
  options: Partial<ServerOptions> = {},
): Promise<{ session: RawSession; published: PublishDiagnosticsParams }> {
  const session = rawSession(options);
  await session.result('initialize', INITIALIZE);
  session.notify('initialized', {});
  const opened = session.nextDiagnostics(uri);
  session.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'dockerfile', version: 1, text } });
  return { session, published: await opened };
}
