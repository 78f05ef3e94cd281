/**
 * `npm run bench:lsp` (builds, then runs `node --expose-gc --import tsx bench/lsp.ts`; heap figures are after
 * collection): the language server's diagnostics latency while typing in a 650-line Dockerfile.
 *
 * The server runs in this process on a real protocol connection over in-memory streams, so the figures include
 * JSON-RPC framing and (de)serialisation on both sides. 10,000 edits type or delete one character at places
 * spread over the file; each edit waits for its diagnostics before the next is sent. Reported: the time from
 * sending didChange to receiving publishDiagnostics, the server's own split (analysis = parse + lint, publish =
 * conversion + send), `lint()` alone on the same texts for comparison, and the heap every 1,000 edits.
 */
import { PassThrough } from 'node:stream';
import { createConnection, StreamMessageReader as ServerReader, StreamMessageWriter as ServerWriter } from 'vscode-languageserver/node';
import {
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  InitializedNotification,
  InitializeRequest,
} from 'vscode-languageserver-protocol/node';
// The built package, as editors run it (`npm run bench:lsp` builds first).
import { lint } from '../dist/lint/index.js';
import { startServer, type PublishEvent } from '../dist/lsp/index.js';
import { connectClient } from '../test/lsp/protocol-client.js';
import { generateDockerfile } from './corpus.js';

const EDITS = Number(process.env.EDITS ?? 10_000);
const WARMUP = 300;

let file = '';
for (let seed = 1; file.split('\n').length < 650; seed++) file += `${generateDockerfile(seed)}\n`;
const lines = file.split('\n').slice(0, 650);
let text = `${lines.join('\n')}\n`;

const toServer = new PassThrough();
const toClient = new PassThrough();
const events = new Map<number, PublishEvent>();
startServer(createConnection(new ServerReader(toServer), new ServerWriter(toClient)), {
  home: '/nonexistent',
  env: {},
  onPublish: (event) => events.set(event.version, event),
});
const client = connectClient(toClient, toServer);
const uri = 'untitled:bench/Dockerfile';

await client.connection.sendRequest(InitializeRequest.type, { processId: null, rootUri: null, capabilities: {} });
await client.connection.sendNotification(InitializedNotification.type, {});
await client.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'dockerfile', version: 1, text } });
await client.diagnostics(uri, 1);

/** A deterministic generator, so every run types the same edits. */
let state = 42;
const random = (): number => {
  state = (state * 1103515245 + 12345) & 0x7fffffff;
  return state / 0x7fffffff;
};
const gc = (globalThis as { gc?: () => void }).gc;
const heap = (): number => {
  gc?.();
  return process.memoryUsage().heapUsed / 1e6;
};

const total: number[] = [];
const analyzeTimes: number[] = [];
const publishTimes: number[] = [];
const texts: string[] = [];
const heapRows: Array<[number, number]> = [[0, heap()]];
let pending: { line: number; character: number } | null = null;
let findings = 0;

for (let version = 2; version <= EDITS + 1; version++) {
  const lineStarts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  let change: { range: { start: { line: number; character: number }; end: { line: number; character: number } }; text: string };
  if (pending) {
    // Backspace over the character typed last, so the file keeps its size.
    change = { range: { start: pending, end: { line: pending.line, character: pending.character + 1 } }, text: '' };
    const offset = (lineStarts[pending.line] as number) + pending.character;
    text = text.slice(0, offset) + text.slice(offset + 1);
    pending = null;
  } else {
    const line = Math.floor(random() * (lineStarts.length - 1));
    const lineText = text.slice(lineStarts[line], (lineStarts[line + 1] as number) - 1);
    const character = Math.floor(random() * (lineText.length + 1));
    const typed = 'abcdefghijklmnopqrstuvwxyz -_=$'[Math.floor(random() * 31)] as string;
    change = { range: { start: { line, character }, end: { line, character } }, text: typed };
    const offset = (lineStarts[line] as number) + character;
    text = text.slice(0, offset) + typed + text.slice(offset);
    pending = { line, character };
  }
  const started = performance.now();
  const received = client.diagnostics(uri, version);
  await client.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: [change] });
  const diagnostics = await received;
  const elapsed = performance.now() - started;
  findings = diagnostics.length;
  if (version - 1 > WARMUP) {
    total.push(elapsed);
    const event = events.get(version);
    if (event) {
      analyzeTimes.push(event.analyzeMs);
      publishTimes.push(event.publishMs);
    }
    if (texts.length < 500) texts.push(text); // Few enough not to weigh on the heap figures.
  }
  events.delete(version);
  client.received.length = 0;
  if ((version - 1) % 1000 === 0) heapRows.push([version - 1, heap()]);
}

const lintAlone: number[] = [];
for (const sample of texts) {
  const started = performance.now();
  lint(sample);
  lintAlone.push(performance.now() - started);
}

const quantile = (values: number[], q: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number;
};
const row = (name: string, values: number[]): string =>
  `| ${name} | ${quantile(values, 0.5).toFixed(2)} | ${quantile(values, 0.95).toFixed(2)} | ${quantile(values, 0.99).toFixed(2)} | ${quantile(values, 1).toFixed(2)} |`;

console.log(`# dfkit language server: diagnostics while typing (Node ${process.version})\n`);
console.log(`${lines.length}-line Dockerfile, ${Buffer.byteLength(text)} bytes, ~${findings} diagnostics; ${EDITS} one-character edits (first ${WARMUP} not counted)\n`);
console.log('| ms | p50 | p95 | p99 | max |');
console.log('|---|---|---|---|---|');
console.log(row('didChange → publishDiagnostics (client clock)', total));
console.log(row('server: analysis (parse + lint)', analyzeTimes));
console.log(row('server: diagnostics conversion + send', publishTimes));
console.log(row('server path without analysis (total − analysis)', total.map((t, i) => t - (analyzeTimes[i] ?? 0))));
console.log(row(`lint() alone, same texts (${texts.length})`, lintAlone));
console.log(`\nHeap used (MB${gc ? ', after gc' : ', no --expose-gc: before collection'}):\n`);
console.log(`| edits | ${heapRows.map(([edits]) => edits).join(' | ')} |`);
console.log(`|---|${heapRows.map(() => '---').join('|')}|`);
console.log(`| heap | ${heapRows.map(([, mb]) => mb.toFixed(1)).join(' | ')} |`);
client.connection.dispose();
process.exit(0);
