/**
 * `COPY --chmod` / `ADD --chmod` values as BuildKit reads them: an octal number up to 7777, or a symbolic mode
 * in chmod(1)'s grammar — comma-separated clauses of `[ugoa]*` followed by one or more operators `+`, `-` or
 * `=`, each with letters from `rwxXst` or one of `ugo` to copy (`u+x`, `go-w`, `a=rX`, `u=rw,g=u`).
 * Docker 20.10's BuildKit read only the octal form; the classic builder has no `--chmod`.
 */

const WHO = new Set(['u', 'g', 'o', 'a']);
const OPERATORS = new Set(['+', '-', '=']);
const PERMISSIONS = new Set(['r', 'w', 'x', 'X', 's', 't', 'u', 'g', 'o']);

/** The mode an octal `--chmod` value sets (`755` and `0755` are 0o755), or `null` for any other value. */
export function octalMode(value: string): number | null {
  if (!/^[0-7]+$/.test(value)) return null;
  const mode = parseInt(value, 8);
  return mode <= 0o7777 ? mode : null;
}

/** BuildKit's error for a `--chmod` value it cannot read, or `null`. An empty value is no `--chmod` at all. */
export function chmodProblem(value: string): string | null {
  if (value === '') return null;
  const octal = `invalid chmod parameter: '${value}'. it should be octal string and between 0 and 07777`;
  // Anything that starts with a digit is read as an octal number, and fails as one.
  if (/^[0-9]/.test(value)) return octalMode(value) === null ? octal : null;
  return isSymbolicMode(value) ? null : `invalid chmod parameter: '${value}': invalid syntax`;
}

function isSymbolicMode(mode: string): boolean {
  let at = 0;
  for (;;) {
    while (at < mode.length && WHO.has(mode[at] as string)) at++;
    // A clause needs an operator: `u`, `ug` and an empty clause after a comma are refused.
    if (at >= mode.length) return false;
    for (;;) {
      if (!OPERATORS.has(mode[at] as string)) return false;
      at++;
      while (at < mode.length && PERMISSIONS.has(mode[at] as string)) at++;
      if (at >= mode.length) return true;
      if (mode[at] === ',') break;
      // Another operator may follow in the same clause (`u+x-w`).
    }
    at++;
  }
}
