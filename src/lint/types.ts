/**
 * The linter's public types: rule modules (in the style of ESLint's `{ meta, create }`), the context a rule
 * sees, and the findings it reports.
 */
import type {
  Diagnostic,
  Dockerfile,
  FromInstruction,
  Instruction,
  InstructionKind,
  Range,
  SourceEncoding,
  Stage,
} from '../parser/index.js';

/** Severity levels, most severe first (hadolint's order). */
export type LintSeverity = 'error' | 'warning' | 'info' | 'style';

/** A severity as configured: a level, or `ignore` to switch a rule off. */
export type ConfiguredSeverity = LintSeverity | 'ignore';

export type RuleCategory =
  | 'correctness'
  | 'security'
  | 'reproducibility'
  | 'cache'
  | 'performance'
  | 'maintainability'
  | 'style'
  | 'compatibility';

/** Whether a fix may be applied without review (Ruff's notion of fix safety). */
export type FixSafety = 'safe' | 'unsafe';

/** The documentation every rule carries; `docs/rules/<id>.md` is generated from it. */
export interface RuleDocs {
  /** One line, shown in listings. */
  readonly summary: string;
  /** What it does. */
  readonly description: string;
  /** Why is this bad. */
  readonly rationale: string;
  /** A Dockerfile fragment the rule flags. */
  readonly example: string;
  /** The fragment written the recommended way. */
  readonly useInstead: string;
  /** Why the fix is safe or unsafe; required when the rule is fixable. */
  readonly fixSafety?: string;
}

export interface RuleMeta {
  /** Stable dfkit identifier, kebab-case (e.g. `absolute-workdir`). Never changes meaning. */
  readonly id: string;
  /** hadolint's code when the rule is one of hadolint's (e.g. `DL3000`). Findings then use this code. */
  readonly hadolint?: string;
  /** BuildKit's check name when BuildKit has the same check (e.g. `WorkdirRelativePath`). */
  readonly buildkit?: string;
  /** Default severity; `ignore` means off until configured. */
  readonly severity: ConfiguredSeverity;
  readonly category: RuleCategory;
  readonly docs: RuleDocs;
  /** Set when the rule can offer fixes, with their safety. */
  readonly fixable?: FixSafety;
  /**
   * The BuildKit check is experimental: BuildKit runs it only where the check options opt in to it
   * (`# check=experimental=<name>` or `all`). An opt-in turns the rule on at warning level when it is off by
   * default and not configured, and `skip=` does not silence an opted-in check, as in BuildKit.
   */
  readonly buildkitExperimental?: boolean;
  /**
   * `stage` promises that what the rule reports while visiting a stage (its `Stage` and `Stage:exit` hooks and
   * its instructions), or the instructions before the first FROM, depends only on
   * - that stage's text and the texts of the stages it is built on;
   * - of the text before the first FROM: the parser directives and pragmas, the values of the global ARGs the
   *   stage or a stage it is built on takes (in its FROM, or by declaring the ARG again without a default),
   *   and the names of the other global ARGs only where its FROM refers to a variable that is neither a global
   *   ARG nor predefined;
   * - whether the stage is the last one; its index and the number of stages only where it names a stage by
   *   number (`COPY --from=1`, `--mount=from=1`);
   * - which stages bear the stage names it (or the text before the first FROM) mentions, and whether they come
   *   before it, are it or come after it;
   * - whether it and each stage it is built on is built on a stage and is used by a later one;
   * - whether the ARG and ENV names its instructions mention are declared anywhere in the file;
   * - the settings;
   *
   * not on other stages' base images or instructions. It also promises that the rule keeps no
   * state from one stage to the next, points only inside the stage it visits, and cites no line numbers in
   * messages (see `citesLines`). An editor's incremental linter then replays its reports about a stage the
   * edit did not touch instead of visiting it again. Its `Dockerfile` and `Dockerfile:exit` hooks still run on
   * every lint, and what they report is reported afresh each time, never replayed; they must not depend on
   * what the rule saw while visiting stages, since an untouched stage is not visited. Default `file`: the
   * rule sees every instruction on every lint.
   */
  readonly locality?: 'stage' | 'file';
  /**
   * With `locality: 'stage'`: the rule's messages cite line numbers (inside the stage), so its reports are
   * replayed only while the stage still starts on the same line.
   */
  readonly citesLines?: boolean;
}

/** One text replacement on the source: `[start, end)` offsets are replaced by `text`. */
export interface TextEdit {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/** A fix offered with a finding. */
export interface Fix {
  readonly description: string;
  readonly safety: FixSafety;
  readonly edits: readonly TextEdit[];
}

/** A problem found by a rule. */
export interface Finding {
  /** The rule's dfkit id. */
  readonly ruleId: string;
  /** What users see and configure: the hadolint code, else the BuildKit name, else the dfkit id. */
  readonly code: string;
  readonly severity: LintSeverity;
  readonly message: string;
  /** The exact token the finding is about. */
  readonly range: Range;
  /**
   * 1-based first line of the instruction the finding belongs to: the line hadolint reports, which its
   * report formats use by default. Absent for findings outside any instruction.
   */
  readonly instructionLine?: number;
  readonly fix?: Fix;
}

/** What a rule passes to `report`. */
export interface ReportDescriptor {
  /**
   * For rules that pass another tool's findings through (ShellCheck): the finding's own code, which
   * configuration and suppression comments then name (`SC2086`).
   */
  readonly code?: string;
  /** With `code`: the finding's own severity, used unless the configuration sets one for that code. */
  readonly severity?: LintSeverity;
  readonly message: string;
  /** The token to point at. */
  readonly range: Range;
  readonly fix?: Omit<Fix, 'safety'> & { readonly safety?: FixSafety };
}

/** Settings shared with every rule (from hadolint's config and our own). */
export interface LintSettings {
  /** Registries base images may come from (DL3026); empty means every registry is trusted. */
  readonly trustedRegistries: readonly string[];
  /** Required labels and their types (DL3049 and friends). */
  readonly labelSchema: Readonly<Record<string, LabelType>>;
  /** Flag labels that are not in the schema (DL3050). */
  readonly strictLabels: boolean;
  /** `--build-arg` values. */
  readonly buildArgs: Readonly<Record<string, string>>;
  /** Whether the build context has a `.dockerignore`, when the caller knows the context. */
  readonly dockerignore?: 'present' | 'absent';
  /** The text of the ignore file the build will apply (`.dockerignore` or `<Dockerfile>.dockerignore`), when known. */
  readonly dockerignoreText?: string;
  /**
   * The build context's files, when the caller knows the context: fixes that copy files by name then copy
   * only those there (see {@link BuildContextFiles}).
   */
  readonly buildContext?: BuildContextFiles;
  /**
   * How the file's bytes were decoded, when the caller read them (`decodeDockerfile`): anything but UTF-8 is
   * reported, since the builder reads only UTF-8.
   */
  readonly encoding?: SourceEncoding;
  /**
   * What is known of base images, by the reference a stage's FROM names after ARG expansion (`dfkit lint
   * --resolve-images` looks them up as a build does: the local engine, then the registries). A stage on an image
   * listed here inherits the image's environment, so UndefinedVar checks it in full, and its platform is checked
   * against the build's (InvalidBaseImagePlatform).
   */
  readonly baseImages?: Readonly<Record<string, BaseImageFacts>>;
  /** The platform the build targets (`linux/arm64`), when known: what `--platform` gives, else the engine's or this machine's. */
  readonly platform?: string;
  /** The platform the build runs on (BUILDPLATFORM), when known. */
  readonly buildPlatform?: string;
}

/** What a rule may know of a base image (from its image configuration). */
export interface BaseImageFacts {
  /** The image's environment, as `NAME=value` lines (the configuration's `Env`). */
  readonly env?: readonly string[];
  /** The image's platform (`linux/arm64/v8`), from the configuration's OS, architecture and variant. */
  readonly platform?: string;
  /** The image's ONBUILD triggers (`ENV A=1`), which run first in a stage built on it. */
  readonly onbuild?: readonly string[];
}

/**
 * What a rule may ask about the build context's files. Paths are relative to the context root and
 * `/`-separated; the ignore file is not applied (rules read it from `dockerignoreText`).
 */
export interface BuildContextFiles {
  /** Whether the context holds a file at `path`. */
  has(path: string): boolean;
  /** The text of a small file at `path`, or `undefined` when there is none or it is too large to read here. */
  read(path: string): string | undefined;
}

export type LabelType = 'text' | 'url' | 'semver' | 'hash' | 'rfc3339' | 'spdx' | 'email';

/** What is known at one instruction: its stage, variables in scope and the active shell. */
export interface InstructionScope {
  /** The stage the instruction belongs to, or `null` before the first FROM. */
  readonly stage: StageInfo | null;
  /** ARG values visible here (a declared ARG without a default maps to `undefined`). */
  readonly args: ReadonlyMap<string, string | undefined>;
  /** ENV values visible here, including those inherited from earlier stages used as a base. */
  readonly env: ReadonlyMap<string, string>;
  /** The active SHELL (default `["/bin/sh", "-c"]`). */
  readonly shell: readonly string[];
  /**
   * The shell RUN commands are analysed for: the active SHELL, unless a later `# hadolint shell=<name>` pragma
   * names another (then `[name]`). A pragma before the first FROM sets the shell every stage starts with.
   */
  readonly analysisShell: readonly string[];
  /** True when this instruction is the trigger of an ONBUILD. */
  readonly inOnbuild: boolean;
}

/** A stage with what rules most often ask about it. */
export interface StageInfo {
  readonly stage: Stage;
  readonly index: number;
  /** Stage name in lower case, or `null`. */
  readonly name: string | null;
  /** The FROM image after global ARG expansion. */
  readonly baseImage: string;
  /** The stage this one is built on when its FROM names an earlier stage. */
  readonly parent: StageInfo | null;
  /**
   * Parent, grandparent… through stage aliases. Listed afresh on each read: a rule that asks this of every stage
   * walks `parent` instead, so a chain of thousands of stages costs it no list per stage.
   */
  readonly ancestors: readonly StageInfo[];
  /** Whether a later stage builds on this one or copies from it. */
  readonly usedLater: boolean;
  /** Whether a later stage's FROM builds on this one (its layers then ship in that stage's image). */
  readonly builtOnLater: boolean;
  /** Whether this is the last stage (the default build target). */
  readonly isFinal: boolean;
}

/**
 * The context handed to a rule's `create`. One context serves every rule of a file; `report` credits the rule
 * whose `create` or handler is running, so a rule reports from those (a report made after the lint is dropped).
 */
export interface RuleContext {
  readonly ast: Dockerfile;
  readonly text: string;
  readonly stages: readonly StageInfo[];
  readonly settings: LintSettings;
  /** The parser's diagnostics for the file. */
  readonly diagnostics: readonly Diagnostic[];
  /** The scope at an instruction (ONBUILD triggers included). */
  scopeOf(instruction: Instruction): InstructionScope;
  /** Reports a finding; the engine adds the rule id, code and severity. */
  report(descriptor: ReportDescriptor): void;
}

type InstructionVisitors = {
  readonly [K in InstructionKind]?: (node: Extract<Instruction, { kind: K }>, scope: InstructionScope) => void;
};

/**
 * Visitor functions keyed by instruction kind, plus hooks around the file and each stage. ONBUILD triggers are
 * visited too, with `scope.inOnbuild` set.
 */
export interface RuleVisitor extends InstructionVisitors {
  readonly Dockerfile?: (ast: Dockerfile) => void;
  readonly 'Dockerfile:exit'?: (ast: Dockerfile) => void;
  readonly Stage?: (stage: StageInfo, from: FromInstruction) => void;
  readonly 'Stage:exit'?: (stage: StageInfo) => void;
}

/** A rule: metadata and a factory for its visitor. Built-in and user rules share this shape. */
export interface RuleModule {
  readonly meta: RuleMeta;
  create(context: RuleContext): RuleVisitor;
}

/** The code findings of a rule carry. */
export function codeOf(meta: RuleMeta): string {
  return meta.hadolint ?? meta.buildkit ?? meta.id;
}
