/**
 * The `dfkit` command line. Each command lives in its own module; this file only dispatches.
 */
import { runBuild } from './build.js';
import { runFmt } from './fmt.js';
import { runGc } from './gc.js';
import { runLint } from './lint.js';
import { runLsp } from './lsp.js';
import { runParse } from './parse.js';
import { runPlan } from './plan.js';
import { runRunContainer } from './run-container.js';
import { VERSION } from './version.js';
import { CliError, type CommandIO } from './io.js';

const USAGE = `Usage: dfkit <command> [options]

Commands:
  lint [paths…|-]     Lint Dockerfiles (hadolint's rules, BuildKit's checks, cache ordering);
                      dfkit lint --help for options
  fmt [paths…|-]      Format Dockerfiles, keeping every step's cache key
                      (--check, --write); dfkit fmt --help
  parse <file|->...   Parse Dockerfiles and print the AST and diagnostics
                      (--format json|tree, default json)
  plan [context]      Cache key of every step, and what rebuilds and why
                      (--since plan.json, --changed paths…); dfkit plan --help
  build [context]     Build an image with the local Docker engine (sends only the
                      context the plan needs); dfkit build --help
  run <image> [-- cmd…]
                      Run a container from a local image on the Docker engine;
                      dfkit run --help
  gc                  Remove the containers and images dfkit left behind
                      (--dry-run, --until 24h, --force); dfkit gc --help
  lsp --stdio         Run the language server (also --node-ipc)

Options:
  -h, --help          Show this help
  -v, --version       Show the version
`;


export async function main(argv: readonly string[], io: CommandIO): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'parse':
        return await runParse(rest, io);
      case 'fmt':
        return await runFmt(rest, io);
      case 'lint':
        return await runLint(rest, io);
      case 'plan':
        return await runPlan(rest, io);
      case 'build':
        return await runBuild(rest, io);
      case 'run':
        return await runRunContainer(rest, io);
      case 'gc':
        return await runGc(rest, io);
      case 'lsp':
        return await runLsp(rest, io);
      case '-v':
      case '--version':
        io.stdout(`${VERSION}\n`);
        return 0;
      case undefined:
      case '-h':
      case '--help':
      case 'help':
        io.stdout(USAGE);
        return command === undefined ? 2 : 0;
      default:
        throw new CliError(`unknown command '${command}'\n\n${USAGE}`);
    }
  } catch (error) {
    if (error instanceof CliError) {
      io.stderr(`dfkit: ${error.message}\n`);
      return error.exitCode;
    }
    const message = error instanceof Error ? error.message : String(error);
    io.stderr(`dfkit: internal error: ${message}\n`);
    return 3;
  }
}

