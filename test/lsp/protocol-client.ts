/**
 * A protocol client for the end-to-end tests and the benchmark: a connection over two streams, and a way to
 * wait for the diagnostics of a document version.
 */
import type { Readable, Writable } from 'node:stream';
import {
  createProtocolConnection,
  PublishDiagnosticsNotification,
  StreamMessageReader,
  StreamMessageWriter,
  type Diagnostic,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';

export interface TestClient {
  readonly connection: ProtocolConnection;
  /** Resolves with the first diagnostics published for `uri` (and `version`, when given) from now on or already received. */
  diagnostics(uri: string, version?: number, timeoutMs?: number): Promise<Diagnostic[]>;
  /** Every publication received, in order. */
  readonly received: PublishDiagnosticsParams[];
}

export function connectClient(input: Readable, output: Writable): TestClient {
  const connection = createProtocolConnection(new StreamMessageReader(input), new StreamMessageWriter(output));
  const received: PublishDiagnosticsParams[] = [];
  const waiters: Array<{ uri: string; version?: number; resolve: (d: Diagnostic[]) => void }> = [];
  connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
    received.push(params);
    for (const waiter of [...waiters]) {
      if (waiter.uri !== params.uri || (waiter.version !== undefined && waiter.version !== params.version)) continue;
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve(params.diagnostics);
    }
  });
  connection.onRequest('client/registerCapability', () => null);
  connection.onRequest('window/showMessageRequest', () => null);
  connection.listen();
  return {
    connection,
    received,
    diagnostics(uri, version, timeoutMs = 10_000) {
      const already = [...received].reverse().find((p) => p.uri === uri && (version === undefined || p.version === version));
      if (already && version !== undefined) return Promise.resolve(already.diagnostics);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no diagnostics for ${uri} v${version ?? '?'}`)), timeoutMs);
        waiters.push({
          uri,
          ...(version !== undefined ? { version } : {}),
          resolve: (diagnostics) => {
            clearTimeout(timer);
            resolve(diagnostics);
          },
        });
      });
    },
  };
}

/** Applies protocol text edits to a text (edits must not overlap). */
export function applyTextEdits(
  text: string,
  edits: readonly { range: { start: { line: number; character: number }; end: { line: number; character: number } }; newText: string }[],
): string {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  const offset = (p: { line: number; character: number }): number =>
    p.line >= starts.length ? text.length : Math.min((starts[p.line] as number) + p.character, text.length);
  const sorted = [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start));
  let out = text;
  for (const edit of sorted) out = out.slice(0, offset(edit.range.start)) + edit.newText + out.slice(offset(edit.range.end));
  return out;
}
