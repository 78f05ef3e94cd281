/**
 * `npm run bench:lsp` (builds, then runs `node --expose-gc --import tsx bench/lsp.ts`; heap figures are after
 * collection): the language server's diagnostics latency while typing in a 650-line Dockerfile.
 *
 * The same session runs twice. First with the server in a process of its own, talking over stdio as editors
 * run it (`bench/lsp-server.ts`): its heap holds only what the server allocates, so its figures are the
 * server time an editor sees. Then with the server in this process on in-memory streams, as earlier figures
 * were taken: client and server then share one heap, and the client's garbage (parsing every publication)
 * brings collections into the server's time. 10,000 edits type or delete one character at places spread over
 * the file; each edit waits for its diagnostics before the next is sent. Reported: the time from sending
 * didChange to receiving publishDiagnostics, the server's own split (analysis = parse + lint, publish =
 * conversion + send), `lint()` alone on the same texts for comparison, and the server's heap every 1,000 edits.
 * The server's process gets the Node flags `dfkit lsp --stdio` gives it on the machine (a V8 thread pool one
 * smaller than the cores, on four cores or fewer; see `src/cli/relaunch.ts`). `LSP_SERVER_NODE_FLAGS`
 * (space-separated) adds more, to try garbage collector settings (e.g. `--max-semi-space-size=32`).
 */
import { spawn } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
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
import { connectClient, type TestClient } from '../test/lsp/protocol-client.js';
import { serverNodeFlags } from '../src/cli/relaunch.js';
import { generateDockerfile } from './corpus.js';

const EDITS = Number(process.env.EDITS ?? 10_000);
const WARMUP = 300;

let file = '';
for (let seed = 1; file.split('\n').length < 650; seed++) file += `${generateDockerfile(seed)}\n`;
const lines = file.split('\n').slice(0, 650);
const uri = 'untitled:bench/Dockerfile';

/** A server to talk to: the client's connection, the server's publication timings, and its heap after gc. */
interface Session {
  readonly client: TestClient;
  timing(version: number): Promise<PublishEvent>;
  heap(): Promise<number>;
  close(): void;
}

/** Resolvers for timings that have not arrived yet, and timings that arrived before anyone asked. */
function timingBoard(): { deliver(event: PublishEvent): void; wait(version: number): Promise<PublishEvent> } {
  const arrived = new Map<number, PublishEvent>();
  const waiting = new Map<number, (event: PublishEvent) => void>();
  return {
    deliver(event) {
      const resolve = waiting.get(event.version);
      if (resolve) {
        waiting.delete(event.version);
        resolve(event);
      } else arrived.set(event.version, event);
    },
    wait(version) {
      const event = arrived.get(version);
      if (event) {
        arrived.delete(version);
        return Promise.resolve(event);
      }
      return new Promise((resolve) => waiting.set(version, resolve));
    },
  };
}

/** The server in a process of its own, started with `flags`: those `dfkit lsp --stdio` gives it, and any asked for. */
function separateProcess(flags: readonly string[]): Session {
  const child = spawn(process.execPath, [...flags, '--expose-gc', '--import', 'tsx', fileURLToPath(new URL('./lsp-server.ts', import.meta.url))], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const client = connectClient(child.stdout, child.stdin);
  const board = timingBoard();
  client.connection.onNotification('dfkit/benchTiming', (event: PublishEvent) => board.deliver(event));
  return {
    client,
    timing: (version) => board.wait(version),
    heap: () => client.connection.sendRequest<number>('dfkit/benchHeap'),
    close: () => {
      client.connection.dispose();
      child.kill();
    },
  };
}

function sameProcess(): Session {
  const toServer = new PassThrough();
  const toClient = new PassThrough();
  const board = timingBoard();
  startServer(createConnection(new ServerReader(toServer), new ServerWriter(toClient)), {
    home: '/nonexistent',
    env: {},
    // ShellCheck runs in processes of its own, after the lint: left out, so figures stay comparable.
    shellcheck: null,
    onPublish: (event) => board.deliver(event),
  });
  const client = connectClient(toClient, toServer);
  return {
    client,
    timing: (version) => board.wait(version),
    heap: () => Promise.resolve(heap()),
    close: () => client.connection.dispose(),
  };
}

/** A deterministic generator, so every session types the same edits. */
function generator(): () => number {
  let state = 42;
  return () => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return state / 0x7fffffff;
  };
}
const gc = (globalThis as { gc?: () => void }).gc;
const heap = (): number => {
  gc?.();
  return process.memoryUsage().heapUsed / 1e6;
};

const quantile = (values: number[], q: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number;
};
const row = (name: string, values: number[]): string =>
  `| ${name} | ${quantile(values, 0.5).toFixed(2)} | ${quantile(values, 0.95).toFixed(2)} | ${quantile(values, 0.99).toFixed(2)} | ${quantile(values, 1).toFixed(2)} |`;

async function runSession(title: string, session: Session): Promise<void> {
  const { client } = session;
  const random = generator();
  let text = `${lines.join('\n')}\n`;
  await client.connection.sendRequest(InitializeRequest.type, { processId: null, rootUri: null, capabilities: {} });
  await client.connection.sendNotification(InitializedNotification.type, {});
  await client.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'dockerfile', version: 1, text } });
  await client.diagnostics(uri, 1);

  const total: number[] = [];
  const analyzeTimes: number[] = [];
  const publishTimes: number[] = [];
  const texts: string[] = [];
  const heapRows: Array<[number, number]> = [[0, await session.heap()]];
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
    const timed = session.timing(version);
    await client.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: [change] });
    const diagnostics = await received;
    const elapsed = performance.now() - started;
    const event = await timed;
    findings = diagnostics.length;
    if (version - 1 > WARMUP) {
      total.push(elapsed);
      analyzeTimes.push(event.analyzeMs);
      publishTimes.push(event.publishMs);
      if (texts.length < 500) texts.push(text); // Few enough not to weigh on the heap figures.
    }
    client.received.length = 0;
    if ((version - 1) % 1000 === 0) heapRows.push([version - 1, await session.heap()]);
  }
  session.close();

  const lintAlone: number[] = [];
  for (const sample of texts) {
    const started = performance.now();
    lint(sample);
    lintAlone.push(performance.now() - started);
  }

  console.log(`## ${title}\n`);
  console.log(`${lines.length}-line Dockerfile, ${Buffer.byteLength(text)} bytes, ~${findings} diagnostics; ${EDITS} one-character edits (first ${WARMUP} not counted)\n`);
  console.log('| ms | p50 | p95 | p99 | max |');
  console.log('|---|---|---|---|---|');
  console.log(row('didChange → publishDiagnostics (client clock)', total));
  console.log(row('server: analysis (parse + lint)', analyzeTimes));
  console.log(row('server: diagnostics conversion + send', publishTimes));
  console.log(row('server path without analysis (total − analysis)', total.map((t, i) => t - (analyzeTimes[i] ?? 0))));
  console.log(row(`lint() alone in this process, same texts (${texts.length})`, lintAlone));
  console.log(`\nServer heap used (MB${gc ? ', after gc' : ', no --expose-gc: before collection'}):\n`);
  console.log(`| edits | ${heapRows.map(([edits]) => edits).join(' | ')} |`);
  console.log(`|---|${heapRows.map(() => '---').join('|')}|`);
  console.log(`| heap | ${heapRows.map(([, mb]) => mb.toFixed(1)).join(' | ')} |\n`);
}

console.log(`# dfkit language server: diagnostics while typing (Node ${process.version})\n`);
const serverFlags = [...serverNodeFlags(availableParallelism()), ...(process.env.LSP_SERVER_NODE_FLAGS ?? '').split(' ').filter(Boolean)];
await runSession(`Server in its own process, over stdio (as editors run it; Node flags: ${serverFlags.join(' ') || 'none'})`, separateProcess(serverFlags));
await runSession('Server in the benchmark process, over in-memory streams (client and server share one heap)', sameProcess());
process.exit(0);
