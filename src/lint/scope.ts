/**
 * Stage and variable context for rules: which stage an instruction is in, the stage's base (through stage
 * aliases), which ARG and ENV values are visible, and the active SHELL — computed once per file.
 */
import {
  expandWord,
  getStages,
  type Dockerfile,
  type EnvInstruction,
  type Instruction,
  type Stage,
} from '../parser/index.js';
import { isLiteral, type Env } from '../parser/expand.js';
import { endOffsetOf, startOffsetOf } from '../parser/source.js';
import { NodeSlot } from './node-slot.js';
import { shellPragmaOf } from './pragmas.js';
import { VariableHistory } from './variable-history.js';
import type { InstructionScope, StageInfo } from './types.js';

/** The shell RUN uses until a SHELL instruction says otherwise. */
export const DEFAULT_SHELL: readonly string[] = Object.freeze(['/bin/sh', '-c']);

/** The values of the ARGs (those with one) and ENVs visible at an instruction, for expanding its words. */
export function valuesInScope(scope: InstructionScope): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [name, value] of scope.args) if (value !== undefined) values[name] = value;
  for (const [name, value] of scope.env) values[name] = value;
  return values;
}

/** The first stage of the chain a stage is built on through stage names: the one whose FROM names an image. */
export function rootStageOf(stage: StageInfo): StageInfo {
  let root = stage;
  while (root.parent) root = root.parent;
  return root;
}

const NO_STAGES: readonly StageInfo[] = Object.freeze([]);

/**
 * Whether `test` holds for `stage` or a stage it is built on, answered from `memo` where a walk up the chain
 * already went and remembered there for every stage this walk passes: a chain is walked once for all its
 * stages, not once for each (a chain of thousands of stages each built on the one before took the square).
 * `test` must give the same answer for a stage every time it is asked.
 */
export function someInChain(stage: StageInfo | null, test: (stage: StageInfo) => boolean, memo: Map<StageInfo, boolean>): boolean {
  const walked: StageInfo[] = [];
  let answer = false;
  for (let at = stage; at; at = at.parent) {
    const known = memo.get(at);
    if (known !== undefined) {
      answer = known;
      break;
    }
    walked.push(at);
    if (test(at)) {
      answer = true;
      break;
    }
  }
  for (const passed of walked) memo.set(passed, answer);
  return answer;
}

/**
 * A stage as rules see it. Its ancestors are listed each time they are asked for, not kept: kept for each stage
 * of a chain of stages each built on the one before, they take memory in the square of the chain's length
 * (20,000 stages: 2 GB, and a longer chain ran out of memory), while real chains are a few stages long and
 * the rules that ask for every stage's (a lookup per variable name, say) walk `parent` instead.
 */
class StageRecord implements StageInfo {
  usedLater = false;
  builtOnLater = false;

  constructor(
    readonly stage: Stage,
    readonly index: number,
    readonly name: string | null,
    readonly baseImage: string,
    readonly parent: StageInfo | null,
    readonly isFinal: boolean,
  ) {}

  get ancestors(): readonly StageInfo[] {
    if (!this.parent) return NO_STAGES;
    const found: StageInfo[] = [];
    for (let ancestor: StageInfo | null = this.parent; ancestor; ancestor = ancestor.parent) found.push(ancestor);
    return found;
  }
}

/** The stages a stage is built on, from the first (the one whose FROM names an image) down to the stage itself. */
export function stageChainOf(stage: StageInfo): StageInfo[] {
  return [...stage.ancestors].reverse().concat(stage);
}

/** BuildKit's automatic platform ARGs, visible to FROM, with the values of a linux/amd64 build. */
export const PLATFORM_ARGS: Readonly<Record<string, string>> = Object.freeze({
  TARGETPLATFORM: 'linux/amd64',
  TARGETOS: 'linux',
  TARGETARCH: 'amd64',
  TARGETVARIANT: '',
  BUILDPLATFORM: 'linux/amd64',
  BUILDOS: 'linux',
  BUILDARCH: 'amd64',
  BUILDVARIANT: '',
});

/** What BuildKit predefines besides the platform ARGs. */
export const MORE_PREDEFINED_ARGS: readonly string[] = ['BUILDOSVERSION', 'TARGETOSVERSION', 'TARGETSTAGE'];

/** Every ARG name BuildKit defines for FROM and global ARG defaults without a declaration. */
export const PREDEFINED_ARGS: readonly string[] = [...Object.keys(PLATFORM_ARGS), ...MORE_PREDEFINED_ARGS];

/** The same names, to look up. */
export const PREDEFINED_ARG_NAMES: ReadonlySet<string> = new Set(PREDEFINED_ARGS);

export interface FileScope {
  readonly stages: readonly StageInfo[];
  /** Global ARGs (before the first FROM) with their values after `--build-arg` overrides. */
  readonly globalArgs: ReadonlyMap<string, string | undefined>;
  scopeOf(instruction: Instruction): InstructionScope;
}

/** Sets `name` to `value` in `map`, or removes it when `value` is `undefined` (unset). */
function setOrUnset(map: Map<string, string>, name: string, value: string | undefined): void {
  if (value === undefined) map.delete(name);
  else map.set(name, value);
}

/** An ENV's pairs expanded, keys and values, all with the variables as they were before the instruction. */
function expandPairs(pairs: EnvInstruction['pairs'], before: Env): Array<readonly [string, string]> {
  return pairs.map((pair) => [expandOr(pair.key.value, before), expandOr(pair.value.value, before)] as const);
}

function expandOr(text: string, env: Env): string {
  // Most base images and values name no variable: no expansion result to make for those.
  if (isLiteral(text)) return text;
  const result = expandWord(text, env);
  return result.ok ? result.value : text;
}

/**
 * Builds the stage and variable context of a parsed file. With `reuse` (an editor's incremental linter), a
 * stage whose instructions are the same objects as in an earlier version, with the same inputs (global ARGs,
 * build arguments, what its parent ends with, its shell pragmas), is not walked again: its scopes are made
 * from what the earlier walk found.
 */
export function buildFileScope(ast: Dockerfile, buildArgs: Readonly<Record<string, string>>, reuse = false): FileScope {
  const globalArgs = new Map<string, string | undefined>();
  // Scopes of the instructions before the first FROM; a stage's instructions find theirs through its walk.
  const preScopes = new Map<Instruction, InstructionScope>();
  const empty = new Map<string, string>();

  // `# hadolint shell=` pragmas in file order. One before the first FROM sets the shell every stage starts
  // with; one inside a stage applies from there on (and to stages built on that stage), like a SHELL does.
  const pragmas = ast.comments
    .map((comment) => ({ offset: startOffsetOf(comment.range), shell: shellPragmaOf(comment.raw) }))
    .filter((pragma): pragma is { offset: number; shell: string } => pragma.shell !== null)
    .sort((a, b) => a.offset - b.offset);
  let nextPragma = 0;
  /** The shell of the last pragma before `offset` not yet applied, if any. */
  const pragmaBefore = (offset: number): string | null => {
    let found: string | null = null;
    for (let next = pragmas[nextPragma]; next !== undefined && next.offset < offset; next = pragmas[++nextPragma]) {
      found = next.shell;
    }
    return found;
  };
  /** The pragmas in `[from, to)`, with their offsets from `from`, without stepping over them. */
  const pragmaKeyBetween = (from: number, to: number): string => {
    let key = '';
    for (let index = nextPragma; index < pragmas.length; index++) {
      const pragma = pragmas[index] as { offset: number; shell: string };
      if (pragma.offset >= to) break;
      if (pragma.offset >= from) key += `${pragma.offset - from}:${pragma.shell.length}:${pragma.shell};`;
    }
    return key;
  };

  // Instructions before the first FROM are invalid, but hadolint lints them as if they were in a stage, so
  // ENV and SHELL are tracked there too (they do not carry over into the stages).
  const preEnv = new VariableHistory<string>();
  // What expansions see, kept up to date as variables are set (merging the maps for every instruction made a
  // file of thousands of ARG or ENV lines quadratic): the platform ARGs and global ARGs for global ARG defaults;
  // the global ARGs under the ENV set so far for an ENV before the first FROM.
  const globalValues = new Map<string, string>(Object.entries(PLATFORM_ARGS));
  const preValues = new Map<string, string>();
  let defaultAnalysisShell = DEFAULT_SHELL;
  // Also the scope of anything the walk below does not reach.
  const outside: InstructionScope = {
    stage: null,
    args: globalArgs,
    env: empty,
    shell: DEFAULT_SHELL,
    analysisShell: DEFAULT_SHELL,
    inOnbuild: false,
  };
  let current = outside;

  const stages = getStages(ast);
  for (const instruction of ast.instructions) {
    const pragma = pragmaBefore(startOffsetOf(instruction.range));
    if (pragma !== null) {
      defaultAnalysisShell = [pragma];
      current = { ...current, analysisShell: defaultAnalysisShell };
    }
    if (instruction.kind === 'FROM') break;
    if (instruction.kind === 'ARG') {
      for (const declaration of instruction.declarations) {
        const name = declaration.name.value;
        const fallback = declaration.defaultValue ? expandOr(declaration.defaultValue.value, globalValues) : undefined;
        const value = buildArgs[name] ?? fallback;
        globalArgs.set(name, value);
        // An ARG without a value leaves a platform ARG of its name as it was.
        setOrUnset(globalValues, name, value ?? (Object.hasOwn(PLATFORM_ARGS, name) ? PLATFORM_ARGS[name] : undefined));
        if (!preEnv.has(name)) setOrUnset(preValues, name, value);
      }
    }
    preScopes.set(instruction, current);
    if (instruction.kind === 'ONBUILD' && instruction.trigger) preScopes.set(instruction.trigger, { ...current, inOnbuild: true });
    if (instruction.kind === 'ENV') {
      for (const [key, value] of expandPairs(instruction.pairs, preValues)) {
        preEnv.set(key, value);
        preValues.set(key, value);
      }
      current = { ...current, env: preEnv.now() };
    } else if (instruction.kind === 'SHELL' && instruction.command?.form === 'exec') {
      const shell = instruction.command.args.map((a) => a.value);
      current = { ...current, shell, analysisShell: shell };
    }
  }

  // FROM sees the platform ARGs and the global ARGs.
  const fromEnv: Env = globalValues;
  const infos: StageInfo[] = [];
  const finalEnv = new Map<StageInfo, ReadonlyMap<string, string>>();
  const finalShell = new Map<StageInfo, readonly string[]>();
  const finalAnalysisShell = new Map<StageInfo, readonly string[]>();
  const usedLater = new Set<number>();
  const builtOnLater = new Set<number>();
  const byName = new Map<string, StageInfo>();

  const records: StageRecord[] = [];
  const globalKey = reuse ? keyOfArgs(globalArgs) : '';
  // Which walk each instruction was last walked in: kept across versions when walks are reused (a reused walk
  // claims its instructions again where another walk claimed them since).
  const claims: Claims = reuse ? claimsAcrossVersions : new Map();
  const infoByWalk = new Map<StageWalk, StageInfo>();
  stages.forEach((stage: Stage, index) => {
    const image = stage.from.image?.raw ?? '';
    const baseImage = expandOr(image, fromEnv);
    const parent = byName.get(baseImage.toLowerCase()) ?? null;
    if (parent) {
      usedLater.add(parent.index);
      builtOnLater.add(parent.index);
    }
    const info = new StageRecord(stage, index, stage.name?.toLowerCase() ?? null, baseImage, parent, index === stages.length - 1);
    records.push(info);
    infos.push(info);
    if (info.name) byName.set(info.name, info);

    // Variables and shell start from what the parent stage's image ends with.
    const start: StageStart = {
      env: parent ? (finalEnv.get(parent) ?? empty) : empty,
      shell: parent ? (finalShell.get(parent) ?? DEFAULT_SHELL) : DEFAULT_SHELL,
      analysisShell: parent ? (finalAnalysisShell.get(parent) ?? defaultAnalysisShell) : defaultAnalysisShell,
    };
    const nextStage = stages[index + 1];
    const stageEnd = nextStage ? startOffsetOf(nextStage.from.range) : Infinity;
    const stageStart = startOffsetOf(stage.from.range);

    let walked: StageWalk | null = null;
    const inputs: StageInputs | null = reuse
      ? { globalKey, buildArgs, start, pragmas: pragmaKeyBetween(stageStart, stageEnd) }
      : null;
    if (inputs) {
      const known = walkByFrom.get(stage.from);
      if (known && sameItems(known.members, stage.instructions) && sameInputs(known.inputs, inputs)) walked = known;
    }
    if (walked) {
      // The stage's pragmas were read when it was walked: step over them.
      pragmaBefore(stageEnd);
    } else {
      walked = walkStage(stage, globalArgs, buildArgs, start, pragmaBefore, stageEnd, inputs);
      if (inputs) walkByFrom.set(stage.from, walked);
    }
    // A reused walk's instructions may have been walked in another stage since: an edit taken back brings back
    // the nodes of the version before last, and in the last one they may have followed another FROM.
    for (const claim of walked.claims) if (claims.get(claim.instruction) !== claim) claims.set(claim.instruction, claim);
    infoByWalk.set(walked, info);
    for (const instruction of stage.instructions) {
      if (instruction.kind === 'COPY') {
        const from = instruction.options.from?.value;
        if (from) markUsed(from);
      } else if (instruction.kind === 'RUN') {
        for (const mount of instruction.mounts) if (mount.from) markUsed(mount.from);
      }
    }
    finalEnv.set(info, walked.env);
    finalShell.set(info, walked.shell);
    finalAnalysisShell.set(info, walked.analysisShell);
  });

  function markUsed(reference: string): void {
    const byIndex = /^\d+$/.test(reference) ? infos[Number(reference)] : undefined;
    const target = byIndex ?? byName.get(reference.toLowerCase());
    if (target) usedLater.add(target.index);
  }
  for (const info of records) {
    info.usedLater = usedLater.has(info.index);
    info.builtOnLater = builtOnLater.has(info.index);
  }

  // The scopes as rules see them, with this version's stages: made when first asked for, one per stretch of
  // instructions that see the same values.
  const scopeByValues = new Map<ScopeValues, InstructionScope>();
  let lastValues: ScopeValues | null = null;
  let lastScope: InstructionScope = outside;
  return {
    stages: infos,
    globalArgs,
    scopeOf: (instruction) => {
      const claim = claims.get(instruction);
      // Instructions are mostly asked about in order, and neighbours mostly see the same values.
      if (claim && claim.values === lastValues) return lastScope;
      const info = claim && infoByWalk.get(claim.walk);
      if (!claim || !info) return preScopes.get(instruction) ?? outside;
      let scope = scopeByValues.get(claim.values);
      if (!scope) scopeByValues.set(claim.values, (scope = { stage: info, ...claim.values }));
      lastValues = claim.values;
      lastScope = scope;
      return scope;
    },
  };
}

/** An instruction's values in the walk of its stage. */
interface Claim {
  readonly instruction: Instruction;
  readonly values: ScopeValues;
  readonly walk: StageWalk;
}

interface Claims {
  get(instruction: Instruction): Claim | undefined;
  set(instruction: Instruction, claim: Claim): unknown;
}

const claimsAcrossVersions = new NodeSlot<Instruction, Claim>();

/** What an instruction's scope holds besides its stage. */
type ScopeValues = Omit<InstructionScope, 'stage'>;

/** What a stage starts with: the environment and shells its parent ends with (or the defaults). */
interface StageStart {
  readonly env: ReadonlyMap<string, string>;
  readonly shell: readonly string[];
  readonly analysisShell: readonly string[];
}

/** Everything besides its instructions that a stage's walk depends on. */
interface StageInputs {
  /** The global ARGs and their values. */
  readonly globalKey: string;
  readonly buildArgs: Readonly<Record<string, string>>;
  readonly start: StageStart;
  /** The shell pragmas between its FROM and the next stage's, with their offsets from its FROM. */
  readonly pragmas: string;
}

/** What walking a stage found: each instruction's scope values, and what the stage ends with. */
interface StageWalk {
  readonly members: readonly Instruction[];
  readonly inputs: StageInputs | null;
  /** Each instruction's values (ONBUILD triggers included), in walking order. */
  readonly claims: readonly Claim[];
  readonly env: ReadonlyMap<string, string>;
  readonly shell: readonly string[];
  readonly analysisShell: readonly string[];
}

/** Earlier walks by their stage's FROM: an incremental parse hands back unchanged instructions as the same objects. */
const walkByFrom = new NodeSlot<Instruction, StageWalk>();

/** Walks one stage's instructions, tracking ARG, ENV, SHELL and shell pragmas. */
function walkStage(
  stage: Stage,
  globalArgs: ReadonlyMap<string, string | undefined>,
  buildArgs: Readonly<Record<string, string>>,
  start: StageStart,
  pragmaBefore: (offset: number) => string | null,
  stageEnd: number,
  inputs: StageInputs | null,
): StageWalk {
  const claims: Claim[] = [];
  // What each instruction sees, without a copy of the maps per instruction; the environment the stage starts
  // from is read through, not copied (chains of stages would copy it once per stage).
  const argHistory = new VariableHistory<string | undefined>();
  const envHistory = new VariableHistory<string>(start.env);
  // The ARGs' values so far (undefined: declared without one).
  const argValues = new Map<string, string | undefined>();
  // What expansions see: ENV over ARG (an ARG without a value is unset), answered from the two without merging
  // them into a map (the expander reads only `get` and `has`).
  let envNow = envHistory.now();
  const visible: Env = {
    get: (name: string) => (envNow.has(name) ? envNow.get(name) : argValues.get(name)),
    has: (name: string) => envNow.has(name) || argValues.get(name) !== undefined,
  } as unknown as ReadonlyMap<string, string>;
  let shell = start.shell;
  let analysisShell = start.analysisShell;
  // Filled in as the stage is walked; its claims point back at it.
  const walk: { -readonly [K in keyof StageWalk]: StageWalk[K] } = { members: stage.instructions, inputs, claims, env: envNow, shell, analysisShell };
  const snapshot = (): ScopeValues => ({ args: argHistory.now(), env: envNow, shell, analysisShell, inOnbuild: false });
  let current = snapshot();
  claims.push({ instruction: stage.from, values: current, walk });

  const visit = (instruction: Instruction, inOnbuild: boolean): void => {
    if (inOnbuild) {
      claims.push({ instruction, values: { ...current, inOnbuild: true }, walk });
      return;
    }
    const pragma = pragmaBefore(startOffsetOf(instruction.range));
    if (pragma !== null) {
      analysisShell = [pragma];
      current = snapshot();
    }
    claims.push({ instruction, values: current, walk });
    let changed = false;
    if (instruction.kind === 'ARG') {
      for (const declaration of instruction.declarations) {
        const name = declaration.name.value;
        const inherited = globalArgs.has(name) ? globalArgs.get(name) : undefined;
        const fallback = declaration.defaultValue ? expandOr(declaration.defaultValue.value, visible) : inherited;
        const value = buildArgs[name] ?? fallback;
        argHistory.set(name, value);
        argValues.set(name, value);
      }
      changed = true;
    } else if (instruction.kind === 'ENV') {
      // All the pairs are expanded against the environment before the instruction, then set.
      for (const [key, value] of expandPairs(instruction.pairs, visible)) envHistory.set(key, value);
      envNow = envHistory.now();
      changed = true;
    } else if (instruction.kind === 'SHELL' && instruction.command?.form === 'exec') {
      shell = instruction.command.args.map((a) => a.value);
      analysisShell = shell;
      changed = true;
    } else if (instruction.kind === 'ONBUILD' && instruction.trigger) {
      visit(instruction.trigger, true);
    }
    if (changed) current = snapshot();
  };
  for (const instruction of stage.instructions) {
    if (instruction === stage.from) {
      pragmaBefore(endOffsetOf(instruction.range));
      continue;
    }
    visit(instruction, false);
  }
  // A pragma after the stage's last instruction still belongs to it.
  const trailing = pragmaBefore(stageEnd);
  walk.env = envNow;
  walk.shell = shell;
  walk.analysisShell = trailing !== null ? [trailing] : analysisShell;
  return walk;
}

function sameInputs(a: StageInputs | null, b: StageInputs): boolean {
  return (
    a !== null &&
    a.globalKey === b.globalKey &&
    a.buildArgs === b.buildArgs &&
    a.pragmas === b.pragmas &&
    sameStart(a.start, b.start)
  );
}

function sameStart(a: StageStart, b: StageStart): boolean {
  return sameMap(a.env, b.env) && sameItems(a.shell, b.shell) && sameItems(a.analysisShell, b.analysisShell);
}

function sameMap(a: ReadonlyMap<string, string>, b: ReadonlyMap<string, string>): boolean {
  if (a === b) return true;
  if (a.size !== b.size) return false;
  // Insertion order matters to rules that list the environment, so it must match too.
  const left = a.entries();
  for (const [key, value] of b) {
    const next = left.next();
    if (next.done || next.value[0] !== key || next.value[1] !== value) return false;
  }
  return true;
}

/** Whether two lists hold the same items (by identity) in the same order. */
function sameItems<T>(a: readonly T[], b: readonly T[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let index = 0; index < a.length; index++) if (a[index] !== b[index]) return false;
  return true;
}

/** The global ARGs and their values as one string (a value may be missing, which differs from empty). */
function keyOfArgs(args: ReadonlyMap<string, string | undefined>): string {
  let key = '';
  for (const [name, value] of args) key += `${name.length}:${name}${value === undefined ? '-' : `=${value.length}:${value}`};`;
  return key;
}
