/**
 * `dfkit/lsp`: the language server, for editors and tools that host it in their own process or on their own
 * connection rather than spawning `dfkit lsp --stdio`.
 *
 * @example
 * ```ts
 * import { createConnection } from 'vscode-languageserver/node';
 * import { startServer } from 'dfkit/lsp';
 * startServer(createConnection(reader, writer), { home: os.homedir(), env: process.env });
 * ```
 */
export { startServer, serverCapabilities, type ServerOptions, type PublishEvent, type InitializationOptions } from './server.js';
export type { PlanProvider } from './plan-cache.js';
