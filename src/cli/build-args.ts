/** `--build-arg KEY=VALUE` values, shared by the commands that take them. */
import { CliError } from './io.js';

export function readBuildArgs(values: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const value of values) {
    const equals = value.indexOf('=');
    if (equals <= 0) throw new CliError(`--build-arg '${value}' is not KEY=VALUE`);
    out[value.slice(0, equals)] = value.slice(equals + 1);
  }
  return out;
}
