/**
 * Stop signals as the engines read them (on Linux): a non-zero number, or a signal name in any letter case,
 * with or without its `SIG` prefix.
 */
const LINUX_SIGNALS: ReadonlySet<string> = new Set([
  'ABRT', 'ALRM', 'BUS', 'CHLD', 'CLD', 'CONT', 'FPE', 'HUP', 'ILL', 'INT', 'IO', 'IOT', 'KILL', 'PIPE', 'POLL',
  'PROF', 'PWR', 'QUIT', 'SEGV', 'STKFLT', 'STOP', 'SYS', 'TERM', 'TRAP', 'TSTP', 'TTIN', 'TTOU', 'URG', 'USR1',
  'USR2', 'VTALRM', 'WINCH', 'XCPU', 'XFSZ', 'RTMIN', 'RTMAX',
  ...Array.from({ length: 15 }, (_, i) => `RTMIN+${i + 1}`),
  ...Array.from({ length: 14 }, (_, i) => `RTMAX-${i + 1}`),
]);

/** The engines' error for a STOPSIGNAL value they cannot read (`Invalid signal: NOPE`), or `null`. */
export function stopSignalProblem(text: string): string | null {
  // Go's Atoi: an optional sign and decimal digits within 64 bits; zero is refused.
  if (/^[+-]?[0-9]+$/.test(text) && text.replace(/^[+-]/, '').length <= 18) {
    return Number(text) === 0 ? `Invalid signal: ${text}` : null;
  }
  const upper = text.toUpperCase();
  const name = upper.startsWith('SIG') ? upper.slice(3) : upper;
  return LINUX_SIGNALS.has(name) ? null : `Invalid signal: ${text}`;
}
