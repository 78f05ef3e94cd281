/** A user-facing failure: printed without a stack trace, with its own exit code (2 = usage or input). */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 2,
  ) {
    super(message);
  }
}
