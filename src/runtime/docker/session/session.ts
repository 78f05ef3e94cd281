/**
 * A BuildKit session: the client opens `POST /session`, the engine upgrades the connection to HTTP/2 and, for
 * the builds that name the session, calls back into the services the client listed (secrets, file sync…). The
 * engine also checks the session's health every few seconds and drops it when the checks fail.
 */
import { randomUUID } from 'node:crypto';
import type { Duplex } from 'node:stream';
import { EngineError, type EngineClient } from '../engine-client.js';
import { ProtoWriter } from '../protobuf-writer.js';
import { serveGrpc, type GrpcHandler } from './grpc-server.js';

export interface BuildSession {
  /** The ID builds pass as `session`. */
  readonly id: string;
  /** Resolves when the engine or the client closed the session. */
  readonly closed: Promise<void>;
  /** Closes the session (idempotent). */
  close(): void;
}

export interface SessionOptions {
  /** Shown by the engine as the session's name (the CLI uses the context directory's name). */
  readonly name: string;
  /**
   * Sessions with the same key share the engine's copies of synced directories, so a rebuild of the same context
   * transfers only what changed.
   */
  readonly sharedKey: string;
  /** The services offered, by full gRPC method path. */
  readonly handlers: ReadonlyMap<string, GrpcHandler>;
  readonly signal?: AbortSignal;
}

const HEALTH_CHECK = '/grpc.health.v1.Health/Check';
/** `HealthCheckResponse { status: SERVING }`. */
const SERVING = new ProtoWriter().varint(1, 1).finish();

/**
 * Opens a session with `options.handlers` and a health service. Rejects with an {@link EngineError} when the
 * engine refuses the upgrade (engines without BuildKit sessions answer 404 or 400).
 */
export async function openBuildSession(client: EngineClient, options: SessionOptions): Promise<BuildSession> {
  const id = randomUUID();
  const handlers = new Map(options.handlers);
  handlers.set(HEALTH_CHECK, () => Promise.resolve(SERVING));
  const request = await client.openRequest(
    'POST',
    '/session',
    {
      Upgrade: 'h2c',
      Connection: 'Upgrade',
      'X-Docker-Expose-Session-Uuid': id,
      'X-Docker-Expose-Session-Name': headerSafe(options.name),
      'X-Docker-Expose-Session-Sharedkey': headerSafe(options.sharedKey),
      'X-Docker-Expose-Session-Grpc-Method': [...handlers.keys()],
    },
    options.signal,
  );
  const socket = await new Promise<Duplex>((resolve, reject) => {
    const onAbort = (): void => {
      request.destroy();
      reject(options.signal?.reason ?? new DOMException('This operation was aborted', 'AbortError'));
    };
    options.signal?.addEventListener('abort', onAbort, { once: true });
    const settle = (): void => options.signal?.removeEventListener('abort', onAbort);
    request.on('upgrade', (_response, upgraded: Duplex, head: Buffer) => {
      settle();
      if (head.length > 0) upgraded.unshift(head);
      resolve(upgraded);
    });
    request.on('response', (response) => {
      settle();
      const status = response.statusCode ?? 0;
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => reject(new EngineError(status, body.trim() || `the engine did not open a build session (HTTP ${status})`, 'POST', '/session')));
    });
    request.on('error', (error) => {
      settle();
      reject(new EngineError(null, error.message, 'POST', '/session'));
    });
    request.end();
  });
  const server = serveGrpc(socket, handlers);
  return { id, closed: server.closed, close: () => server.close() };
}

/** Header values must be visible ASCII; a context directory's name may not be. */
function headerSafe(value: string): string {
  return /^[\x20-\x7e]*$/.test(value) ? value : encodeURIComponent(value);
}
