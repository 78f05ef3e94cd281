/**
 * `dfkit lsp --stdio` (or `--node-ipc`): the language server. In `--stdio` mode standard output carries the
 * protocol and nothing else, so console output is sent to standard error for the life of the process.
 * What the server skips of a broken message on standard input is told on standard error.
 */
import { startIpcServer, startStdioServer } from '../lsp/server.js';
import { asksForHelp, CliError, type CommandIO } from './io.js';

const USAGE = `Usage: dfkit lsp --stdio | --node-ipc

Runs the Dockerfile language server (diagnostics, fixes, hover, completion, navigation, formatting…),
talking the Language Server Protocol over standard input/output or a Node IPC channel.
`;

export async function runLsp(argv: readonly string[], io: CommandIO): Promise<number> {
  if (asksForHelp(argv)) {
    io.stdout(USAGE);
    return 0;
  }
  const ipc = argv.includes('--node-ipc');
  const stdio = argv.includes('--stdio');
  const unknown = argv.filter((arg) => arg !== '--stdio' && arg !== '--node-ipc' && !arg.startsWith('--clientProcessId'));
  if (unknown.length > 0 || ipc === stdio) throw new CliError(`lsp: expected exactly one of --stdio, --node-ipc\n\n${USAGE}`);
  if (ipc && !process.send) throw new CliError('lsp: --node-ipc needs a parent process with an IPC channel');

  if (stdio) {
    // Anything a dependency logs must not corrupt the protocol stream.
    const toStderr = (...args: unknown[]): void => void process.stderr.write(`${args.map(String).join(' ')}\n`);
    console.log = toStderr;
    console.info = toStderr;
    console.debug = toStderr;
  }
  if (stdio) startStdioServer({ home: io.home, env: io.env, log: (line) => io.stderr(`dfkit lsp: ${line}\n`) });
  else startIpcServer({ home: io.home, env: io.env });
  // The server runs until the client sends `exit` or closes the channel; the process then ends with 0 if the
  // server accepted a `shutdown`, 1 if not.
  return new Promise<number>(() => {});
}
