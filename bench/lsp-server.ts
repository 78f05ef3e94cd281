/**
 * The language server as `bench/lsp.ts` runs it in a process of its own, over stdio as editors run it (the
 * built package), with two additions for the benchmark: a `dfkit/benchTiming` notification after each
 * publication carrying the server's own split of the time, and a `dfkit/benchHeap` request answering the
 * heap in use after a collection (run with `--expose-gc`).
 */
import { createConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-languageserver/node';
import { startServer } from '../dist/lsp/index.js';

const connection = createConnection(new StreamMessageReader(process.stdin), new StreamMessageWriter(process.stdout));
const gc = (globalThis as { gc?: () => void }).gc;
connection.onRequest('dfkit/benchHeap', () => {
  gc?.();
  return process.memoryUsage().heapUsed / 1e6;
});
startServer(connection, {
  home: '/nonexistent',
  env: {},
  // ShellCheck runs in processes of its own, after the lint: left out, so figures stay comparable.
  shellcheck: null,
  onPublish: (event) => void connection.sendNotification('dfkit/benchTiming', event),
});
