import { labelValueRule } from './empty-label.js';

const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(?:[Zz]|[+-](\d{2}):(\d{2}))$/;

function daysIn(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** An RFC 3339 `date-time`: date, `T`, time with optional fraction, and `Z` or a numeric offset. */
export function isRfc3339(value: string): boolean {
  const match = TIMESTAMP.exec(value);
  if (!match) return false;
  const [year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0, offsetHour = 0, offsetMinute = 0] = match
    .slice(1)
    .map((part) => (part === undefined ? 0 : Number(part)));
  return (
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysIn(year, month) &&
    hour <= 23 &&
    minute <= 59 &&
    // 60 is a leap second.
    second <= 60 &&
    offsetHour <= 23 &&
    offsetMinute <= 59
  );
}

/** DL3053: a label the schema types as `rfc3339` is not an RFC 3339 timestamp. */
export const labelRfc3339 = labelValueRule({
  id: 'label-rfc3339',
  hadolint: 'DL3053',
  type: 'rfc3339',
  message: (label) => `Label \`${label}\` is not a valid time format - must conform to RFC3339.`,
  isValid: isRfc3339,
  docs: {
    summary: 'Labels typed `rfc3339` should hold an RFC 3339 timestamp',
    description:
      'Flags a `LABEL` whose key the `label-schema` setting types as `rfc3339` when the value is not a full RFC ' +
      '3339 date-time such as `2024-03-10T10:26:33Z` or `2024-03-10T11:26:33.5+01:00` (a date alone, or a time ' +
      'without an offset, is not one).',
    rationale: 'Timestamps without an offset or in a local format are ambiguous and cannot be compared reliably.',
    example: '# label-schema: { org.opencontainers.image.created: rfc3339 }\nLABEL org.opencontainers.image.created="10/03/2024"',
    useInstead: 'LABEL org.opencontainers.image.created="2024-03-10T10:26:33Z"',
  },
});
