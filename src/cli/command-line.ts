/** Reading a command's options and operands. */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { CliError } from './cli-error.js';

type OptionsConfig = NonNullable<ParseArgsConfig['options']>;

/**
 * The options and operands of a command, read as Node's `parseArgs` reads them. An unknown option, or an option
 * missing its value, is a usage error (exit 2) that names the problem and then shows the command's `usage`.
 */
export function parseCommandLine<const Options extends OptionsConfig, const Positionals extends boolean = true>(
  args: readonly string[],
  options: Options,
  usage: string,
  allowPositionals: Positionals = true as Positionals,
): ReturnType<typeof parseArgs<{ args: string[]; options: Options; allowPositionals: Positionals }>> {
  try {
    return parseArgs({ args: [...args], options, allowPositionals });
  } catch (error) {
    throw new CliError(`${error instanceof Error ? error.message : String(error)}\n\n${usage}`);
  }
}
