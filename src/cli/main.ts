/** The `dfkit` executable. */
import { availableParallelism } from 'node:os';
import { nodeIO } from './io.js';
import { relaunchArguments, runRelaunched } from './relaunch.js';
import { main } from './run.js';

async function start(argv: readonly string[]): Promise<number> {
  // The language server on a machine with few cores runs in a process of its own (see relaunch.ts).
  const script = process.argv[1];
  const relaunch = script ? relaunchArguments(argv, process.execArgv, script, availableParallelism(), process.env) : null;
  if (relaunch) {
    const code = await runRelaunched(relaunch, process.env);
    if (code !== null) return code;
  }
  return main(argv, nodeIO);
}

start(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
