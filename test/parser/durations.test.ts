import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  parseGoDuration,
  parseHealthcheckDuration,
  parseRetries,
  validateHealthcheckDuration,
  validateRetries,
} from '../../src/parser/durations.js';

interface HealthcheckIntervalVector {
  readonly value: string;
  readonly ok?: boolean;
  readonly expectedErrorContains?: string;
}

const projectRoot = fileURLToPath(new URL('../../', import.meta.url));
const instructions = JSON.parse(
  readFileSync(resolve(projectRoot, '../shared/conformance/buildkit/extracted/instructions.json'), 'utf8'),
) as { healthcheckIntervals: HealthcheckIntervalVector[] };

const MS = 1_000_000;
const S = 1_000 * MS;

describe('parseGoDuration: accepted', () => {
  it.each([
    ['0', 0],
    ['-0', 0],
    ['+0', 0],
    ['0s', 0],
    ['-0s', 0],
    ['5s', 5 * S],
    ['+5s', 5 * S],
    ['-5s', -5 * S],
    ['1ns', 1],
    ['1us', 1_000],
    ['1\u00b5s', 1_000],
    ['1\u03bcs', 1_000],
    ['1ms', MS],
    ['1m', 60 * S],
    ['1h', 3_600 * S],
    ['1m30s', 90 * S],
    ['1h2m3s4ms5us6ns', 3_723_004_005_006],
    ['1.5h', 5_400 * S],
    ['-1.5h', -5_400 * S],
    ['.5s', 500 * MS],
    ['1.s', S],
    ['1.0s', S],
    ['0.000000001s', 1],
    ['0.0000000009s', 0],
    ['1.0000000000000000000000001s', S],
    ['0.3333333333333333333h', 1_200 * S],
    ['100ms100ms', 200 * MS],
    ['00010s', 10 * S],
    ['9223372036854775807ns', Number(2n ** 63n - 1n)],
    ['-9223372036854775808ns', -(2 ** 63)],
    ['2562047h47m16.854775807s', Number(2n ** 63n - 1n)],
  ])('%j', (text, nanoseconds) => {
    expect(parseGoDuration(text)).toEqual({ ok: true, nanoseconds });
  });
});

describe('parseGoDuration: refused with Go error text', () => {
  it.each([
    ['', 'time: invalid duration ""'],
    ['-', 'time: invalid duration "-"'],
    ['+', 'time: invalid duration "+"'],
    ['s', 'time: invalid duration "s"'],
    ['.s', 'time: invalid duration ".s"'],
    ['-.s', 'time: invalid duration "-.s"'],
    ['1s ', 'time: unknown unit "s " in duration "1s "'],
    [' 1s', 'time: invalid duration " 1s"'],
    ['--1s', 'time: invalid duration "--1s"'],
    ['1', 'time: missing unit in duration "1"'],
    ['10', 'time: missing unit in duration "10"'],
    ['1s1', 'time: missing unit in duration "1s1"'],
    ['1.5', 'time: missing unit in duration "1.5"'],
    ['00', 'time: missing unit in duration "00"'],
    ['1d', 'time: unknown unit "d" in duration "1d"'],
    ['1S', 'time: unknown unit "S" in duration "1S"'],
    ['1 s', 'time: unknown unit " s" in duration "1 s"'],
    ['1sec', 'time: unknown unit "sec" in duration "1sec"'],
    ['1ms\u00e9', 'time: unknown unit "ms\\xc3\\xa9" in duration "1ms\\xc3\\xa9"'],
    ['\u00b5s', 'time: invalid duration "\\xc2\\xb5s"'],
    ['1"s', 'time: unknown unit "\\"s" in duration "1\\"s"'],
    ['1\ns', 'time: unknown unit "\\x0as" in duration "1\\x0as"'],
    ['9223372036854775808ns', 'time: invalid duration "9223372036854775808ns"'],
    ['-9223372036854775809ns', 'time: invalid duration "-9223372036854775809ns"'],
    ['2562047h47m16.854775808s', 'time: invalid duration "2562047h47m16.854775808s"'],
    ['3000000h', 'time: invalid duration "3000000h"'],
    ['99999999999999999999s', 'time: invalid duration "99999999999999999999s"'],
  ])('%j', (text, error) => {
    expect(parseGoDuration(text)).toEqual({ ok: false, error });
  });
});

describe('HEALTHCHECK durations', () => {
  it.each(instructions.healthcheckIntervals)('BuildKit vector $value', (vector) => {
    const problem = validateHealthcheckDuration('interval', vector.value);
    if (vector.ok) expect(problem).toBeNull();
    else expect(problem).toContain(vector.expectedErrorContains);
  });

  it.each([
    ['interval', '', 0, null],
    ['interval', '0', 0, null],
    ['interval', '0s', 0, null],
    ['interval', '-0s', 0, null],
    ['interval', '1ms', MS, null],
    ['interval', '30s', 30 * S, null],
    ['timeout', '999us', null, 'Interval "timeout" cannot be less than 1ms'],
    ['start-period', '-5s', null, 'Interval "start-period" cannot be less than 1ms'],
    ['--start-interval', '1ns', null, 'Interval "start-interval" cannot be less than 1ms'],
    ['interval', '30', null, 'time: missing unit in duration "30"'],
    ['interval', 'abc', null, 'time: invalid duration "abc"'],
    ['interval', '$X', null, 'time: invalid duration "$X"'],
  ])('--%s=%j', (flag, value, nanoseconds, problem) => {
    expect(parseHealthcheckDuration(flag, value)).toEqual({ nanoseconds, problem });
    expect(validateHealthcheckDuration(flag, value)).toBe(problem);
  });
});

describe('HEALTHCHECK --retries', () => {
  it.each([
    ['', 0, null],
    ['0', 0, null],
    ['-0', 0, null],
    ['3', 3, null],
    ['+3', 3, null],
    ['007', 7, null],
    ['2147483647', 2147483647, null],
    ['-1', null, '--retries cannot be negative (-1)'],
    ['-05', null, '--retries cannot be negative (-5)'],
    ['-2147483648', null, '--retries cannot be negative (-2147483648)'],
    ['2147483648', null, 'strconv.ParseInt: parsing "2147483648": value out of range'],
    ['-2147483649', null, 'strconv.ParseInt: parsing "-2147483649": value out of range'],
    ['99999999999999999999999', null, 'strconv.ParseInt: parsing "99999999999999999999999": value out of range'],
    ['three', null, 'strconv.ParseInt: parsing "three": invalid syntax'],
    ['1_000', null, 'strconv.ParseInt: parsing "1_000": invalid syntax'],
    ['0x10', null, 'strconv.ParseInt: parsing "0x10": invalid syntax'],
    [' 1', null, 'strconv.ParseInt: parsing " 1": invalid syntax'],
    ['-', null, 'strconv.ParseInt: parsing "-": invalid syntax'],
    ['1.5', null, 'strconv.ParseInt: parsing "1.5": invalid syntax'],
    ['\u0663', null, 'strconv.ParseInt: parsing "\u0663": invalid syntax'],
  ])('%j', (value, retries, problem) => {
    expect(parseRetries(value)).toEqual({ retries, problem });
    expect(validateRetries(value)).toBe(problem);
  });
});

describe('durations: robustness', () => {
  it('never throws on arbitrary text', () => {
    const text = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 40 }),
      fc.string({
        unit: fc.constantFrom('0', '1', '9', '.', '-', '+', 'n', 'u', '\u00b5', 'm', 's', 'h', 'x'),
        maxLength: 40,
      }),
    );
    fc.assert(
      fc.property(text, (value) => {
        const parsed = parseGoDuration(value);
        if (parsed.ok) expect(Number.isFinite(parsed.nanoseconds)).toBe(true);
        else expect(parsed.error).toMatch(/^time: /);
        validateHealthcheckDuration('interval', value);
        validateRetries(value);
      }),
      { numRuns: 1_000 },
    );
  });
});
