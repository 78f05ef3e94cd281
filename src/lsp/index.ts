/**
 * `dfkit/lsp`: the language server, for editors and tools that host it in their own process or on their own
 * connection rather than spawning `dfkit lsp --stdio`.
 *
 * @example
 * ```ts
 * import { StreamMessageReader, StreamMessageWriter } from 'vscode-languageserver/node';
 * import { startServer } from 'dfkit/lsp';
 * startServer({ reader: new StreamMessageReader(input), writer: new StreamMessageWriter(output) }, { home: os.homedir(), env: process.env });
 * ```
 */
export {
  startServer,
  serverCapabilities,
  type MessageTransport,
  type ServerOptions,
  type PublishEvent,
  type InitializationOptions,
} from './server.js';
export type { PlanProvider } from './plan-cache.js';
