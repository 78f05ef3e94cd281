/**
 * The option flags of RUN: `--mount`, `--device`, `--network` and `--security`.
 *
 * The functions take a flag's value after the parser's quote and escape removal and judge it the way BuildKit
 * does, returning its messages word for word. BuildKit stops at the first error; these helpers keep going and
 * report every problem they can, in the order BuildKit would meet them, so the first problem is always the one
 * BuildKit prints.
 *
 * Values are judged before variable expansion. A value holding `$` is left alone (BuildKit expands it when the
 * step runs), except `from`, which BuildKit refuses to expand.
 */
import type { Device, Mount } from './ast.js';
import { goQuote } from './go-quote.js';
import { type Problem, withSuggestion } from './suggest.js';

export type { Problem } from './suggest.js';

/** A mount as {@link parseMount} reads it: the fields of the AST's `Mount` without its source range. */
export type MountFields = Omit<Mount, 'range'>;

/** A device as {@link parseDevice} reads it: the fields of the AST's `Device` without its source range. */
export type DeviceFields = Omit<Device, 'range'>;

export type MountType = Mount['type'];
export type MountSharing = NonNullable<Mount['sharing']>;

/**
 * The mount types BuildKit knows. BuildKit searches them for a suggestion in no fixed order; this order decides
 * ties (which no near-miss of these five names produces in practice).
 */
export const MOUNT_TYPES: readonly MountType[] = ['bind', 'cache', 'tmpfs', 'secret', 'ssh'];
const SHARING_MODES: readonly MountSharing[] = ['shared', 'private', 'locked'];

// BuildKit searches its suggestions in this order; with equally close candidates the first one wins.
const MOUNT_KEYS = [
  'type',
  'from',
  'source',
  'target',
  'readonly',
  'id',
  'sharing',
  'required',
  'size',
  'mode',
  'uid',
  'gid',
  'src',
  'dst',
  'destination',
  'ro',
  'rw',
  'readwrite',
  'env',
] as const;

const DEVICE_KEYS = ['name', 'required'] as const;

// ---------------------------------------------------------------------------------------------------------------
// One CSV record, as BuildKit reads these flag values.

interface CsvField {
  /** The field after CSV unquoting. */
  readonly value: string;
  /** Where the field's text (quotes included) starts and ends in the input. */
  readonly start: number;
  readonly end: number;
  /** Whether the field was quoted, in which case `value` no longer lines up with the input text. */
  readonly quoted: boolean;
}

type CsvRecord =
  | { readonly ok: true; readonly fields: readonly CsvField[] }
  | { readonly ok: false; readonly reason: string; readonly offset: number | null };

const utf8 = new TextEncoder();

/** `column` is where Go's reader stopped (it reports it in bytes, from 1); `offset` is the character to blame. */
function csvError(line: string, column: number, reason: string, offset = column): CsvRecord {
  const bytes = utf8.encode(line.slice(0, column)).length + 1;
  return { ok: false, reason: `parse error on line 1, column ${bytes}: ${reason}`, offset };
}

/**
 * Splits one CSV record: `,` separates fields; a field that starts with `"` is quoted, `""` inside it is a
 * literal quote, and the closing quote must be followed by `,` or the end. A quote inside an unquoted field is an
 * error, and so is an unterminated quoted field. One trailing line break is tolerated; empty input is an error.
 */
function readCsvRecord(text: string): CsvRecord {
  let line = text;
  if (line.endsWith('\r\n')) line = line.slice(0, -2);
  else if (line.endsWith('\n')) line = line.slice(0, -1);
  if (line === '') return { ok: false, reason: 'EOF', offset: null };

  const fields: CsvField[] = [];
  let pos = 0;
  for (;;) {
    if (line[pos] !== '"') {
      const comma = line.indexOf(',', pos);
      const end = comma === -1 ? line.length : comma;
      const value = line.slice(pos, end);
      const quote = value.indexOf('"');
      if (quote !== -1) return csvError(line, pos + quote, 'bare " in non-quoted-field');
      fields.push({ value, start: pos, end, quoted: false });
      if (comma === -1) break;
      pos = comma + 1;
      continue;
    }
    const start = pos;
    pos++;
    let value = '';
    for (;;) {
      const quote = line.indexOf('"', pos);
      if (quote === -1) return csvError(line, pos, 'extraneous or missing " in quoted-field', start);
      value += line.slice(pos, quote);
      pos = quote + 1;
      if (line[pos] === '"') {
        value += '"';
        pos++;
        continue;
      }
      if (pos === line.length || line[pos] === ',') break;
      return csvError(line, pos - 1, 'extraneous or missing " in quoted-field');
    }
    fields.push({ value, start, end: pos, quoted: true });
    if (pos === line.length) break;
    pos++;
  }
  return { ok: true, fields };
}

// ---------------------------------------------------------------------------------------------------------------
// Go's number and boolean readers, as far as these options need them.

const TRUE_WORDS = new Set(['1', 't', 'T', 'TRUE', 'true', 'True']);
const FALSE_WORDS = new Set(['0', 'f', 'F', 'FALSE', 'false', 'False']);

/** Go's `strconv.ParseBool`: `null` when the text is not one of its twelve spellings. */
function parseGoBool(text: string): boolean | null {
  if (TRUE_WORDS.has(text)) return true;
  if (FALSE_WORDS.has(text)) return false;
  return null;
}

/** Go's `strconv.ParseUint(text, base, 32)` for base 8 or 10: digits only, no sign, no prefix, at most 2^32-1. */
function isUint32(text: string, base: 8 | 10): boolean {
  if (!(base === 8 ? /^[0-7]+$/ : /^[0-9]+$/).test(text)) return false;
  return BigInt(base === 8 ? `0o${text}` : text) <= 0xffff_ffffn;
}

/**
 * The value Go's `strconv.ParseFloat(text, 64)` reads from `text`, or `null` when it refuses it. Only needed for
 * the number part of a size, which always ends in a digit or a dot, so the `inf` and `nan` spellings never reach it.
 */
function goFloatValue(text: string): number | null {
  // `[0-9_]+(?:\.[0-9_]*)?` rather than `[0-9_]+\.?[0-9_]*`: the same texts, with one way to split a run of digits
  // (two made a long run quadratic).
  const decimal = /^[+-]?(?:[0-9_]+(?:\.[0-9_]*)?|\.[0-9_]+)(?:[eE][+-]?[0-9][0-9_]*)?$/;
  const hex = /^[+-]?0[xX](?:[0-9a-fA-F_]+(?:\.[0-9a-fA-F_]*)?|\.[0-9a-fA-F_]+)[pP][+-]?[0-9][0-9_]*$/;
  const isHex = hex.test(text);
  if (!isHex && !decimal.test(text)) return null;
  const mantissaText = isHex ? before(text.replace(/^[+-]?0[xX]/, ''), /[pP]/) : before(text, /[eE]/);
  if (!/[0-9a-fA-F]/.test(isHex ? mantissaText : mantissaText.replace(/[a-fA-F]/g, ''))) return null;
  if (text.includes('_') && !underscoresBetweenDigits(text, isHex)) return null;
  const plain = text.replaceAll('_', '');
  let value: number;
  if (isHex) {
    const match = /^([+-]?)0[xX]([0-9a-fA-F]*)(?:\.([0-9a-fA-F]*))?[pP]([+-]?[0-9]+)$/.exec(plain);
    if (!match) return null;
    const digits = (match[2] ?? '') + (match[3] ?? '');
    const mantissa = [...digits].reduce((sum, digit) => sum * 16 + parseInt(digit, 16), 0);
    const exponent = Number(match[4]) - 4 * (match[3] ?? '').length;
    value = mantissa === 0 ? 0 : mantissa * 2 ** exponent;
    if (match[1] === '-') value = -value;
  } else {
    value = Number(plain);
  }
  // Overflow is an error in Go (ParseFloat reports ErrRange); underflow to zero is not.
  return Number.isFinite(value) ? value : null;
}

/** `text` up to the first character `pattern` finds (all of it when there is none). */
function before(text: string, pattern: RegExp): string {
  const at = text.search(pattern);
  return at === -1 ? text : text.slice(0, at);
}

/** Go allows `_` only between digits, or right after a base prefix. */
function underscoresBetweenDigits(text: string, hex: boolean): boolean {
  let body = text.replace(/^[+-]/, '');
  let previous: 'start' | 'digit' | 'underscore' | 'other' = 'start';
  if (hex) {
    body = body.slice(2);
    previous = 'digit';
  }
  for (const char of body) {
    if (/[0-9]/.test(char) || (hex && /[a-fA-F]/.test(char))) previous = 'digit';
    else if (char === '_') {
      if (previous !== 'digit') return false;
      previous = 'underscore';
    } else {
      if (previous === 'underscore') return false;
      previous = 'other';
    }
  }
  return previous !== 'underscore';
}

const RAM_UNITS = new Set(['k', 'm', 'g', 't', 'p']);

/**
 * Whether a tmpfs `size` is accepted: a non-negative number with an optional binary unit (`64m`, `1.5GiB`,
 * `512 kb`).
 */
function isRamSize(text: string): boolean {
  let split = -1;
  for (let index = text.length - 1; index >= 0; index--) {
    if (/[0-9. ]/.test(text[index] as string)) {
      split = index;
      break;
    }
  }
  if (split === -1) return false;
  const number = text[split] === ' ' ? text.slice(0, split) : text.slice(0, split + 1);
  const suffix = text.slice(split + 1);
  const amount = goFloatValue(number);
  if (amount === null || amount < 0) return false;
  if (suffix === '') return true;
  if (suffix.length > 3 || /[^\x00-\x7f]/.test(suffix)) return false;
  const lower = suffix.toLowerCase();
  if (lower[0] === 'b') return lower.length === 1;
  if (!RAM_UNITS.has(lower[0] as string)) return false;
  return lower.length === 1 || (lower.length === 2 ? lower[1] === 'b' : lower.slice(1) === 'ib');
}

// ---------------------------------------------------------------------------------------------------------------
// --mount

/** Options for {@link parseMount}. */
export interface ParseMountOptions {
  /**
   * The working directory the step will run in, when known literally. BuildKit resolves a relative (or missing)
   * target against it and rejects a mount that lands on `/`; without it only a literal `target=/` is judged.
   */
  readonly workdir?: string;
}

/** What {@link parseMount} returns. */
export interface ParsedMount {
  /** The mount, best effort even when there are problems; `null` only when the value is not readable as CSV. */
  readonly mount: MountFields | null;
  readonly problems: readonly Problem[];
}

interface MountState {
  type: MountType;
  /** False once `type` was invalid or a variable: checks that depend on the type are then skipped. */
  typeKnown: boolean;
  readonly: boolean | null;
  target: string | null;
  source: string | null;
  from: string | null;
  id: string | null;
  sharing: MountSharing | null;
  sharingSet: boolean;
  mode: string | null;
  uid: string | null;
  gid: string | null;
  size: string | null;
  env: string | null;
  required: boolean | null;
}

function hasVariable(text: string): boolean {
  return text.includes('$');
}

/** Go's `path.Clean` for the absolute paths a mount target resolves to. */
function cleanAbsolute(path: string): string {
  const parts: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  return '/' + parts.join('/');
}

/**
 * Reads the value of `RUN --mount=…` and checks it as BuildKit does.
 *
 * Keys are case-insensitive and recorded lower-cased in `options`; `src`, `dst`/`destination`, `ro`/`readonly` and
 * `rw`/`readwrite` are aliases. The type defaults to `bind`. `readonly` is resolved: bind, secret and ssh mounts are
 * read-only unless `rw` is given, cache and tmpfs are writable unless `ro` is given. Other fields are as written
 * (`null` when absent); defaults BuildKit fills in later (a secret's target, a cache's id) are not applied.
 *
 * When the type is invalid or a variable, `type` stays at the type in effect before it and checks that depend on
 * the type are skipped.
 *
 * @example
 * parseMount('type=cache,target=/root/.cache').mount?.readonly; // false
 * parseMount('type=cahce').problems[0]?.message; // 'unsupported mount type "cahce" (did you mean cache?)'
 */
export function parseMount(value: string, options: ParseMountOptions = {}): ParsedMount {
  const record = readCsvRecord(value);
  if (!record.ok) {
    const problem: Problem =
      record.offset === null
        ? { message: `failed to parse csv mounts: ${record.reason}` }
        : { message: `failed to parse csv mounts: ${record.reason}`, start: record.offset, end: record.offset + 1 };
    return { mount: null, problems: [problem] };
  }

  // BuildKit reads every mount once when it parses the instruction, checking only `from`, and judges the rest
  // when the step is converted; so a `from` problem is what it reports first, wherever the field stands.
  const readingProblems: Problem[] = [];
  const problems: Problem[] = [];
  const entries: { key: string; value: string | null }[] = [];
  const lastField = new Map<string, CsvField>();
  const state: MountState = {
    type: 'bind',
    typeKnown: true,
    readonly: null,
    target: null,
    source: null,
    from: null,
    id: null,
    sharing: null,
    sharingSet: false,
    mode: null,
    uid: null,
    gid: null,
    size: null,
    env: null,
    required: null,
  };
  const secretOrSsh = (): boolean => state.type === 'secret' || state.type === 'ssh';

  for (const field of record.fields) {
    const equals = field.value.indexOf('=');
    const key = (equals === -1 ? field.value : field.value.slice(0, equals)).toLowerCase();
    const fieldValue = equals === -1 ? null : field.value.slice(equals + 1);
    entries.push({ key, value: fieldValue });
    const whole = { start: field.start, end: field.end };
    const valueRange =
      field.quoted || equals === -1 ? whole : { start: field.start + equals + 1, end: field.end };

    if (fieldValue === null) {
      switch (key) {
        case 'readonly':
        case 'ro':
          state.readonly = true;
          break;
        case 'readwrite':
        case 'rw':
          state.readonly = false;
          break;
        case 'required':
          if (state.typeKnown && !secretOrSsh()) {
            problems.push({ message: `unexpected key '${key}' for mount type '${state.type}'`, ...whole });
          } else {
            state.required = true;
          }
          break;
        default:
          problems.push({ message: `invalid field '${field.value}' must be a key=value pair`, ...whole });
      }
      continue;
    }

    lastField.set(key, field);
    if (key === 'from') {
      const dollar = fieldValue.indexOf('$');
      if (dollar !== -1 && dollar !== fieldValue.length - 1) {
        readingProblems.push({
          message: `'from' doesn't support variable expansion, define alias stage instead`,
          ...valueRange,
        });
      }
    }
    // Expanded only when the step runs, so its eventual value cannot be judged here.
    const deferred = key !== 'from' && hasVariable(fieldValue);
    const invalidValue = (): void => {
      problems.push({ message: `invalid value for ${key}: ${fieldValue}`, ...valueRange });
    };

    switch (key) {
      case 'type': {
        if (deferred) {
          state.typeKnown = false;
          break;
        }
        const type = fieldValue.toLowerCase();
        if ((MOUNT_TYPES as readonly string[]).includes(type)) {
          state.type = type as MountType;
          state.typeKnown = true;
        } else {
          state.typeKnown = false;
          problems.push({
            message: withSuggestion(`unsupported mount type ${goQuote(fieldValue)}`, fieldValue, MOUNT_TYPES),
            ...valueRange,
          });
        }
        break;
      }
      case 'from':
        state.from = fieldValue;
        break;
      case 'source':
      case 'src':
        state.source = fieldValue;
        break;
      case 'target':
      case 'dst':
      case 'destination':
        state.target = fieldValue;
        break;
      case 'readonly':
      case 'ro':
      case 'readwrite':
      case 'rw': {
        if (deferred) break;
        const flag = parseGoBool(fieldValue);
        if (flag === null) invalidValue();
        else state.readonly = key === 'readonly' || key === 'ro' ? flag : !flag;
        break;
      }
      case 'required': {
        if (state.typeKnown && !secretOrSsh()) {
          problems.push({ message: `unexpected key '${key}' for mount type '${state.type}'`, ...whole });
          break;
        }
        if (deferred) break;
        const flag = parseGoBool(fieldValue);
        if (flag === null) invalidValue();
        else state.required = flag;
        break;
      }
      case 'size':
        if (state.typeKnown && state.type !== 'tmpfs') {
          problems.push({ message: `unexpected key '${key}' for mount type '${state.type}'`, ...whole });
          break;
        }
        if (!deferred && !isRamSize(fieldValue)) invalidValue();
        state.size = fieldValue;
        break;
      case 'id':
        state.id = fieldValue;
        break;
      case 'sharing': {
        state.sharingSet = true;
        if (deferred) break;
        const sharing = fieldValue.toLowerCase();
        if ((SHARING_MODES as readonly string[]).includes(sharing)) {
          state.sharing = sharing as MountSharing;
        } else {
          problems.push({
            message: withSuggestion(`unsupported sharing value ${goQuote(fieldValue)}`, fieldValue, SHARING_MODES),
            ...valueRange,
          });
        }
        break;
      }
      case 'mode':
      case 'uid':
      case 'gid':
        if (!deferred && !isUint32(fieldValue, key === 'mode' ? 8 : 10)) {
          problems.push({ message: `invalid value ${fieldValue} for ${key}`, ...valueRange });
        }
        state[key as 'mode' | 'uid' | 'gid'] = fieldValue;
        break;
      case 'env':
        state.env = fieldValue;
        break;
      default:
        problems.push({
          message: withSuggestion(`unexpected key '${key}' in '${field.value}'`, key, MOUNT_KEYS),
          start: field.start,
          end: field.quoted || equals === -1 ? field.end : field.start + equals,
        });
    }
  }

  const at = (key: string): { start?: number; end?: number } => {
    const field = lastField.get(key);
    return field ? { start: field.start, end: field.end } : {};
  };

  if (state.typeKnown) {
    if (state.type !== 'secret' && state.type !== 'ssh' && state.type !== 'cache') {
      for (const key of ['mode', 'uid', 'gid'] as const) {
        if (state[key] !== null) {
          problems.push({ message: `${key} not allowed for ${goQuote(state.type)} type mounts`, ...at(key) });
        }
      }
    }
    if (state.type === 'secret') {
      if (state.from) problems.push({ message: 'secret mount should not have a from', ...at('from') });
      if (state.sharingSet) problems.push({ message: 'secret mount should not define sharing', ...at('sharing') });
      if (!state.source && !state.target && !state.id) {
        problems.push({ message: 'invalid secret mount. one of source, target required' });
      }
      if (state.source && state.id) {
        problems.push({ message: "both source and id can't be set", ...at('id') });
      }
    } else if (state.sharingSet && state.type !== 'cache') {
      problems.push({ message: `invalid cache sharing set for ${state.type} mount`, ...at('sharing') });
    }
    // The two checks below happen when the step is converted rather than when the instruction is read.
    if (state.type === 'ssh' && state.source) {
      problems.push({ message: 'ssh does not support source', ...at('source') });
    }
    if (state.type !== 'secret' && state.type !== 'ssh') {
      const problem = checkTarget(state.target, options.workdir);
      if (problem) problems.push({ ...problem, ...at(lastTargetKey(lastField)) });
    }
  }

  const readonly = state.readonly ?? !(state.type === 'cache' || state.type === 'tmpfs');
  const mount: MountFields = {
    type: state.type,
    options: entries,
    target: state.target,
    source: state.source,
    from: state.from,
    id: state.id,
    readonly,
    sharing: state.sharing,
    mode: state.mode,
    uid: state.uid,
    gid: state.gid,
    size: state.size,
    env: state.env,
    required: state.required,
  };
  return { mount, problems: [...readingProblems, ...problems] };
}

function lastTargetKey(fields: ReadonlyMap<string, CsvField>): string {
  let best = 'target';
  let bestStart = -1;
  for (const key of ['target', 'dst', 'destination']) {
    const field = fields.get(key);
    if (field && field.start > bestStart) {
      best = key;
      bestStart = field.start;
    }
  }
  return best;
}

/**
 * BuildKit keeps an absolute target as written (so only `/` itself is caught) and joins a relative or missing one
 * to the working directory, cleaning the result.
 */
function checkTarget(target: string | null, workdir: string | undefined): Problem | null {
  const written = target ?? '';
  if (hasVariable(written)) return null;
  if (written.startsWith('/')) {
    return written === '/' ? { message: 'invalid mount target "/"' } : null;
  }
  if (workdir === undefined || hasVariable(workdir)) return null;
  const resolved = cleanAbsolute(`/${workdir}/${written}`);
  return resolved === '/' ? { message: 'invalid mount target "/"' } : null;
}

// ---------------------------------------------------------------------------------------------------------------
// --device

/** What {@link parseDevice} returns. */
export interface ParsedDevice {
  /** The device, best effort even when there are problems; `null` only when the value is not readable as CSV. */
  readonly device: DeviceFields | null;
  readonly problems: readonly Problem[];
}

/**
 * Reads the value of `RUN --device=…` (a CDI device request) as BuildKit does. The first bare field names the
 * device, and so does a `key=value` field with an unknown key while no name is set (CDI names such as
 * `vendor.com/class=name` contain `=`); `name=` sets it explicitly; `required` is a bare flag or a boolean.
 *
 * @example
 * parseDevice('vendor.com/gpu=all,required').device; // { name: 'vendor.com/gpu=all', required: true }
 */
export function parseDevice(value: string): ParsedDevice {
  const record = readCsvRecord(value);
  if (!record.ok) {
    const message = `failed to parse csv devices: ${record.reason}`;
    const problem: Problem =
      record.offset === null ? { message } : { message, start: record.offset, end: record.offset + 1 };
    return { device: null, problems: [problem] };
  }

  const problems: Problem[] = [];
  let name = '';
  let required = false;
  for (const field of record.fields) {
    const equals = field.value.indexOf('=');
    const key = (equals === -1 ? field.value : field.value.slice(0, equals)).toLowerCase();
    const fieldValue = equals === -1 ? null : field.value.slice(equals + 1);
    const whole = { start: field.start, end: field.end };

    if (fieldValue === null) {
      if (key === 'required') required = true;
      else if (name === '') name = field.value;
      else problems.push({ message: `invalid field '${field.value}' must be a key=value pair`, ...whole });
      continue;
    }
    switch (key) {
      case 'name':
        if (name !== '') problems.push({ message: `device name already set to ${name}`, ...whole });
        else name = fieldValue;
        break;
      case 'required': {
        const flag = parseGoBool(fieldValue);
        if (flag === null) {
          const valueRange = field.quoted ? whole : { start: field.start + equals + 1, end: field.end };
          problems.push({ message: `invalid value for ${key}: ${fieldValue}`, ...valueRange });
        } else {
          required = flag;
        }
        break;
      }
      default:
        if (name === '') {
          name = field.value;
        } else {
          problems.push({
            message: withSuggestion(`unexpected key '${key}' in '${field.value}'`, key, DEVICE_KEYS),
            start: field.start,
            end: field.quoted ? field.end : field.start + equals,
          });
        }
    }
  }
  return { device: { name, required }, problems };
}

// ---------------------------------------------------------------------------------------------------------------
// --network and --security

const NETWORK_MODES = new Set(['default', 'none', 'host']);
const SECURITY_MODES = new Set(['sandbox', 'insecure']);

/**
 * BuildKit's message for a `RUN --network` value, or `null` when it is accepted. The value is compared exactly
 * (case-sensitively) and never expanded.
 *
 * @example
 * validateNetwork('bridge'); // 'invalid network mode "bridge"'
 */
export function validateNetwork(value: string): string | null {
  return NETWORK_MODES.has(value) ? null : `invalid network mode ${goQuote(value)}`;
}

/**
 * BuildKit's message for a `RUN --security` value, or `null` when it is accepted (`sandbox` or `insecure`,
 * compared exactly and never expanded).
 *
 * @example
 * validateSecurity('privileged'); // 'security "privileged" is not valid'
 */
export function validateSecurity(value: string): string | null {
  return SECURITY_MODES.has(value) ? null : `security ${goQuote(value)} is not valid`;
}
