/** What a command may touch of the outside world, so commands can be run in-process by tests. */
import { writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { fileError, reasonOf } from './file-errors.js';
import { readRegularFile, readStreamAtMost } from './read-regular-file.js';

export { CliError } from './cli-error.js';

export interface CommandIO {
  stdout(text: string): void;
  /** Resolves once what `stdout` was given has been handed on, for writers of very long output. */
  drainStdout?(): Promise<void>;
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

// A reader that stops early (`dfkit parse … | head`) closes the pipe; that is not an error worth a trace. Any
// other failure (a full disk, `> /dev/full`) means the output is lost: said in one line, as a usage or I/O
// error, since nothing more can be printed where it was going.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  process.stderr.write(`dfkit: cannot write to standard output: ${reasonOf(error)}\n`);
  process.exit(2);
});

export const nodeIO: CommandIO = {
  stdout: (text) => {
    process.stdout.write(text);
  },
  drainStdout: () =>
    process.stdout.writableNeedDrain ? new Promise((resolve) => process.stdout.once('drain', () => resolve())) : Promise.resolve(),
  stderr: (text) => {
    process.stderr.write(text);
  },
  readStdin: () => readStreamAtMost(process.stdin),
  writeFile: async (path, text) => {
    try {
      await writeFile(path, text);
    } catch (error) {
      throw fileError('write', path, error);
    }
  },
  env: process.env,
  cwd: process.cwd(),
  home: homedir(),
  isTTY: process.stdout.isTTY === true,
  get columns() {
    return process.stdout.columns;
  },
  readFile: async (path) => (await readRegularFile(path)).toString('utf8'),
  readFileBytes: (path) => readRegularFile(path),
};

/** Whether any of `names` is given as an option: before any `--` (after it, arguments are paths). */
export function hasOption(argv: readonly string[], ...names: readonly string[]): boolean {
  const end = argv.indexOf('--');
  return (end < 0 ? argv : argv.slice(0, end)).some((arg) => names.includes(arg));
}

/** Whether the arguments ask for help: `-h` or `--help`. */
export function asksForHelp(argv: readonly string[]): boolean {
  return hasOption(argv, '-h', '--help');
}
