/**
 * Starting the language server again in a process with a V8 thread pool sized to the machine.
 *
 * V8 runs the garbage collector's parallel and concurrent work (scavenges, marking, sweeping) and background
 * compilation on a pool of worker threads, four by default. When the pool and the main thread together
 * outnumber the cores, those threads take the CPU from the main thread in the middle of an edit's analysis:
 * on two cores, about one edit in thirty waited 0.5–8 ms for a CPU it was ready to use, and that wait was a
 * large part of the server's slowest percentile. With one worker fewer than the cores, the main thread always
 * has a core. The pool size is fixed when Node starts, so a server started on such a machine without the
 * flag starts itself again with it, in a child process that inherits standard input, output and error.
 */
import { spawn } from 'node:child_process';

/** Set in the child, so that it never starts itself again. */
export const RELAUNCHED = 'DFKIT_LSP_RELAUNCHED';

const POOL_FLAG = '--v8-pool-size';

/** Node's default V8 pool size. */
const DEFAULT_POOL = 4;

/**
 * The arguments of `node` for the server's own process, or `null` when this process should run it: not a
 * `dfkit lsp --stdio`, a pool size already chosen, a process started this way already, or enough cores for
 * the default pool and the main thread. (With `--node-ipc` the client's IPC channel belongs to this process.)
 */
export function relaunchArguments(
  argv: readonly string[],
  execArgv: readonly string[],
  script: string,
  cores: number,
  env: Readonly<Record<string, string | undefined>>,
): string[] | null {
  if (argv[0] !== 'lsp' || !argv.includes('--stdio') || env[RELAUNCHED] !== undefined) return null;
  if (execArgv.some((arg) => arg === POOL_FLAG || arg.startsWith(`${POOL_FLAG}=`))) return null;
  if ((env.NODE_OPTIONS ?? '').includes(POOL_FLAG)) return null;
  const flags = serverNodeFlags(cores);
  return flags.length === 0 ? null : [...execArgv, ...flags, script, ...argv];
}

/** The Node flags the language server's process runs with on a machine with `cores` cores. */
export function serverNodeFlags(cores: number): string[] {
  return cores > DEFAULT_POOL ? [] : [`${POOL_FLAG}=${Math.max(1, cores - 1)}`];
}

/**
 * Runs `node` with `args` as the server's process and resolves with its exit code; signals this process gets
 * to stop are passed on. Resolves `null` if the child could not be started (then this process runs the
 * server itself).
 */
export function runRelaunched(args: readonly string[], env: NodeJS.ProcessEnv): Promise<number | null> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { stdio: 'inherit', env: { ...env, [RELAUNCHED]: '1' } });
    const forward = (signal: NodeJS.Signals): void => void child.kill(signal);
    const signals: NodeJS.Signals[] = ['SIGTERM', 'SIGINT', 'SIGHUP'];
    for (const signal of signals) process.on(signal, forward);
    const settle = (code: number | null): void => {
      for (const signal of signals) process.off(signal, forward);
      resolve(code);
    };
    child.once('error', () => settle(null));
    child.once('exit', (code, signal) => settle(code ?? (signal ? 1 : 0)));
  });
}
