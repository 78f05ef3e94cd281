/**
 * The connection the server makes on a message reader and writer: the protocol library's, with `initialize`
 * answered here when the server refuses it.
 *
 * The library reads the params of `initialize` before any handler of the server runs: params that are not an
 * object, or have no capabilities, fail there with InternalError, and a request without params or with an
 * array of them is refused in the library's own words. Such a request never reaches the library here: the
 * server's answer (InvalidParams naming what is wrong, or the refusal of a server already shut down) is
 * written back, and nothing in the library or the server changed. The check runs where the connection
 * handles messages one by one, in the order they came, so it sees the state every message before it left
 * (a `shutdown` just accepted).
 */
import {
  InitializeRequest,
  Message,
  type Connection,
  type InitializeError,
  type MessageReader,
  type MessageWriter,
  type ResponseError,
  type ResponseMessage,
} from 'vscode-languageserver';
import { createConnection } from 'vscode-languageserver/node';

/** The error the server answers an `initialize` with these params, or `null` when it serves it. */
export type InitializeRefusal = (params: unknown) => ResponseError<InitializeError> | null;

export function createServerConnection(reader: MessageReader, writer: MessageWriter, refuseInitialize: InitializeRefusal): Connection {
  return createConnection(reader, writer, {
    messageStrategy: {
      handleMessage(message, next) {
        if (Message.isRequest(message) && message.method === InitializeRequest.method) {
          const refusal = refuseInitialize(message.params);
          if (refusal) {
            const response: ResponseMessage = { jsonrpc: '2.0', id: message.id, error: refusal.toJson() };
            // A client that has gone cannot be told anything more.
            writer.write(response).catch(ignore);
            return;
          }
        }
        return next(message);
      },
    },
  });
}

function ignore(): void {}
