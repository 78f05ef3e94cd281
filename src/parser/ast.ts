/**
 * The typed Dockerfile AST.
 *
 * Three layers of detail live side by side on every instruction, mirroring BuildKit's own stages:
 * - the raw line (`raw`, `original`, `flags`, `args`): what BuildKit's parser produces before any instruction is
 *   interpreted, kept so that tools can reason exactly as the builder does;
 * - the typed view (`image`, `mounts`, `pairs`, `sources`…): the instruction's meaning, one field per concept;
 * - ranges on everything, so that editors can point at the exact token.
 *
 * The top-level `nodes` list partitions the text: concatenating every node's `raw` gives the input back.
 */
import type { Range } from './source.js';

export type { Position, Range } from './source.js';

export type Severity = 'error' | 'warning' | 'info';

/** A problem found while parsing. Messages follow BuildKit's wording wherever BuildKit reports the same problem. */
export interface Diagnostic {
  /** Stable kebab-case identifier, e.g. `unknown-instruction`. */
  readonly code: string;
  readonly message: string;
  readonly severity: Severity;
  readonly range: Range;
}

/** The 18 instructions BuildKit knows. */
export const INSTRUCTION_NAMES = [
  'ADD',
  'ARG',
  'CMD',
  'COPY',
  'ENTRYPOINT',
  'ENV',
  'EXPOSE',
  'FROM',
  'HEALTHCHECK',
  'LABEL',
  'MAINTAINER',
  'ONBUILD',
  'RUN',
  'SHELL',
  'STOPSIGNAL',
  'USER',
  'VOLUME',
  'WORKDIR',
] as const;

export type InstructionName = (typeof INSTRUCTION_NAMES)[number];

const INSTRUCTION_NAME_SET: ReadonlySet<string> = new Set(INSTRUCTION_NAMES);

/** Whether `name` (in upper case) is one of the instructions BuildKit knows. */
export function isInstructionName(name: string): name is InstructionName {
  return INSTRUCTION_NAME_SET.has(name);
}

/** A piece of text with its value and where it came from. */
export interface Word {
  /** The value as BuildKit's raw parser sees it (JSON strings decoded; quotes otherwise kept). */
  readonly value: string;
  readonly range: Range;
}

/** A `#` comment line. */
export interface Comment {
  readonly type: 'Comment';
  /** The comment text without `#` and surrounding white space. */
  readonly text: string;
  readonly raw: string;
  readonly range: Range;
}

/** A parser directive (`# syntax=…`, `# escape=…`, `# check=…`) from the leading block of the file. */
export interface Directive {
  readonly type: 'Directive';
  /** The key in lower case. */
  readonly name: 'syntax' | 'escape' | 'check';
  readonly value: string;
  readonly nameRange: Range;
  readonly valueRange: Range;
  readonly raw: string;
  readonly range: Range;
}

/** Text between instructions that carries no meaning: blank lines, line breaks, indentation, a BOM. */
export interface Trivia {
  readonly type: 'Trivia';
  readonly raw: string;
  readonly range: Range;
}

/** A flag such as `--from=build`, `--link` or `--mount=type=cache,target=/root/.cache`. */
export interface Flag {
  readonly type: 'Flag';
  /** Name without the leading `--`, case kept (BuildKit compares flag names case-sensitively). */
  readonly name: string;
  /** The value after `=` with BuildKit's quote and escape removal applied; `null` when there is no `=`. */
  readonly value: string | null;
  /** The flag as BuildKit stores it in the raw AST: `--name=value` after quote removal. */
  readonly text: string;
  readonly nameRange: Range;
  /** Range of the value text (after `=`), or `null` when there is no `=`. */
  readonly valueRange: Range | null;
  readonly range: Range;
}

/** A heredoc attached to a RUN, COPY or ADD instruction. */
export interface Heredoc {
  readonly type: 'Heredoc';
  readonly name: string;
  /** Whether the builder expands variables in the body (false when any part of the name was quoted). */
  readonly expand: boolean;
  /** `<<-`: leading tabs are stripped from the body and the terminator. */
  readonly chomp: boolean;
  /** The digit prefix in `3<<EOF`, or `null`. */
  readonly fileDescriptor: number | null;
  /** The body exactly as written, line endings included, leading tabs not yet removed. */
  readonly content: string;
  /** The `<<EOF` word on the instruction line. */
  readonly wordRange: Range;
  readonly bodyRange: Range;
  /** The terminator line, or `null` when the file ends before it. */
  readonly terminatorRange: Range | null;
  readonly range: Range;
  /** The source range of `content[start, end)`. */
  rangeOf(start: number, end: number): Range;
}

/** Either JSON exec form (`["a","b"]`) or shell form (one string). */
export type CommandForm = 'exec' | 'shell';

/** A command of RUN, CMD, ENTRYPOINT, SHELL or HEALTHCHECK CMD. */
export interface Command {
  readonly form: CommandForm;
  /** Exec form: the array elements. Shell form: a single word holding the whole command text. */
  readonly args: readonly Word[];
  /** The command text: the shell string, or the JSON text of the exec form. */
  readonly text: string;
  readonly range: Range;
  /**
   * The source range of `text[start, end)`. Continuation markers and the lines they skip are accounted for, so
   * a token found by analysing the command (a package name in a long `RUN`) maps to its exact place.
   */
  rangeOf(start: number, end: number): Range;
}

export interface InstructionBase {
  readonly type: 'Instruction';
  /** Canonical upper-case keyword, e.g. `RUN`; for an unknown instruction its keyword in upper case. */
  readonly name: string;
  /** The keyword exactly as written. */
  readonly keyword: string;
  readonly keywordRange: Range;
  readonly flags: readonly Flag[];
  /** BuildKit's raw argument chain (what its AST dump prints), each with its source range. */
  readonly args: readonly Word[];
  /** The heredocs of this instruction, in the order their words appear on the line. */
  readonly heredocs: readonly Heredoc[];
  /** Comment lines directly above the instruction (an empty `#` line starts a new block). */
  readonly comments: readonly Comment[];
  /** The logical line: physical lines joined with continuations removed, as BuildKit's `Original`. */
  readonly original: string;
  /** The exact source text of the instruction, continuation lines and heredoc bodies included. */
  readonly raw: string;
  /** Whole instruction, from the keyword through its last continuation line or heredoc terminator. */
  readonly range: Range;
  /** 1-based first and last line, as BuildKit reports them. */
  readonly startLine: number;
  readonly endLine: number;
}

/** A parsed image reference, e.g. `ghcr.io/org/app:1.2@sha256:…`. */
export interface ImageReference {
  /** The text as written (before variable expansion). */
  readonly raw: string;
  /** Registry host (with port) when one is written, e.g. `ghcr.io`; `null` for Docker Hub shorthand. */
  readonly registry: string | null;
  /** Repository path as written, e.g. `org/app` or `node`. */
  readonly repository: string;
  readonly tag: string | null;
  readonly digest: string | null;
  /** The fully qualified name, e.g. `docker.io/library/node:20`, when the text is a valid reference. */
  readonly familiar: string | null;
  /** True when the text contains a variable reference, so the parts are only known after expansion. */
  readonly hasVariables: boolean;
  readonly range: Range;
}

export interface FromInstruction extends InstructionBase {
  readonly kind: 'FROM';
  readonly image: ImageReference | null;
  /** The stage name after `AS`, as written. */
  readonly stageName: Word | null;
  readonly platform: Flag | null;
}

/** A mount of `RUN --mount=…`. */
export interface Mount {
  readonly type: 'bind' | 'cache' | 'tmpfs' | 'secret' | 'ssh';
  /** Every key as written (lower-cased), in order, with its value (`null` for a bare key). */
  readonly options: ReadonlyArray<{ readonly key: string; readonly value: string | null }>;
  readonly target: string | null;
  readonly source: string | null;
  readonly from: string | null;
  readonly id: string | null;
  readonly readonly: boolean;
  readonly sharing: 'shared' | 'private' | 'locked' | null;
  readonly mode: string | null;
  readonly uid: string | null;
  readonly gid: string | null;
  readonly size: string | null;
  readonly env: string | null;
  readonly required: boolean | null;
  /** The flag this mount came from. */
  readonly range: Range;
}

/** A device of `RUN --device=…`. */
export interface Device {
  readonly name: string;
  readonly required: boolean;
  readonly range: Range;
}

export interface RunInstruction extends InstructionBase {
  readonly kind: 'RUN';
  /** `null` for a RUN with no command (BuildKit allows `RUN --mount=…` alone). */
  readonly command: Command | null;
  readonly mounts: readonly Mount[];
  readonly network: string | null;
  readonly security: string | null;
  readonly devices: readonly Device[];
}

export interface CmdInstruction extends InstructionBase {
  readonly kind: 'CMD';
  readonly command: Command | null;
}

export interface EntrypointInstruction extends InstructionBase {
  readonly kind: 'ENTRYPOINT';
  readonly command: Command | null;
}

export interface ShellInstruction extends InstructionBase {
  readonly kind: 'SHELL';
  readonly command: Command | null;
}

/** A source of COPY/ADD: a path, URL or git address, or an inline heredoc file. */
export interface CopySource extends Word {
  readonly heredoc: Heredoc | null;
}

export interface CopyOptions {
  readonly from: Flag | null;
  readonly chown: Flag | null;
  readonly chmod: Flag | null;
  readonly link: Flag | null;
  readonly parents: Flag | null;
  readonly exclude: readonly Flag[];
  readonly checksum: Flag | null;
  readonly keepGitDir: Flag | null;
  readonly unpack: Flag | null;
}

/** What COPY and ADD share. */
export interface CopyLikeInstruction extends InstructionBase {
  readonly kind: 'COPY' | 'ADD';
  readonly form: CommandForm;
  readonly sources: readonly CopySource[];
  readonly destination: Word | null;
  readonly options: CopyOptions;
}

export interface CopyInstruction extends CopyLikeInstruction {
  readonly kind: 'COPY';
}

export interface AddInstruction extends CopyLikeInstruction {
  readonly kind: 'ADD';
}

/** One `key=value` of ENV or LABEL (or the single pair of the legacy `ENV key value` form). */
export interface KeyValuePair {
  readonly key: Word;
  readonly value: Word;
  readonly range: Range;
}

/** What ENV and LABEL share. */
export interface KeyValueInstruction extends InstructionBase {
  readonly kind: 'ENV' | 'LABEL';
  /** True for the legacy `ENV key value` form (BuildKit's `LegacyKeyValueFormat` check). */
  readonly legacy: boolean;
  readonly pairs: readonly KeyValuePair[];
}

export interface EnvInstruction extends KeyValueInstruction {
  readonly kind: 'ENV';
}

export interface LabelInstruction extends KeyValueInstruction {
  readonly kind: 'LABEL';
}

export interface ArgDeclaration {
  readonly name: Word;
  /** `null` when declared without `=`; an empty word for `NAME=`. */
  readonly defaultValue: Word | null;
  readonly range: Range;
}

export interface ArgInstruction extends InstructionBase {
  readonly kind: 'ARG';
  readonly declarations: readonly ArgDeclaration[];
}

export interface ExposedPort {
  readonly raw: Word;
  /** First port; `null` when the text is not a literal port (e.g. a variable). */
  readonly start: number | null;
  readonly end: number | null;
  /** Protocol as written (`tcp`, `udp`, `sctp`…), `null` when none is given. */
  readonly protocol: string | null;
}

export interface ExposeInstruction extends InstructionBase {
  readonly kind: 'EXPOSE';
  readonly ports: readonly ExposedPort[];
}

export interface UserInstruction extends InstructionBase {
  readonly kind: 'USER';
  readonly user: Word | null;
  readonly group: Word | null;
}

/** WORKDIR, STOPSIGNAL and MAINTAINER take their whole argument text as one value. */
export interface SingleValueInstruction extends InstructionBase {
  readonly kind: 'WORKDIR' | 'STOPSIGNAL' | 'MAINTAINER';
  readonly value: Word | null;
}

export interface WorkdirInstruction extends SingleValueInstruction {
  readonly kind: 'WORKDIR';
}

export interface StopsignalInstruction extends SingleValueInstruction {
  readonly kind: 'STOPSIGNAL';
}

export interface MaintainerInstruction extends SingleValueInstruction {
  readonly kind: 'MAINTAINER';
}

export interface VolumeInstruction extends InstructionBase {
  readonly kind: 'VOLUME';
  readonly form: CommandForm;
  readonly paths: readonly Word[];
}

export interface HealthcheckOptions {
  readonly interval: Flag | null;
  readonly timeout: Flag | null;
  readonly startPeriod: Flag | null;
  readonly startInterval: Flag | null;
  readonly retries: Flag | null;
}

export interface HealthcheckInstruction extends InstructionBase {
  readonly kind: 'HEALTHCHECK';
  /** `CMD`, `NONE`, another word as written, or `null` with no arguments. */
  readonly mode: Word | null;
  readonly command: Command | null;
  readonly options: HealthcheckOptions;
}

export interface OnbuildInstruction extends InstructionBase {
  readonly kind: 'ONBUILD';
  readonly trigger: Instruction | null;
}

export interface UnknownInstruction extends InstructionBase {
  readonly kind: 'UNKNOWN';
}

/** Any instruction; narrow on `kind`. */
export type Instruction =
  | FromInstruction
  | RunInstruction
  | CmdInstruction
  | EntrypointInstruction
  | ShellInstruction
  | CopyInstruction
  | AddInstruction
  | EnvInstruction
  | LabelInstruction
  | ArgInstruction
  | ExposeInstruction
  | UserInstruction
  | WorkdirInstruction
  | StopsignalInstruction
  | MaintainerInstruction
  | VolumeInstruction
  | HealthcheckInstruction
  | OnbuildInstruction
  | UnknownInstruction;

export type InstructionKind = Instruction['kind'];

/** A top-level node. Every character of the text belongs to exactly one. */
export type TopLevelNode = Instruction | Comment | Directive | Trivia;

/** The root of a parsed Dockerfile. */
export interface Dockerfile {
  readonly type: 'Dockerfile';
  /** Every top-level node in source order; their `raw` texts concatenate to the input. */
  readonly nodes: readonly TopLevelNode[];
  /** Top-level instructions in source order. */
  readonly instructions: readonly Instruction[];
  readonly directives: readonly Directive[];
  /** Every comment line, including those attached to instructions; directives are not comments. */
  readonly comments: readonly Comment[];
  /** The escape character in effect. */
  readonly escapeChar: '\\' | '`';
  readonly range: Range;
}

/** A build stage: a FROM and the instructions up to the next FROM. */
export interface Stage {
  /** 0-based index among the stages. */
  readonly index: number;
  /** Stage name as written after `AS`, or `null`. */
  readonly name: string | null;
  readonly from: FromInstruction;
  readonly instructions: readonly Instruction[];
  readonly range: Range;
}

/** What `parse()` returns. */
export interface ParseResult {
  readonly ast: Dockerfile;
  readonly diagnostics: readonly Diagnostic[];
}
