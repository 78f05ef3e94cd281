/**
 * Every request and notification the server serves passes here, and the protocol's rules are applied in the
 * order it gives them:
 *
 * 1. Until the server has answered `initialize`, a request is answered with ServerNotInitialized and a
 *    notification is dropped.
 * 2. Once the server is shut down, a request is answered with InvalidRequest and a notification is dropped.
 * 3. The params are checked against the shape the handler reads (`params.ts`): a request whose params have
 *    another shape is answered with InvalidParams saying what is wrong; such a notification is dropped, and
 *    what was wrong logged in one line.
 *
 * Only then is the handler called, with params it can rely on. A request no handler takes is answered with
 * MethodNotFound; a notification no handler takes is dropped.
 *
 * Messages come from the connection's catch-all handlers, which receive the params exactly as sent. The
 * protocol library's own registrations (`onHover`…) would not do: the library reads the params before the
 * handler runs (a request with `null` params fails there with InternalError), and answers a request without
 * params itself, before the server could tell the client it is not initialized yet. `initialize`, `shutdown`
 * and `exit` stay with the library, which needs to see them; the server's handlers of the first two follow
 * {@link MessageRouter.state}. An `initialize` the server refuses is answered before the library reads it, on
 * the connections the server makes (`connection.ts`).
 */
import {
  ErrorCodes,
  ResponseError,
  type CancellationToken,
  type Connection,
  type Disposable,
} from 'vscode-languageserver';
import type { ParamsValidator } from './params.js';

/** Where the server is in the protocol's lifecycle. */
export type LifecycleState = 'uninitialized' | 'running' | 'shut down';

/** A request type of the protocol: its method, and (as the protocol library declares it) the type of its result. */
export interface RequestSignature<R> {
  readonly method: string;
  readonly _: readonly [unknown, R, ...unknown[]] | undefined;
}

/** A notification type of the protocol. */
export interface NotificationSignature {
  readonly method: string;
}

/** What a request handler answers: a result, an error, or a promise of either. */
export type Answer<R> = R | ResponseError<void> | PromiseLike<R | ResponseError<void>>;

type Handler = (params: unknown, token: CancellationToken) => Answer<unknown>;

export class MessageRouter {
  #state: LifecycleState = 'uninitialized';
  readonly #connection: Connection;
  readonly #requests = new Map<string, Handler>();
  readonly #notifications = new Map<string, (params: unknown) => void>();
  readonly #onMalformed: (line: string) => void;

  /** Takes the messages of `connection` that no handler of the protocol library claims; `onMalformed` is told what was dropped. */
  constructor(connection: Connection, onMalformed: (line: string) => void) {
    this.#connection = connection;
    this.#onMalformed = onMalformed;
    connection.onRequest((method, params, token) => this.#request(method, params, token));
    connection.onNotification((method, params) => this.#notify(method, params));
  }

  get state(): LifecycleState {
    return this.#state;
  }

  /** The server answered `initialize` with its capabilities: from now on, messages are served. */
  initialized(): void {
    if (this.#state === 'uninitialized') this.#state = 'running';
  }

  /** The server accepted `shutdown`: from now on, every request is refused and every notification dropped. */
  shutDown(): void {
    this.#state = 'shut down';
  }

  /** The error any request gets in the current state, or `null` while the server is running. */
  refusal(): ResponseError<void> | null {
    if (this.#state === 'uninitialized') return new ResponseError(ErrorCodes.ServerNotInitialized, NOT_INITIALIZED);
    if (this.#state === 'shut down') return new ResponseError(ErrorCodes.InvalidRequest, SHUT_DOWN);
    return null;
  }

  /** Serves requests of `type` with `handler`, once their params passed `validate`. */
  onRequest<P, R>(
    type: RequestSignature<R>,
    validate: ParamsValidator<P>,
    handler: (params: P, token: CancellationToken) => Answer<R>,
  ): Disposable {
    return this.#add(this.#requests, type.method, (params: unknown, token: CancellationToken) => {
      const checked = validate(params);
      return checked.ok ? handler(checked.params, token) : new ResponseError(ErrorCodes.InvalidParams, `${type.method}: ${checked.problem}`);
    });
  }

  /** Hands notifications of `type` to `handler`, once their params passed `validate`. */
  onNotification<P>(type: NotificationSignature, validate: ParamsValidator<P>, handler: (params: P) => void): Disposable {
    return this.#add(this.#notifications, type.method, (params: unknown) => {
      const checked = validate(params);
      if (checked.ok) handler(checked.params);
      else this.#onMalformed(`ignored a malformed ${type.method}: ${checked.problem}`);
    });
  }

  /**
   * Takes notifications of `type` back from a handler the protocol library registered for itself. At
   * `initialize`, when the client supports workspace folders, the library claims their change notification to
   * feed an event of its own; the server would never hear of a folder change.
   */
  reclaim(type: NotificationSignature): void {
    this.#connection.onNotification(type.method, ignore).dispose();
  }

  #add<H>(handlers: Map<string, H>, method: string, handler: H): Disposable {
    handlers.set(method, handler);
    return {
      dispose: () => {
        if (handlers.get(method) === handler) handlers.delete(method);
      },
    };
  }

  #request(method: string, params: unknown, token: CancellationToken): Answer<unknown> {
    const refusal = this.refusal();
    if (refusal) return refusal;
    const handler = this.#requests.get(method);
    return handler ? handler(params, token) : new ResponseError(ErrorCodes.MethodNotFound, `unhandled method ${method}`);
  }

  #notify(method: string, params: unknown): void {
    if (this.#state !== 'running') return;
    this.#notifications.get(method)?.(params);
  }
}

const NOT_INITIALIZED = 'the server is not initialized: send initialize first';
const SHUT_DOWN = 'the server is shut down: only exit is accepted';

function ignore(): void {}
