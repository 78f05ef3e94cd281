/** Runs a `dfkit` command in-process with an IO that records what it prints (fast, no child process). */
import { nodeIO, type CommandIO } from '../../src/cli/io.js';
import { main } from '../../src/cli/run.js';

export interface RecordedRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface RecordingOptions {
  readonly cwd: string;
  readonly home?: string;
  readonly stdin?: string | Uint8Array;
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Whether standard output is taken for a terminal (default: not). */
  readonly isTTY?: boolean;
}

export async function runCommand(argv: readonly string[], options: RecordingOptions): Promise<RecordedRun> {
  let stdout = '';
  let stderr = '';
  const io: CommandIO = {
    ...nodeIO,
    stdout: (text) => void (stdout += text),
    stderr: (text) => void (stderr += text),
    readStdin: async () => (typeof options.stdin === 'string' ? Buffer.from(options.stdin) : (options.stdin ?? new Uint8Array())),
    env: options.env ?? {},
    cwd: options.cwd,
    home: options.home ?? options.cwd,
    isTTY: options.isTTY ?? false,
  };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}
