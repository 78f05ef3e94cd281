/**
 * Where each `lint` report goes: the i-th format to the i-th `-o` file (`-` is standard output), the rest to
 * standard output, as in hadolint. hadolint writes several reports to standard output one after the other; that
 * is readable for line formats, but two documents (`-f json -f sarif`) make a stream no JSON or XML reader
 * accepts, so dfkit refuses that combination instead of writing a report nobody can read.
 */

/** The `-o` name of standard output, as in hadolint. */
export const STDOUT = '-';

/** Formats made of independent lines, which still read correctly when another report follows them. */
const LINE_FORMATS: ReadonlySet<string> = new Set(['tty', 'gnu', 'github']);

/**
 * Why the reports cannot be written as asked, or `null`: more than one report bound for standard output while
 * one of them is a document format. `formats` come from -f, HADOLINT_FORMAT or the config file's `formats`.
 */
export function sharedOutputProblem(formats: readonly string[], outputs: readonly string[]): string | null {
  const toStdout = formats.filter((_name, index) => outputs[index] === undefined || outputs[index] === STDOUT);
  if (toStdout.length < 2 || toStdout.every((name) => LINE_FORMATS.has(name))) return null;
  return (
    `formats ${toStdout.join(', ')} would all be written to standard output, one after the other, which no reader ` +
    `of ${toStdout.filter((name) => !LINE_FORMATS.has(name)).join(' or ')} accepts: give each format but one an -o file ` +
    `(formats come from -f, HADOLINT_FORMAT or the config's formats)`
  );
}
