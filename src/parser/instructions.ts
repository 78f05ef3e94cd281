/**
 * From a joined instruction line to a typed instruction node.
 *
 * This mirrors BuildKit's two inner stages: first the raw argument chain (what its parser's AST holds:
 * flags, exec/shell form, white-space or quote-aware words, key/value triples), then the typed instruction
 * with BuildKit's instruction-stage validation reported as diagnostics instead of a failed build.
 */
import type {
  ArgDeclaration,
  Command,
  CommandForm,
  Comment,
  CopyOptions,
  CopySource,
  Device,
  Diagnostic,
  ExposedPort,
  Flag,
  Heredoc,
  Instruction,
  InstructionBase,
  InstructionName,
  KeyValuePair,
  Mount,
  Range,
  Severity,
  Word,
} from './ast.js';
import { INSTRUCTION_NAMES, isInstructionName } from './ast.js';
import { validateHealthcheckDuration, validateRetries } from './durations.js';
import { goQuote } from './go-quote.js';
import { parseHeredocWord } from './heredoc.js';
import { parseImageReference } from './image-ref.js';
import type { JoinedLine } from './joined.js';
import {
  isLineBlank,
  isUnicodeSpace,
  parseJsonArray,
  scanFlags,
  splitBlankDelimited,
  splitKeyword,
  splitQuoteAware,
  type Span,
} from './line-syntax.js';
import { parseExposedPort } from './ports.js';
import { parseDevice, parseMount, validateNetwork, validateSecurity } from './run-options.js';
import { SourceWord, type Lines } from './source.js';
import { suggest } from './suggest.js';

/** A COPY/ADD source: a word that may name one of the instruction's heredocs. */
class CopySourceWord implements CopySource {
  readonly value: string;
  readonly #word: Word;

  constructor(
    word: Word,
    readonly heredoc: Heredoc | null,
  ) {
    this.value = word.value;
    this.#word = word;
  }

  get range(): Range {
    return this.#word.range;
  }

  toJSON(): { value: string; range: Range; heredoc: string | null } {
    return { value: this.value, range: this.range, heredoc: this.heredoc?.name ?? null };
  }
}

/** A command keeps its place in the joined line so that offsets inside it map back to the source. */
class CommandNode implements Command {
  readonly text: string;
  readonly #builder: Builder;
  readonly #start: number;

  constructor(
    builder: Builder,
    readonly form: CommandForm,
    readonly args: readonly Word[],
    span: ArgSpan,
  ) {
    this.text = builder.ctx.joined.text.slice(span.start, span.end);
    this.#builder = builder;
    this.#start = span.start;
  }

  get range(): Range {
    return this.#builder.range(this.#start, this.#start + this.text.length);
  }

  rangeOf(start: number, end: number): Range {
    return this.#builder.range(this.#start + start, this.#start + end);
  }

  toJSON(): { form: CommandForm; args: readonly Word[]; text: string; range: Range } {
    return { form: this.form, args: this.args, text: this.text, range: this.range };
  }
}

/** Everything an instruction builder needs besides the line itself. */
export interface InstructionContext {
  readonly source: string;
  /** What the instruction's ranges and words are placed on. */
  readonly lines: Lines;
  readonly joined: JoinedLine;
  readonly escapeChar: '\\' | '`';
  readonly diagnostics: Diagnostic[];
  /** Whether to report BuildKit's instruction-stage errors (the raw parser's are always reported). */
  readonly instructionChecks: boolean;
  readonly heredocs: readonly Heredoc[];
  readonly comments: readonly Comment[];
  /** Source span and text of the whole instruction. */
  readonly start: number;
  readonly end: number;
}

type FlagKind = 'string' | 'bool';
interface FlagSpec {
  readonly kind: FlagKind;
  readonly repeatable?: boolean;
}

const STRING: FlagSpec = { kind: 'string' };
const BOOL: FlagSpec = { kind: 'bool' };
const REPEATABLE: FlagSpec = { kind: 'string', repeatable: true };

/** The flags each instruction defines; instructions absent here define none. */
const FLAG_SPECS: Partial<Record<InstructionName, Readonly<Record<string, FlagSpec>>>> = {
  FROM: { platform: STRING },
  RUN: { mount: REPEATABLE, network: STRING, security: STRING, device: REPEATABLE },
  COPY: { from: STRING, chown: STRING, chmod: STRING, link: BOOL, parents: BOOL, exclude: REPEATABLE },
  ADD: {
    chown: STRING,
    chmod: STRING,
    link: BOOL,
    'keep-git-dir': BOOL,
    checksum: STRING,
    unpack: BOOL,
    exclude: REPEATABLE,
  },
  HEALTHCHECK: {
    interval: STRING,
    timeout: STRING,
    'start-period': STRING,
    'start-interval': STRING,
    retries: STRING,
  },
};

/** ARG and STOPSIGNAL never look at their flags in BuildKit, so nothing is reported for them. */
const FLAGS_IGNORED = new Set(['ARG', 'STOPSIGNAL']);
/** Keywords as usually written, mapped to their canonical name without allocating a new string. */
const CANONICAL = new Map<string, string>(INSTRUCTION_NAMES.flatMap((n) => [[n, n], [n.toLowerCase(), n]]));
/** Shared by every node with nothing in a list, so that empty lists cost nothing. */
const EMPTY: readonly never[] = Object.freeze([]);
const STAGE_NAME = /^[a-z][a-z0-9._-]*$/;

class Builder {
  constructor(readonly ctx: InstructionContext) {}

  range(joinedStart: number, joinedEnd: number): Range {
    const { joined, lines } = this.ctx;
    const start = joined.toSource(joinedStart);
    const end = joinedEnd <= joinedStart ? start : joined.toSourceEnd(joinedEnd);
    return lines.range(start, end);
  }

  word(span: Span): Word {
    const { joined, lines } = this.ctx;
    const start = joined.toSource(span.start);
    const end = span.end <= span.start ? start : joined.toSourceEnd(span.end);
    return new SourceWord(span.value, lines, start, end);
  }

  report(code: string, message: string, range: Range, severity: Severity = 'error', stage: 'raw' | 'instruction' = 'instruction'): void {
    if (stage === 'instruction' && !this.ctx.instructionChecks) return;
    this.ctx.diagnostics.push({ code, message, severity, range });
  }
}

/**
 * Builds the instruction found in `joined.text[from, to)`. ONBUILD calls this again for its trigger, on the
 * same joined line.
 */
export function buildInstruction(ctx: InstructionContext, from: number, to: number, nested = false): Instruction {
  const b = new Builder(ctx);
  const text = ctx.joined.text;
  const sub = splitKeyword(text, from, to);
  const keywordSpan = sub.keyword;
  const lineEnd = sub.end;
  const name = CANONICAL.get(keywordSpan.value) ?? keywordSpan.value.toUpperCase();
  const known = isInstructionName(name);
  const scan = scanFlags(text, sub.restStart, lineEnd, ctx.escapeChar);
  const flags: readonly Flag[] = scan.flags.length === 0 ? EMPTY : scan.flags.map((raw): Flag => {
    const hasValue = raw.equals >= 0;
    const nameText = hasValue ? raw.text.slice(2, raw.text.indexOf('=')) : raw.text.slice(2);
    return {
      type: 'Flag',
      name: nameText,
      value: hasValue ? raw.text.slice(raw.text.indexOf('=') + 1) : null,
      text: raw.text,
      nameRange: b.range(raw.start + 2, hasValue ? raw.equals : raw.end),
      valueRange: hasValue ? b.range(raw.equals + 1, raw.end) : null,
      range: b.range(raw.start, raw.end),
    };
  });
  const argsStart = Math.min(scan.argsStart, lineEnd);
  const rangeStart = nested ? keywordSpan.start : from;
  const base = {
    type: 'Instruction' as const,
    name,
    keyword: keywordSpan.value,
    keywordRange: b.range(keywordSpan.start, keywordSpan.end),
    flags,
    heredocs: ctx.heredocs,
    comments: nested ? EMPTY : ctx.comments,
    original: nested ? text.slice(rangeStart, lineEnd) : text,
    raw: nested ? text.slice(rangeStart, lineEnd) : ctx.source.slice(ctx.start, ctx.end),
    range: nested ? b.range(rangeStart, lineEnd) : ctx.lines.range(ctx.start, ctx.end),
    startLine: 0,
    endLine: 0,
  };
  const located: Located = base;
  base.startLine = ctx.lines.lineOf(nested ? ctx.joined.toSource(rangeStart) : ctx.start) + 1;
  base.endLine = ctx.lines.lineOf(nested ? ctx.joined.toSourceEnd(lineEnd) : ctx.end) + 1;

  if (!known) {
    const suggestion = suggest(keywordSpan.value.toUpperCase(), INSTRUCTION_NAMES, 2, false);
    let hint = '';
    if (suggestion) {
      const written = keywordSpan.value;
      const cased =
        written === written.toLowerCase() ? suggestion.toLowerCase() : written === written.toUpperCase() ? suggestion : suggestion;
      hint = ` (did you mean ${cased}?)`;
    }
    b.report('unknown-instruction', `unknown instruction: ${shownKeyword(keywordSpan.value)}${hint}`, located.keywordRange);
    return complete(located, { kind: 'UNKNOWN', args: [b.word({ value: '', start: argsStart, end: argsStart })] });
  }

  const instructionName = name as InstructionName;
  if (!FLAGS_IGNORED.has(name) && !(name === 'HEALTHCHECK' && isHealthcheckNone(text, argsStart, lineEnd))) {
    validateFlags(b, instructionName, flags);
  }
  const args = { start: argsStart, end: lineEnd };
  switch (instructionName) {
    case 'FROM':
      return buildFrom(b, located, flags, args);
    case 'RUN':
    case 'CMD':
    case 'ENTRYPOINT':
    case 'SHELL':
      return buildCommandInstruction(b, located, instructionName, flags, args);
    case 'COPY':
    case 'ADD':
      return buildCopy(b, located, instructionName, flags, args);
    case 'ENV':
    case 'LABEL':
      return buildKeyValue(b, located, instructionName, args);
    case 'ARG':
      return buildArg(b, located, args);
    case 'EXPOSE':
      return buildExpose(b, located, args);
    case 'USER':
      return buildUser(b, located, args);
    case 'WORKDIR':
    case 'STOPSIGNAL':
    case 'MAINTAINER':
      return buildSingleValue(b, located, instructionName, args);
    case 'VOLUME':
      return buildVolume(b, located, args);
    case 'HEALTHCHECK':
      return buildHealthcheck(b, located, flags, args);
    case 'ONBUILD':
      return buildOnbuild(b, located, args);
  }
}

/** The fields every instruction has; each builder adds its own with `Object.assign` (cheaper than a spread). */
type Located = Omit<InstructionBase, 'args' | 'startLine' | 'endLine'> & { startLine: number; endLine: number };
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
type InstructionPart = DistributiveOmit<Instruction, keyof Located>;

function complete(located: Located, part: InstructionPart): Instruction {
  return Object.assign(located, part) as Instruction;
}
interface ArgSpan {
  readonly start: number;
  readonly end: number;
}

function isHealthcheckNone(text: string, start: number, end: number): boolean {
  let stop = start;
  while (stop < end && !isUnicodeSpace(text.charCodeAt(stop))) stop++;
  return text.slice(start, stop).toUpperCase() === 'NONE';
}

function validateFlags(b: Builder, name: InstructionName, flags: readonly Flag[]): void {
  if (flags.length === 0) return;
  const specs = FLAG_SPECS[name] ?? {};
  const seen = flags.length > 1 ? new Set<string>() : null;
  for (const flag of flags) {
    const spec = specs[flag.name];
    if (!spec) {
      const suggestion = suggest(flag.name, Object.keys(specs), 2, true);
      b.report(
        'unknown-flag',
        `unknown flag: --${flag.name}${suggestion ? ` (did you mean ${suggestion}?)` : ''}`,
        flag.nameRange,
      );
      continue;
    }
    if (seen?.has(flag.name) && !spec.repeatable) {
      b.report('duplicate-flag', `duplicate flag specified: --${flag.name}`, flag.range);
    }
    seen?.add(flag.name);
    if (spec.kind === 'bool') {
      if (flag.value === null) continue;
      if (flag.value === '') b.report('missing-flag-value', `missing a value on flag: --${flag.name}`, flag.range);
      else if (!/^(true|false)$/i.test(flag.value)) {
        b.report(
          'invalid-flag-value',
          `expecting boolean value for flag --${flag.name}, not: ${flag.value}`,
          flag.valueRange ?? flag.range,
        );
      }
    } else if (flag.value === null) {
      b.report('missing-flag-value', `missing a value on flag: --${flag.name}`, flag.range);
    }
  }
}

function lastFlag(flags: readonly Flag[], name: string): Flag | null {
  let found: Flag | null = null;
  for (const flag of flags) if (flag.name === name) found = flag;
  return found;
}

function allFlags(flags: readonly Flag[], name: string): Flag[] {
  return flags.filter((flag) => flag.name === name);
}

function requireExactlyOne(b: Builder, located: Located, count: number): void {
  if (count !== 1) {
    b.report('argument-count', `${located.name} requires exactly one argument`, located.keywordRange);
  }
}

function requireAtLeastOne(b: Builder, located: Located, count: number): void {
  if (count === 0) {
    b.report('argument-count', `${located.name} requires at least one argument`, located.keywordRange);
  }
}

function buildFrom(b: Builder, located: Located, flags: readonly Flag[], span: ArgSpan): Instruction {
  const text = b.ctx.joined.text;
  const words = splitBlankDelimited(text, span.start, span.end).map((w) => b.word(w));
  const valid = words.length === 1 || (words.length === 3 && (words[1] as Word).value.toLowerCase() === 'as');
  if (!valid) b.report('from-arguments', 'FROM requires either one or three arguments', located.keywordRange);
  const imageWord = words[0];
  let image = null;
  if (imageWord) {
    const ref = parseImageReference(imageWord.value);
    image = {
      raw: imageWord.value,
      registry: ref.registry,
      repository: ref.repository,
      tag: ref.tag,
      digest: ref.digest,
      familiar: ref.familiar,
      hasVariables: ref.hasVariables,
      range: imageWord.range,
    };
  }
  const stageName = valid && words.length === 3 ? (words[2] as Word) : null;
  if (stageName && !STAGE_NAME.test(stageName.value.toLowerCase())) {
    b.report(
      'invalid-stage-name',
      `invalid name for build stage: ${goQuote(stageName.value)}, name can't start with a number or contain symbols`,
      stageName.range,
    );
  }
  return complete(located, { kind: 'FROM', args: words, image, stageName, platform: lastFlag(flags, 'platform') });
}

/** Exec form when the whole text is a JSON string array, shell form otherwise (BuildKit's fallback). */
function readCommand(b: Builder, span: ArgSpan): Command | null {
  const text = b.ctx.joined.text;
  if (span.start >= span.end) return null;
  const json = parseJsonArray(text, span.start, span.end);
  if (json.kind === 'strings') {
    return new CommandNode(b, 'exec', json.elements.map((e) => b.word(e)), span);
  }
  if (json.kind === 'not-strings') reportNotStrings(b, span);
  const word = b.word({ value: text.slice(span.start, span.end), start: span.start, end: span.end });
  return new CommandNode(b, 'shell', [word], span);
}

function buildCommandInstruction(
  b: Builder,
  located: Located,
  name: 'RUN' | 'CMD' | 'ENTRYPOINT' | 'SHELL',
  flags: readonly Flag[],
  span: ArgSpan,
): Instruction {
  const command = readCommand(b, span);
  const args = command ? command.args : [];
  if (name === 'SHELL') {
    if (command && command.form === 'shell') {
      b.report('shell-not-json', 'SHELL requires the arguments to be in JSON form', command.range);
    } else if (!command || command.args.length === 0) {
      requireAtLeastOne(b, located, 0);
    }
    return complete(located, { kind: 'SHELL', args, command });
  }
  if (name !== 'RUN') return complete(located, { kind: name, args, command });
  const mounts: Mount[] = [];
  for (const flag of flags.length === 0 ? EMPTY : allFlags(flags, 'mount')) {
    const parsed = parseMount(flag.value ?? '');
    for (const problem of parsed.problems) b.report('invalid-mount', problem.message, flag.valueRange ?? flag.range);
    if (parsed.mount) mounts.push(Object.assign(parsed.mount, { range: flag.range }));
  }
  const devices: Device[] = [];
  for (const flag of flags.length === 0 ? EMPTY : allFlags(flags, 'device')) {
    const parsed = parseDevice(flag.value ?? '');
    for (const problem of parsed.problems) b.report('invalid-device', problem.message, flag.valueRange ?? flag.range);
    if (parsed.device) devices.push(Object.assign(parsed.device, { range: flag.range }));
  }
  const network = lastFlag(flags, 'network');
  if (network?.value != null) {
    const problem = validateNetwork(network.value);
    if (problem) b.report('invalid-network', problem, network.valueRange ?? network.range);
  }
  const security = lastFlag(flags, 'security');
  if (security?.value != null) {
    const problem = validateSecurity(security.value);
    if (problem) b.report('invalid-security', problem, security.valueRange ?? security.range);
  }
  return complete(located, {
    kind: 'RUN',
    args,
    command,
    mounts: mounts.length === 0 ? EMPTY : mounts,
    network: network?.value ?? null,
    security: security?.value ?? null,
    devices: devices.length === 0 ? EMPTY : devices,
  });
}

/** BuildKit's raw parser fails on a JSON array that holds anything but strings (it does not fall back). */
function reportNotStrings(b: Builder, span: ArgSpan): void {
  const message = 'when using JSON array syntax, arrays must be comprised of strings only';
  b.report('json-not-strings', message, b.range(span.start, span.end), 'error', 'raw');
}

const NO_COPY_OPTIONS: CopyOptions = Object.freeze({
  from: null,
  chown: null,
  chmod: null,
  link: null,
  parents: null,
  exclude: EMPTY,
  checksum: null,
  keepGitDir: null,
  unpack: null,
});

function copyOptions(flags: readonly Flag[]): CopyOptions {
  return {
    from: lastFlag(flags, 'from'),
    chown: lastFlag(flags, 'chown'),
    chmod: lastFlag(flags, 'chmod'),
    link: lastFlag(flags, 'link'),
    parents: lastFlag(flags, 'parents'),
    exclude: allFlags(flags, 'exclude'),
    checksum: lastFlag(flags, 'checksum'),
    keepGitDir: lastFlag(flags, 'keep-git-dir'),
    unpack: lastFlag(flags, 'unpack'),
  };
}

/** JSON elements or white-space separated words (COPY, ADD, VOLUME). */
function readList(b: Builder, span: ArgSpan): { form: 'exec' | 'shell'; words: Word[] } {
  const text = b.ctx.joined.text;
  const json = span.start < span.end ? parseJsonArray(text, span.start, span.end) : ({ kind: 'invalid' } as const);
  if (json.kind === 'strings') return { form: 'exec', words: json.elements.map((e) => b.word(e)) };
  if (json.kind === 'not-strings') reportNotStrings(b, span);
  return { form: 'shell', words: splitBlankDelimited(text, span.start, span.end).map((w) => b.word(w)) };
}

function buildCopy(b: Builder, located: Located, name: 'COPY' | 'ADD', flags: readonly Flag[], span: ArgSpan): Instruction {
  const { form, words } = readList(b, span);
  if (words.length < 2) {
    b.report(
      'missing-destination',
      `${name} requires at least two arguments, but only one was provided. Destination could not be determined`,
      words[0]?.range ?? located.keywordRange,
    );
  }
  const destination = words.length >= 2 ? (words[words.length - 1] as Word) : null;
  const heredocs = b.ctx.heredocs;
  const heredocOf = (word: Word): Heredoc | null => {
    if (form === 'exec' || heredocs.length === 0 || word.value.indexOf('<<') === -1) return null;
    const parsed = parseHeredocWord(word.value);
    if (!parsed.ok || !parsed.value) return null;
    const heredocName = parsed.value.name;
    return heredocs.find((h) => h.name === heredocName) ?? null;
  };
  if (destination && heredocOf(destination)) {
    b.report('heredoc-destination', `${name} cannot accept a heredoc as a destination`, destination.range);
  }
  const sourceWords = words.length >= 2 ? words.slice(0, -1) : words;
  const sources: CopySource[] = sourceWords.map((w) => new CopySourceWord(w, heredocOf(w)));
  return complete(located, {
    kind: name,
    args: words,
    form,
    sources,
    destination,
    options: flags.length === 0 ? NO_COPY_OPTIONS : copyOptions(flags),
  });
}

function buildKeyValue(b: Builder, located: Located, name: 'ENV' | 'LABEL', span: ArgSpan): Instruction {
  const text = b.ctx.joined.text;
  const words = splitQuoteAware(text, span.start, span.end, b.ctx.escapeChar);
  const args: Word[] = [];
  const pairs: KeyValuePair[] = [];
  if (words.length === 0) {
    requireAtLeastOne(b, located, 0);
    return complete(located, { kind: name, args, legacy: false, pairs });
  }
  const first = words[0] as Span;
  if (first.value.indexOf('=') === -1) {
    // Legacy form: the key is the first blank-delimited run of the raw text, the value is everything after.
    let keyEnd = span.start;
    while (keyEnd < span.end && !isLineBlank(text.charCodeAt(keyEnd))) keyEnd++;
    let valueStart = keyEnd;
    while (valueStart < span.end && isLineBlank(text.charCodeAt(valueStart))) valueStart++;
    const key = b.word({ value: text.slice(span.start, keyEnd), start: span.start, end: keyEnd });
    if (valueStart >= span.end) {
      b.report('missing-value', `${name} must have two arguments`, located.range, 'error', 'raw');
      return complete(located, { kind: name, args: [key], legacy: true, pairs });
    }
    const value = b.word({ value: text.slice(valueStart, span.end), start: valueStart, end: span.end });
    args.push(key, value, b.word({ value: '', start: span.end, end: span.end }));
    pairs.push({ key, value, range: b.range(span.start, span.end) });
    return complete(located, { kind: name, args, legacy: true, pairs });
  }
  for (const word of words) {
    const equals = word.value.indexOf('=');
    if (equals === -1) {
      b.report(
        'missing-equals',
        `Syntax error - can't find = in ${goQuote(word.value)}. Must be of the form: name=value`,
        b.range(word.start, word.end),
        'error',
        'raw',
      );
      continue;
    }
    const key = b.word({ value: word.value.slice(0, equals), start: word.start, end: word.start + equals });
    const value = b.word({ value: word.value.slice(equals + 1), start: word.start + equals + 1, end: word.end });
    if (key.value === '') b.report('blank-name', `${name} names can not be blank`, b.range(word.start, word.end));
    args.push(key, value, b.word({ value: '=', start: word.start + equals, end: word.start + equals + 1 }));
    pairs.push({ key, value, range: b.range(word.start, word.end) });
  }
  return complete(located, { kind: name, args, legacy: false, pairs });
}

function buildArg(b: Builder, located: Located, span: ArgSpan): Instruction {
  const words = splitQuoteAware(b.ctx.joined.text, span.start, span.end, b.ctx.escapeChar);
  requireAtLeastOne(b, located, words.length);
  const declarations: ArgDeclaration[] = words.map((word) => {
    const equals = word.value.indexOf('=');
    const nameSpan = equals === -1 ? word : { value: word.value.slice(0, equals), start: word.start, end: word.start + equals };
    if (nameSpan.value === '') b.report('blank-name', 'ARG names can not be blank', b.range(word.start, word.end));
    return {
      name: b.word(nameSpan),
      defaultValue:
        equals === -1
          ? null
          : b.word({ value: word.value.slice(equals + 1), start: word.start + equals + 1, end: word.end }),
      range: b.range(word.start, word.end),
    };
  });
  return complete(located, { kind: 'ARG', args: words.map((w) => b.word(w)), declarations });
}

function buildExpose(b: Builder, located: Located, span: ArgSpan): Instruction {
  const words = splitBlankDelimited(b.ctx.joined.text, span.start, span.end).map((w) => b.word(w));
  requireAtLeastOne(b, located, words.length);
  const ports: ExposedPort[] = words.map((raw) => {
    const parsed = parseExposedPort(raw.value);
    return { raw, start: parsed.start, end: parsed.end, protocol: parsed.protocol };
  });
  return complete(located, { kind: 'EXPOSE', args: words, ports });
}

/** The whole argument text as one value (USER, WORKDIR, STOPSIGNAL, MAINTAINER). */
function readSingle(b: Builder, span: ArgSpan): Word | null {
  if (span.start >= span.end) return null;
  return b.word({ value: b.ctx.joined.text.slice(span.start, span.end), start: span.start, end: span.end });
}

function buildUser(b: Builder, located: Located, span: ArgSpan): Instruction {
  const value = readSingle(b, span);
  requireExactlyOne(b, located, value ? 1 : 0);
  let user: Word | null = value;
  let group: Word | null = null;
  const colon = value ? value.value.indexOf(':') : -1;
  if (value && colon !== -1) {
    user = b.word({ value: value.value.slice(0, colon), start: span.start, end: span.start + colon });
    group = b.word({ value: value.value.slice(colon + 1), start: span.start + colon + 1, end: span.end });
  }
  return complete(located, { kind: 'USER', args: value ? [value] : [], user, group });
}

function buildSingleValue(
  b: Builder,
  located: Located,
  name: 'WORKDIR' | 'STOPSIGNAL' | 'MAINTAINER',
  span: ArgSpan,
): Instruction {
  const value = readSingle(b, span);
  requireExactlyOne(b, located, value ? 1 : 0);
  return complete(located, { kind: name, args: value ? [value] : [], value });
}

function buildVolume(b: Builder, located: Located, span: ArgSpan): Instruction {
  const { form, words } = readList(b, span);
  requireAtLeastOne(b, located, words.length);
  for (const word of words) {
    if (word.value.trim() === '') b.report('empty-volume', 'VOLUME specified can not be an empty string', word.range);
  }
  return complete(located, { kind: 'VOLUME', args: words, form, paths: words });
}

function buildHealthcheck(b: Builder, located: Located, flags: readonly Flag[], span: ArgSpan): Instruction {
  const text = b.ctx.joined.text;
  let typeEnd = span.start;
  while (typeEnd < span.end && !isUnicodeSpace(text.charCodeAt(typeEnd))) typeEnd++;
  let commandStart = typeEnd;
  while (commandStart < span.end && isUnicodeSpace(text.charCodeAt(commandStart))) commandStart++;
  const options = {
    interval: lastFlag(flags, 'interval'),
    timeout: lastFlag(flags, 'timeout'),
    startPeriod: lastFlag(flags, 'start-period'),
    startInterval: lastFlag(flags, 'start-interval'),
    retries: lastFlag(flags, 'retries'),
  };
  if (typeEnd === span.start) {
    requireAtLeastOne(b, located, 0);
    return complete(located, { kind: 'HEALTHCHECK', args: [], mode: null, command: null, options });
  }
  const mode = b.word({ value: text.slice(span.start, typeEnd), start: span.start, end: typeEnd });
  const command = readCommand(b, { start: commandStart, end: span.end });
  const args = [mode, ...(command ? command.args : [])];
  const type = mode.value.toUpperCase();
  if (type === 'NONE') {
    if (command) b.report('healthcheck-arguments', 'HEALTHCHECK NONE takes no arguments', command.range);
  } else if (type === 'CMD') {
    if (!command || command.args.length === 0) {
      b.report('healthcheck-arguments', 'Missing command after HEALTHCHECK CMD', mode.range);
    }
    for (const [flagName, flag] of [
      ['interval', options.interval],
      ['timeout', options.timeout],
      ['start-period', options.startPeriod],
      ['start-interval', options.startInterval],
    ] as const) {
      if (flag?.value == null) continue;
      const problem = validateHealthcheckDuration(flagName, flag.value);
      if (problem) b.report('invalid-duration', problem, flag.valueRange ?? flag.range);
    }
    if (options.retries?.value != null) {
      const problem = validateRetries(options.retries.value);
      if (problem) b.report('invalid-retries', problem, options.retries.valueRange ?? options.retries.range);
    }
  } else {
    b.report('healthcheck-type', `Unknown type ${goQuote(type)} in HEALTHCHECK (try CMD)`, mode.range);
  }
  return complete(located, { kind: 'HEALTHCHECK', args, mode, command, options });
}

function buildOnbuild(b: Builder, located: Located, span: ArgSpan): Instruction {
  if (span.start >= span.end) {
    requireAtLeastOne(b, located, 0);
    return complete(located, { kind: 'ONBUILD', args: [], trigger: null });
  }
  const trigger = buildInstruction(b.ctx, span.start, span.end, true);
  if (trigger.name === 'ONBUILD') {
    b.report('onbuild-chain', 'Chaining ONBUILD via `ONBUILD ONBUILD` isn\'t allowed', trigger.keywordRange);
  } else if (trigger.name === 'FROM' || trigger.name === 'MAINTAINER') {
    b.report('onbuild-trigger', `${trigger.name} isn't allowed as an ONBUILD trigger`, trigger.keywordRange);
  }
  return complete(located, { kind: 'ONBUILD', args: [], trigger });
}

/** The most of an unknown keyword a message quotes: a binary file's first "word" can run to thousands of characters. */
const MAX_SHOWN_KEYWORD = 64;

/** An unknown keyword as its message quotes it, cut (never inside a surrogate pair) and marked when long. */
function shownKeyword(keyword: string): string {
  if (keyword.length <= MAX_SHOWN_KEYWORD) return keyword;
  const code = keyword.charCodeAt(MAX_SHOWN_KEYWORD - 1);
  const end = code >= 0xd800 && code <= 0xdbff ? MAX_SHOWN_KEYWORD - 1 : MAX_SHOWN_KEYWORD;
  return `${keyword.slice(0, end)}…`;
}
