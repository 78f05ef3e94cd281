/**
 * Shell parsing for the RUN rules: `parseShell` lists the simple commands of a RUN body or heredoc script,
 * and the helpers answer what rules ask about them.
 *
 * A RUN in shell form is parsed from its command text with `{ externalHeredocs: true }` (BuildKit cuts the
 * heredoc bodies out of that text); each heredoc body that is a script is parsed on its own.
 *
 * @example
 * ```ts
 * const script = parseShell('apt-get update && sudo apt-get install -q curl');
 * for (const cmd of commandsNamed(script, 'apt-get', { unwrap: true })) {
 *   const packages = argsAfterSubcommand(cmd, 'install', ['-t', '-o']); // null for `update`, [curl] here
 *   if (packages !== null && !hasFlag(cmd, ['-y', '--yes'], ['-t', '-o'])) report(cmd); // reported
 * }
 * ```
 */
export { parseShell } from './parser.js';
export {
  argsAfterSubcommand,
  basename,
  commandName,
  commandsNamed,
  flagIndex,
  flagWord,
  hasFlag,
  isAssignmentWord,
  outsideShellStrings,
  positionalArgs,
  programName,
  shellStringArgument,
  subcommand,
  unwrap,
  unwrappedCommands,
  WRAPPER_COMMANDS,
  type CommandQuery,
  type ShellStringArgument,
} from './commands.js';
export type * from './types.js';
