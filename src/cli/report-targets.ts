/**
 * Where each `lint` report goes: the i-th format to the i-th `-o` file (`-` is standard output), the rest to
 * standard output, as in hadolint. hadolint writes several reports to standard output one after the other; that
 * is readable for line formats, but two documents (`-f json -f sarif`) make a stream no JSON or XML reader
 * accepts, so dfkit refuses that combination instead of writing a report nobody can read. The same format bound
 * for standard output twice (a config's `format: json` and `-f json`) is written once.
 */

/** The `-o` name of standard output, as in hadolint. */
export const STDOUT = '-';

/** Formats made of independent lines, which still read correctly when another report follows them. */
const LINE_FORMATS: ReadonlySet<string> = new Set(['tty', 'gnu', 'github']);

/** One report to write: its format, and its `-o` file (`undefined` or {@link STDOUT} for standard output). */
export interface ReportTarget<F extends string = string> {
  readonly format: F;
  readonly output: string | undefined;
}

/**
 * The reports to write: the i-th format to the i-th `-o` file, formats without one to standard output
 * (`fallback` when there are more files than formats, or no format at all), each format written to standard
 * output once.
 */
export function reportTargets<F extends string>(formats: readonly F[], outputs: readonly string[], fallback: F): ReportTarget<F>[] {
  const targets: ReportTarget<F>[] = [];
  const toStdout = new Set<F>();
  const count = Math.max(formats.length, outputs.length, 1);
  for (let index = 0; index < count; index++) {
    const format = formats[index] ?? fallback;
    const output = outputs[index];
    if (output === undefined || output === STDOUT) {
      if (toStdout.has(format)) continue;
      toStdout.add(format);
    }
    targets.push({ format, output });
  }
  return targets;
}

/**
 * Why the reports cannot be written as asked, or `null`: more than one report bound for standard output while
 * one of them is a document format. `formats` come from -f, HADOLINT_FORMAT or the config file's `formats`.
 */
export function sharedOutputProblem(targets: readonly ReportTarget[]): string | null {
  const toStdout = targets.filter((target) => target.output === undefined || target.output === STDOUT).map((target) => target.format);
  if (toStdout.length < 2 || toStdout.every((name) => LINE_FORMATS.has(name))) return null;
  return (
    `formats ${toStdout.join(', ')} would all be written to standard output, one after the other, which no reader ` +
    `of ${toStdout.filter((name) => !LINE_FORMATS.has(name)).join(' or ')} accepts: give each format but one an -o file ` +
    `(formats come from -f, HADOLINT_FORMAT or the config's formats)`
  );
}
