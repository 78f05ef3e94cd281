/** The lines of a Dockerfile, each ended by a newline. */
export function file(...lines: string[]): string {
  return lines.map((line) => `${line}\n`).join('');
}
