/** What a command may touch of the outside world, so commands can be run in-process by tests. */
import { readFile, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';

export interface CommandIO {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Standard input's bytes (Dockerfiles are decoded by `readDockerfile`, which knows their encodings). */
  readStdin(): Promise<Uint8Array>;
  readFile(path: string): Promise<string>;
  readFileBytes(path: string): Promise<Uint8Array>;
  writeFile(path: string, text: string): Promise<void>;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  readonly home: string;
  /** Whether standard output is a terminal (colours by default). */
  readonly isTTY: boolean;
  /** Width of the terminal standard output is, when it is one. */
  readonly columns?: number;
}

/** A user-facing failure: printed without a stack trace, with its own exit code (2 = usage or input). */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 2,
  ) {
    super(message);
  }
}

// A reader that stops early (`dfkit parse … | head`) closes the pipe; that is not an error worth a trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

export const nodeIO: CommandIO = {
  stdout: (text) => {
    process.stdout.write(text);
  },
  stderr: (text) => {
    process.stderr.write(text);
  },
  readStdin: async () => {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  },
  writeFile: async (path, text) => {
    try {
      await writeFile(path, text);
    } catch (error) {
      throw new CliError(`cannot write '${path}': ${String((error as NodeJS.ErrnoException).code ?? error)}`);
    }
  },
  env: process.env,
  cwd: process.cwd(),
  home: homedir(),
  isTTY: process.stdout.isTTY === true,
  get columns() {
    return process.stdout.columns;
  },
  readFile: async (path) => (await readFileOrFail(path)).toString('utf8'),
  readFileBytes: readFileOrFail,
};

async function readFileOrFail(path: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : code === 'EACCES' ? 'permission denied' : String(code ?? error);
    throw new CliError(`cannot read '${path}': ${reason}`);
  }
}

/** Whether any of `names` is given as an option: before any `--` (after it, arguments are paths). */
export function hasOption(argv: readonly string[], ...names: readonly string[]): boolean {
  const end = argv.indexOf('--');
  return (end < 0 ? argv : argv.slice(0, end)).some((arg) => names.includes(arg));
}

/** Whether the arguments ask for help: `-h` or `--help`. */
export function asksForHelp(argv: readonly string[]): boolean {
  return hasOption(argv, '-h', '--help');
}
