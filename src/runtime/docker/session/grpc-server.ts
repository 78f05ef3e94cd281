/**
 * A small gRPC server over one HTTP/2 connection that the peer opened to us: the engine's end of a BuildKit
 * session calls the services the client exposes (secrets, file sync, health) over the `/session` connection it
 * hijacked. Only what those services need: unary and streaming calls, uncompressed messages, status trailers.
 */
import http2 from 'node:http2';
import type { Duplex } from 'node:stream';

/** gRPC status codes used here. */
export const GrpcCode = {
  OK: 0,
  CANCELLED: 1,
  UNKNOWN: 2,
  INVALID_ARGUMENT: 3,
  NOT_FOUND: 5,
  UNIMPLEMENTED: 12,
  INTERNAL: 13,
  UNAVAILABLE: 14,
} as const;

/** A failure a handler reports to the caller with a status code. */
export class GrpcError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
    this.name = 'GrpcError';
  }
}

/** One call, as a handler sees it. */
export interface GrpcCall {
  /** The method, e.g. `/moby.buildkit.secrets.v1.Secrets/GetSecret`. */
  readonly method: string;
  /** Request metadata (HTTP/2 headers without the pseudo-headers), every value as a list. */
  readonly metadata: ReadonlyMap<string, readonly string[]>;
  /** Aborted when the caller cancels the call or the connection ends. */
  readonly signal: AbortSignal;
  /** The caller's messages in order; ends when the caller half-closes. */
  messages(): AsyncIterable<Uint8Array>;
  /** Sends one message, waiting while the connection is backed up. */
  send(message: Uint8Array): Promise<void>;
}

/** Answers a call: a unary method returns its response; a streaming one sends its messages and returns nothing. */
export type GrpcHandler = (call: GrpcCall) => Promise<Uint8Array | void>;

export interface GrpcServer {
  /** Resolves when the connection has closed, whoever closed it. */
  readonly closed: Promise<void>;
  /** Ends every call and closes the connection. */
  close(): void;
}

/** The largest message accepted from the peer (file-sync requests and health checks are tiny). */
const MAX_INCOMING_MESSAGE = 16 * 1024 * 1024;

/**
 * Serves `handlers` (by full method path) on `socket`, over which the peer speaks HTTP/2 without TLS. Calls to
 * other methods fail with UNIMPLEMENTED; a handler that throws fails its call (a {@link GrpcError} keeps its code,
 * anything else is INTERNAL) and leaves the connection up.
 */
export function serveGrpc(socket: Duplex, handlers: ReadonlyMap<string, GrpcHandler>): GrpcServer {
  const server = http2.createServer();
  const sessions = new Set<http2.ServerHttp2Session>();
  let resolveClosed!: () => void;
  const closed = new Promise<void>((resolve) => (resolveClosed = resolve));
  server.on('session', (session) => {
    sessions.add(session);
    session.on('close', () => {
      sessions.delete(session);
      resolveClosed();
    });
    // A broken connection ends the session; its calls see their signal abort.
    session.on('error', () => undefined);
  });
  socket.on('close', () => resolveClosed());
  server.on('stream', (stream: http2.ServerHttp2Stream, headers: http2.IncomingHttpHeaders, _flags: number, rawHeaders: string[]) => {
    const method = String(headers[':path'] ?? '');
    const handler = handlers.get(method);
    if (!handler) {
      respondWithStatus(stream, GrpcCode.UNIMPLEMENTED, `unknown method ${method}`);
      return;
    }
    runCall(stream, rawHeaders, method, handler);
  });
  server.emit('connection', socket);
  return {
    closed,
    close(): void {
      // Node's HTTP/2 session feeds bytes that arrived before it existed to its handle on the next tick, and fails
      // if it was destroyed in between; a session closed right after opening must wait for that tick.
      setImmediate(() => {
        for (const session of sessions) session.destroy();
        socket.destroy();
        resolveClosed();
      });
    },
  };
}

function respondWithStatus(stream: http2.ServerHttp2Stream, code: number, message: string): void {
  if (stream.destroyed || stream.closed) return;
  const trailers = { 'grpc-status': String(code), ...(message && { 'grpc-message': encodeURIComponent(message) }) };
  if (!stream.headersSent) {
    // "Trailers-only": the status travels in the only header block.
    stream.respond({ ':status': 200, 'content-type': 'application/grpc', ...trailers }, { endStream: true });
    return;
  }
  stream.sendTrailers(trailers);
}

/**
 * Request metadata from the raw header list: repeated keys (one exclude pattern per header) stay apart, where
 * Node's header object would join them with ", " and merge patterns that contain commas.
 */
function metadataOf(rawHeaders: readonly string[]): Map<string, readonly string[]> {
  const metadata = new Map<string, string[]>();
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = (rawHeaders[i] as string).toLowerCase();
    if (name.startsWith(':')) continue;
    const list = metadata.get(name);
    if (list) list.push(rawHeaders[i + 1] as string);
    else metadata.set(name, [rawHeaders[i + 1] as string]);
  }
  return metadata;
}

function runCall(stream: http2.ServerHttp2Stream, rawHeaders: readonly string[], method: string, handler: GrpcHandler): void {
  const abort = new AbortController();
  const onGone = (): void => abort.abort(new GrpcError(GrpcCode.CANCELLED, 'the call ended'));
  stream.on('close', onGone);
  stream.on('aborted', onGone);
  stream.on('error', onGone);

  const reader = new MessageReader(stream);
  let responded = false;
  const ensureHeaders = (): void => {
    if (responded || stream.headersSent) return;
    responded = true;
    stream.respond({ ':status': 200, 'content-type': 'application/grpc' }, { waitForTrailers: true });
  };
  const call: GrpcCall = {
    method,
    metadata: metadataOf(rawHeaders),
    signal: abort.signal,
    messages: () => reader,
    send: (message) => {
      if (abort.signal.aborted) return Promise.reject(abort.signal.reason);
      ensureHeaders();
      return write(stream, frame(message));
    },
  };
  handler(call).then(
    (response) => {
      if (stream.destroyed || stream.closed) return;
      ensureHeaders();
      stream.once('wantTrailers', () => stream.sendTrailers({ 'grpc-status': String(GrpcCode.OK) }));
      if (response) stream.end(frame(response));
      else stream.end();
    },
    (error: unknown) => {
      const code = error instanceof GrpcError ? error.code : GrpcCode.INTERNAL;
      const message = error instanceof Error ? error.message : String(error);
      if (!stream.headersSent) {
        respondWithStatus(stream, code, message);
        return;
      }
      if (stream.destroyed || stream.closed) return;
      stream.once('wantTrailers', () => stream.sendTrailers({ 'grpc-status': String(code), 'grpc-message': encodeURIComponent(message) }));
      stream.end();
    },
  );
}

/** A length-prefixed, uncompressed gRPC message. */
function frame(message: Uint8Array): Buffer {
  const out = Buffer.allocUnsafe(5 + message.length);
  out[0] = 0;
  out.writeUInt32BE(message.length, 1);
  out.set(message, 5);
  return out;
}

function write(stream: http2.ServerHttp2Stream, data: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    if (stream.destroyed) {
      reject(new GrpcError(GrpcCode.CANCELLED, 'the call ended'));
      return;
    }
    if (stream.write(data)) {
      resolve();
      return;
    }
    const onDrain = (): void => {
      stream.off('close', onClose);
      resolve();
    };
    const onClose = (): void => {
      stream.off('drain', onDrain);
      reject(new GrpcError(GrpcCode.CANCELLED, 'the call ended'));
    };
    stream.once('drain', onDrain);
    stream.once('close', onClose);
  });
}

/** Splits the request body into messages and hands them out as an async iterable. */
class MessageReader implements AsyncIterable<Uint8Array> {
  private buffered: Buffer = Buffer.alloc(0);
  private readonly ready: Uint8Array[] = [];
  private ended = false;
  private failure: Error | null = null;
  private wake: (() => void) | null = null;

  constructor(stream: http2.ServerHttp2Stream) {
    stream.on('data', (chunk: Buffer) => this.push(chunk));
    stream.on('end', () => this.finish(null));
    stream.on('close', () => this.finish(null));
    stream.on('error', (error: Error) => this.finish(error));
  }

  async *[Symbol.asyncIterator](): AsyncIterator<Uint8Array> {
    for (;;) {
      const next = this.ready.shift();
      if (next) {
        yield next;
        continue;
      }
      if (this.failure) throw this.failure;
      if (this.ended) return;
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }

  private push(chunk: Buffer): void {
    this.buffered = this.buffered.length === 0 ? chunk : Buffer.concat([this.buffered, chunk]);
    while (this.buffered.length >= 5) {
      if (this.buffered[0] !== 0) {
        this.finish(new GrpcError(GrpcCode.UNIMPLEMENTED, 'compressed messages are not supported'));
        return;
      }
      const length = this.buffered.readUInt32BE(1);
      if (length > MAX_INCOMING_MESSAGE) {
        this.finish(new GrpcError(GrpcCode.INVALID_ARGUMENT, `a message of ${length} bytes is too large`));
        return;
      }
      if (this.buffered.length < 5 + length) break;
      this.ready.push(this.buffered.subarray(5, 5 + length));
      this.buffered = this.buffered.subarray(5 + length);
    }
    this.notify();
  }

  private finish(error: Error | null): void {
    if (this.ended) return;
    this.ended = true;
    this.failure = error;
    this.notify();
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }
}
