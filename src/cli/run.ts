/**
 * The `dfkit` command line. Each command lives in its own module; this file only dispatches.
 *
 * Commands are loaded when they run: `dfkit lint` in a CI step should not pay for loading the language server,
 * the runtime's Engine API client or the planner (loading everything took most of a second).
 */
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
        return await (await import('./parse.js')).runParse(rest, io);
      case 'fmt':
        return await (await import('./fmt.js')).runFmt(rest, io);
      case 'lint':
        return await (await import('./lint.js')).runLint(rest, io);
      case 'plan':
        return await (await import('./plan.js')).runPlan(rest, io);
      case 'build':
        return await (await import('./build.js')).runBuild(rest, io);
      case 'run':
        return await (await import('./run-container.js')).runRunContainer(rest, io);
      case 'gc':
        return await (await import('./gc.js')).runGc(rest, io);
      case 'lsp':
        return await (await import('./lsp.js')).runLsp(rest, io);
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

