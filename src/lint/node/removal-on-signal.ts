/**
 * Temporary directories the command must not leave behind when it is interrupted. A process ended by SIGINT,
 * SIGTERM or SIGHUP runs no `finally` and no `exit` handler, so a directory registered here is removed by a
 * handler of those signals, which then ends the process by the same signal, as it would have ended anyway.
 */
import { rmSync } from 'node:fs';

const SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

const directories = new Set<string>();

function removeAllThenDie(signal: NodeJS.Signals): void {
  for (const directory of directories) rmSync(directory, { recursive: true, force: true });
  directories.clear();
  stopListening();
  process.kill(process.pid, signal);
}

function stopListening(): void {
  for (const signal of SIGNALS) process.removeListener(signal, removeAllThenDie);
}

/** Removes `directory` if a signal ends the process before the returned function is called. */
export function removeOnSignal(directory: string): () => void {
  if (directories.size === 0) for (const signal of SIGNALS) process.on(signal, removeAllThenDie);
  directories.add(directory);
  return () => {
    directories.delete(directory);
    if (directories.size === 0) stopListening();
  };
}
