/**
 * Durations as people type them on a command line (`24h`, `90m`, `1h30m`, `7d`), for age limits such as
 * `dfkit gc --until`.
 */

const UNIT_MS: Readonly<Record<string, number>> = {
  ms: 1,
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};

// A `<number><unit>` part; `ms` is tried before `m` so that `5ms` is not five minutes and a stray `s`.
const PART_SOURCE = String.raw`(\d+(?:\.\d+)?)(ms|s|m|h|d|w)`;

/**
 * The length of `text` in milliseconds, or `null` when it is not a duration. A duration is one or more parts
 * `<number><unit>` with units `ms`, `s`, `m`, `h`, `d` (24 h) and `w` (7 d); a bare number is refused, since its
 * unit would be a guess.
 *
 * @example
 * parseDuration('24h')   // 86_400_000
 * parseDuration('1h30m') // 5_400_000
 * parseDuration('24')    // null
 */
export function parseDuration(text: string): number | null {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  // Sticky: each part must start where the previous one ended.
  const part = new RegExp(PART_SOURCE, 'y');
  let total = 0;
  while (part.lastIndex < trimmed.length) {
    const match = part.exec(trimmed);
    if (!match) return null;
    total += Number(match[1]) * (UNIT_MS[match[2] ?? ''] ?? Number.NaN);
  }
  return Number.isFinite(total) ? Math.round(total) : null;
}
