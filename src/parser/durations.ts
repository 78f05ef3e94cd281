/**
 * HEALTHCHECK option values: Go durations (`--interval`, `--timeout`, `--start-period`, `--start-interval`) and the
 * retry count (`--retries`). BuildKit checks them while building the instruction, before any variable expansion,
 * so the text is judged exactly as written.
 */
import { goQuote } from './go-quote.js';

/** What {@link parseGoDuration} returns: nanoseconds, or Go's error text. */
export type GoDurationResult =
  | { readonly ok: true; readonly nanoseconds: number }
  | { readonly ok: false; readonly error: string };

const utf8 = new TextEncoder();

const NANOS_PER_UNIT: ReadonlyMap<string, bigint> = new Map([
  ['ns', 1n],
  ['us', 1_000n],
  ['\u00b5s', 1_000n], // micro sign
  ['\u03bcs', 1_000n], // Greek small letter mu
  ['ms', 1_000_000n],
  ['s', 1_000_000_000n],
  ['m', 60_000_000_000n],
  ['h', 3_600_000_000_000n],
]);

// Go accumulates magnitudes in an unsigned 64-bit integer and allows exactly 2^63 so that the most negative
// duration can be written; a positive result must then stay at or below 2^63 - 1.
const MAGNITUDE_LIMIT = 1n << 63n;
const INT64_MAX = MAGNITUDE_LIMIT - 1n;

/**
 * Go's `time` package quotes offending input its own way, unlike `strconv.Quote`: every byte of a non-ASCII or
 * control character is written as `\xNN`, and nothing else but `"` and `\` is escaped.
 */
function timeQuote(text: string): string {
  let out = '"';
  for (const char of text) {
    const code = char.codePointAt(0) as number;
    if (code < 0x20 || code >= 0x80) {
      // A lone surrogate cannot be UTF-8 encoded; Go would have seen the replacement character instead.
      const encoded = utf8.encode(code >= 0xd800 && code <= 0xdfff ? '\ufffd' : char);
      for (const byte of encoded) out += '\\x' + byte.toString(16).padStart(2, '0');
    } else {
      if (char === '"' || char === '\\') out += '\\';
      out += char;
    }
  }
  return out + '"';
}

function isDigit(char: string | undefined): boolean {
  return char !== undefined && char >= '0' && char <= '9';
}

/**
 * Parses a duration with the semantics of Go's `time.ParseDuration`: an optional sign, then one or more
 * `number unit` pairs (`1h30m`, `1.5s`, `-2m`), units `ns`, `us` (or `µs`/`μs`), `ms`, `s`, `m`, `h`; a bare `0`
 * needs no unit. Errors carry Go's exact text, e.g. `time: invalid duration "x"`.
 *
 * The value is returned as a JavaScript number of nanoseconds, so magnitudes beyond 2^53 ns (about 104 days)
 * lose precision; validity is decided with exact integers.
 *
 * @example
 * parseGoDuration('1m30s'); // { ok: true, nanoseconds: 90_000_000_000 }
 * parseGoDuration('10'); // { ok: false, error: 'time: missing unit in duration "10"' }
 */
export function parseGoDuration(text: string): GoDurationResult {
  const invalid = (): GoDurationResult => ({ ok: false, error: `time: invalid duration ${timeQuote(text)}` });
  let rest = text;
  let negative = false;
  if (rest.startsWith('-') || rest.startsWith('+')) {
    negative = rest.startsWith('-');
    rest = rest.slice(1);
  }
  if (rest === '0') return { ok: true, nanoseconds: 0 };
  if (rest === '') return invalid();

  let total = 0n;
  let index = 0;
  while (index < rest.length) {
    const first = rest[index];
    if (first !== '.' && !isDigit(first)) return invalid();

    let whole = 0n;
    const wholeStart = index;
    while (isDigit(rest[index])) {
      if (whole > MAGNITUDE_LIMIT / 10n) return invalid();
      whole = whole * 10n + BigInt(rest.charCodeAt(index) - 48);
      if (whole > MAGNITUDE_LIMIT) return invalid();
      index++;
    }
    const sawWhole = index > wholeStart;

    // Digits past what fits are ignored rather than rejected, as Go does for fractions.
    let fraction = 0n;
    let scale = 1;
    let sawFraction = false;
    if (rest[index] === '.') {
      index++;
      const fractionStart = index;
      let overflow = false;
      while (isDigit(rest[index])) {
        if (!overflow) {
          const next = fraction * 10n + BigInt(rest.charCodeAt(index) - 48);
          if (fraction > INT64_MAX / 10n || next > MAGNITUDE_LIMIT) {
            overflow = true;
          } else {
            fraction = next;
            scale *= 10;
          }
        }
        index++;
      }
      sawFraction = index > fractionStart;
    }
    if (!sawWhole && !sawFraction) return invalid();

    const unitStart = index;
    while (index < rest.length && rest[index] !== '.' && !isDigit(rest[index])) index++;
    if (index === unitStart) return { ok: false, error: `time: missing unit in duration ${timeQuote(text)}` };
    const unitText = rest.slice(unitStart, index);
    const unit = NANOS_PER_UNIT.get(unitText);
    if (unit === undefined) {
      return { ok: false, error: `time: unknown unit ${timeQuote(unitText)} in duration ${timeQuote(text)}` };
    }

    if (whole > MAGNITUDE_LIMIT / unit) return invalid();
    let value = whole * unit;
    if (fraction > 0n) {
      // Go computes the fractional part in float64 and truncates; doing the same keeps results bit-identical.
      value += BigInt(Math.trunc(Number(fraction) * (Number(unit) / scale)));
      if (value > MAGNITUDE_LIMIT) return invalid();
    }
    total += value;
    if (total > MAGNITUDE_LIMIT) return invalid();
  }
  if (negative) return { ok: true, nanoseconds: total === 0n ? 0 : -Number(total) };
  if (total > INT64_MAX) return invalid();
  return { ok: true, nanoseconds: Number(total) };
}

const ONE_MILLISECOND = 1_000_000;

/**
 * Reads a HEALTHCHECK duration flag as BuildKit does: an empty value or a zero duration means "use the default"
 * (`nanoseconds` 0); anything below 1ms, negative values included, is rejected.
 *
 * @param flagName the flag's name as BuildKit names it in the message (`interval`, `timeout`, `start-period`,
 *   `start-interval`); a leading `--` is dropped.
 */
export function parseHealthcheckDuration(
  flagName: string,
  value: string,
): { readonly nanoseconds: number | null; readonly problem: string | null } {
  if (value === '') return { nanoseconds: 0, problem: null };
  const parsed = parseGoDuration(value);
  if (!parsed.ok) return { nanoseconds: null, problem: parsed.error };
  if (parsed.nanoseconds === 0) return { nanoseconds: 0, problem: null };
  if (parsed.nanoseconds < ONE_MILLISECOND) {
    const name = flagName.startsWith('--') ? flagName.slice(2) : flagName;
    return { nanoseconds: null, problem: `Interval ${goQuote(name)} cannot be less than 1ms` };
  }
  return { nanoseconds: parsed.nanoseconds, problem: null };
}

/**
 * BuildKit's message for a HEALTHCHECK duration flag, or `null` when the value is accepted.
 *
 * @example
 * validateHealthcheckDuration('interval', '50ns'); // 'Interval "interval" cannot be less than 1ms'
 */
export function validateHealthcheckDuration(flagName: string, value: string): string | null {
  return parseHealthcheckDuration(flagName, value).problem;
}

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;

/**
 * Reads `--retries` as BuildKit does: a base-10 int32 with an optional sign (Go `strconv.ParseInt(v, 10, 32)`),
 * which must not be negative. An empty value means "not set" (`retries` 0).
 */
export function parseRetries(value: string): { readonly retries: number | null; readonly problem: string | null } {
  if (value === '') return { retries: 0, problem: null };
  const syntaxError = `strconv.ParseInt: parsing ${goQuote(value)}: invalid syntax`;
  const digits = value.startsWith('+') || value.startsWith('-') ? value.slice(1) : value;
  if (!/^[0-9]+$/.test(digits)) return { retries: null, problem: syntaxError };
  const magnitude = BigInt(digits);
  const signed = value.startsWith('-') ? -magnitude : magnitude;
  if (signed < BigInt(INT32_MIN) || signed > BigInt(INT32_MAX)) {
    return { retries: null, problem: `strconv.ParseInt: parsing ${goQuote(value)}: value out of range` };
  }
  const retries = Number(signed);
  if (retries < 0) return { retries: null, problem: `--retries cannot be negative (${retries})` };
  return { retries, problem: null };
}

/**
 * BuildKit's message for a `--retries` value, or `null` when it is accepted.
 *
 * @example
 * validateRetries('-1'); // '--retries cannot be negative (-1)'
 */
export function validateRetries(value: string): string | null {
  return parseRetries(value).problem;
}
