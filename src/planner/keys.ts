/**
 * Cache keys per step, per builder model. Each stage is walked in order with the state the builder keeps
 * (environment, ARGs, working directory, user, shell) and every step gets the key the engine's cache lookup
 * would use — as a digest of exactly the inputs that engine puts into it:
 *
 * - BuildKit: metadata instructions (LABEL, CMD, EXPOSE, ENV, ARG…) are not steps; RUN keys on its parent,
 *   argv, environment (ENV and every ARG with a value in scope, used or not, except undeclared proxy ARGs, in
 *   the order BuildKit keeps them), working directory, user, network mode and mounts; COPY/ADD key on the
 *   parent, each source's basename and the content of what it selects, destination and flags; WORKDIR is a
 *   mkdir step unless it is `/`.
 * - classic: every instruction is a committed step chained on the previous one; RUN carries the build ARGs in
 *   effect; COPY/ADD key on the tarsum of the selection, which includes context paths; network mode is not
 *   part of any key.
 * - podman (buildah): every instruction is a committed step chained on the previous one, like the classic
 *   builder, and the base image is keyed by its ID; but RUN keys on its line as written after the keyword
 *   (trailing white space included, keyword case not), other non-copy instructions on their whole line as
 *   written (an ARG on its names only), and COPY/ADD on what they add at the destination, owners included
 *   and source names left out (see `source-digest.ts`). Network mode is not part of any key, and only stages
 *   the target needs are built.
 */
import {
  expandWord,
  expandWords,
  remoteSourceKind,
  stopSignalProblem,
  chmodProblem,
  octalMode,
  addChecksumProblem,
  type CopyLikeInstruction,
  type Dockerfile,
  type ExposeInstruction,
  type Flag,
  type HealthcheckInstruction,
  type Instruction,
  onbuildTriggers,
  parse,
  type Mount,
  type Range,
  type RunInstruction,
} from '../parser/index.js';
import { cleanPath, compareGoStrings } from '../parser/dockerignore/go-path.js';
import { parseHealthcheckDuration, parseRetries } from '../parser/durations.js';
import { parseExposedPort } from '../parser/ports.js';
import { parseMount } from '../parser/run-options.js';
import { DEFAULT_PLATFORM, expandOrKeep, formatPlatform, fromLineEnv, parsePlatform, PROXY_ARGS, readPlatformSpecifier } from './args.js';
import type { BuilderModel, SourceSelection } from './context-types.js';
import { lookupStage, type StageGraph, type StageNode } from './graph.js';
import type { BaseImageIdentity, NetworkMode, PlanDiagnostic, PlanStep, StepSource, TriggerStep } from './plan-types.js';
import { ScopeEnv } from './scope-env.js';
import { digestOf } from './sha256.js';
import type { RemoteSource, RemoteSourceReader } from './remote-source.js';
import type { SelectionDigest } from './source-digest.js';
import { withoutTrailing } from '../parser/trailing.js';

/** What key computation needs from the build context; absent when the plan has no context. */
export interface ContextAccess {
  select(
    sources: readonly string[],
    options: { parents: boolean; exclude: readonly string[]; literal?: boolean },
  ): { selections: readonly SourceSelection[]; errors: readonly { code: string; source: string; message: string }[] };
  digest(selection: SourceSelection, builder: BuilderModel): Promise<SelectionDigest>;
}

export interface KeyOptions {
  readonly builder: BuilderModel;
  readonly network: NetworkMode;
  readonly platform: string;
  /** The platform of the machine that builds, which a one-part `FROM --platform` completes. */
  readonly buildPlatform: string;
  readonly buildArgs: Readonly<Record<string, string>>;
  readonly globalArgs: ReadonlyMap<string, string | undefined>;
  readonly predefinedArgs: Readonly<Record<string, string>>;
  readonly baseImage: (reference: string) => BaseImageIdentity | undefined;
  readonly context: ContextAccess | null;
  /** Reads `ADD <url>` sources; without it they are keyed on the URL's text. */
  readonly remote?: RemoteSourceReader | undefined;
}

/** The state a builder carries from one instruction to the next. */
interface StageState {
  /** The key of the filesystem state so far (what the next step chains on). */
  key: string;
  /** The same key if every other stage's output consumed so far were unchanged. */
  keyIfOutputsUnchanged: string;
  env: Map<string, string>;
  /** ARGs declared in this stage, in declaration order, with their values. */
  args: Map<string, string | undefined>;
  /**
   * BuildKit only: the environment its RUN steps get and its instructions expand against, in order. BuildKit
   * keeps ENV and ARG values in one list, and each ENV pair or ARG that gets a value replaces its name's entry
   * and goes last (see {@link putLast}). So, unlike the classic builder (measured on Docker 20.10): reordering
   * ENV pairs misses, an ARG's value overrides an earlier ENV of the same name, an ARG redeclared without a
   * value keeps the value it had, and a stage built on another (`FROM <stage>`) inherits that stage's ARGs.
   */
  buildkitEnv: Map<string, string>;
  workdir: string;
  user: string;
  shell: string[];
  /**
   * The platform the stage's steps run for: `FROM --platform` (expanded), else the platform of the stage it
   * is based on, else the build's target platform.
   */
  platform: string;
}

/** Per stage: the final state, which stages based on it (`FROM <stage>`) start from. */
interface StageResult {
  readonly state: StageState;
  readonly steps: PlanStep[];
}

export interface KeyedStages {
  readonly steps: PlanStep[][];
  /**
   * Content digests of the files the steps copy, one map per context source in the order keyed (a path may
   * be in several). Kept apart rather than merged here, as a single large COPY's map is then used as is.
   */
  readonly files: ReadonlyArray<ReadonlyMap<string, string>>;
  readonly diagnostics: PlanDiagnostic[];
}

const DEFAULT_SHELL = ['/bin/sh', '-c'];

/** Computes the steps of every stage with their keys. Stages are walked in dependency order. */
export async function keyStages(ast: Dockerfile, graph: StageGraph, options: KeyOptions): Promise<KeyedStages> {
  const results = new Map<number, StageResult>();
  const files: Array<ReadonlyMap<string, string>> = [];
  const diagnostics: PlanDiagnostic[] = [];
  const walker = new StageWalker(ast, graph, options, results, files, diagnostics);
  const order = [...graph.stages.map((node) => node.index)].sort(
    (a, b) => graph.levels[a]! - graph.levels[b]! || a - b,
  );
  for (const index of order) {
    const reported = diagnostics.length;
    results.set(index, await walker.walk(graph.stages[index]!));
    // A stage the builder does not build cannot fail the build (BuildKit skips unneeded stages); its steps
    // keep their keys for the record.
    if (!graph.needed[index]) diagnostics.length = reported;
  }
  return {
    steps: graph.stages.map((node) => results.get(node.index)?.steps ?? []),
    files,
    diagnostics,
  };
}

class StageWalker {
  constructor(
    private readonly ast: Dockerfile,
    private readonly graph: StageGraph,
    private readonly options: KeyOptions,
    private readonly results: Map<number, StageResult>,
    private readonly files: Array<ReadonlyMap<string, string>>,
    private readonly diagnostics: PlanDiagnostic[],
  ) {}

  private get classic(): boolean {
    return this.options.builder === 'classic';
  }

  private get podman(): boolean {
    return this.options.builder === 'podman';
  }

  private get buildkit(): boolean {
    return this.options.builder === 'buildkit';
  }

  /** Every instruction is a committed step chained on the one before (classic and podman). */
  private get chained(): boolean {
    return this.options.builder !== 'buildkit';
  }

  /** The key a stage's output is known by when another stage consumes it. */
  private stageOutputKey(index: number): { key: string; keyIfOutputsUnchanged: string } {
    const result = this.results.get(index);
    const node = this.graph.stages[index]!;
    // Consumers compare another stage's output by content: if it is byte-identical the consumer hits. The
    // placeholder stands for "whatever that stage produced last time".
    const unchanged = digestOf({ stageOutput: node.name ?? index });
    if (!result) return { key: digestOf({ unresolvedStage: index }), keyIfOutputsUnchanged: unchanged };
    return { key: result.state.key, keyIfOutputsUnchanged: unchanged };
  }

  async walk(node: StageNode): Promise<StageResult> {
    const steps: PlanStep[] = [];
    const state = this.initialState(node);
    // Both builders run the ONBUILD triggers the base left in its image config before the stage's own
    // instructions (measured, for a base stage and for a base image: BuildKit numbers them as steps of the stage,
    // `[2/3] COPY app.txt /app.txt`; the classic builder runs them inside its FROM step). They are no instruction
    // of this stage, so their keys are folded into the FROM step's: a trigger edited in the base, or a context
    // file a trigger copies, reruns the stage from the start, and what they set (ENV, WORKDIR…) holds after.
    const from = node.stage.from;
    const triggers = this.baseTriggers(node);
    const triggerSteps: TriggerStep[] = [];
    const triggerSources: StepSource[] = [];
    const diagnosticsBefore = this.diagnostics.length;
    for (const trigger of triggers) {
      const triggered = await this.step(trigger, state);
      triggerSteps.push({ instruction: trigger.original, key: triggered.key });
      if (triggered.inputs.sources) triggerSources.push(...triggered.inputs.sources);
    }
    if (node.base.kind === 'image') {
      // A trigger from an image config has no place in this file: what it fails on is reported at the FROM.
      for (let i = diagnosticsBefore; i < this.diagnostics.length; i++) {
        const diagnostic = this.diagnostics[i]!;
        this.diagnostics[i] = { ...diagnostic, message: `${diagnostic.message} (in an ONBUILD trigger of ${node.base.reference})`, range: from.range };
      }
    }
    const baseText =
      node.base.kind === 'stage'
        ? `stage:${this.graph.stages[node.base.stage]!.stage.name ?? node.base.stage}`
        : node.base.kind === 'scratch'
          ? 'scratch'
          : node.base.reference;
    steps.push({
      line: from.startLine,
      endLine: from.endLine,
      kind: 'FROM',
      instruction: from.original,
      key: node.base.kind === 'scratch' && !this.chained ? null : state.key,
      parentKey: null,
      ...(node.base.kind === 'stage' ? { keyIfOutputsUnchanged: state.keyIfOutputsUnchanged } : {}),
      inputs: {
        text: from.original,
        base: baseText,
        ...(triggerSteps.length > 0 ? { triggers: triggerSteps } : {}),
        ...(triggerSources.length > 0 ? { sources: triggerSources } : {}),
      },
    });
    for (const instruction of node.stage.instructions) {
      steps.push(await this.step(instruction, state));
    }
    return { state, steps };
  }

  /**
   * The ONBUILD triggers a stage's base leaves for it: those of the base stage's ONBUILD instructions, or those
   * the base image's config lists (known when the image was resolved), parsed as the engines parse them: each
   * on its own, with the default escape character.
   */
  private baseTriggers(node: StageNode): Instruction[] {
    if (node.base.kind === 'stage') return onbuildTriggers(this.graph.stages[node.base.stage]!.stage);
    if (node.base.kind !== 'image') return [];
    const triggers: Instruction[] = [];
    for (const text of this.options.baseImage(node.base.reference)?.onbuild ?? []) {
      const parsed = parse(text).ast.instructions;
      if (parsed.length === 1) triggers.push(parsed[0]!);
      else {
        this.diagnostics.push({
          code: 'invalid-onbuild-trigger',
          severity: 'error',
          message: `the base image ${node.base.reference} has an ONBUILD trigger that is not one instruction: ${JSON.stringify(text)}`,
          range: node.stage.from.range,
        });
      }
    }
    return triggers;
  }

  private initialState(node: StageNode): StageState {
    if (node.base.kind === 'stage') {
      const parent = this.results.get(node.base.stage)?.state;
      const output = this.stageOutputKey(node.base.stage);
      // A stage built on another stage continues that stage's chain: its state is the parent's final state
      // (ARGs are not declared here; ENV, WORKDIR, USER and SHELL are inherited through the image config, and
      // under BuildKit the ARG values too, as they are part of the environment it carries over).
      return {
        key: output.key,
        keyIfOutputsUnchanged: output.key,
        env: new Map(parent?.env ?? []),
        args: new Map(),
        buildkitEnv: new Map(parent?.buildkitEnv ?? []),
        workdir: parent?.workdir ?? '/',
        user: parent?.user ?? '',
        shell: [...(parent?.shell ?? DEFAULT_SHELL)],
        platform: this.stagePlatform(node) ?? parent?.platform ?? this.options.platform,
      };
    }
    const platform = this.stagePlatform(node) ?? this.options.platform;
    if (node.base.kind === 'scratch') {
      const key = digestOf({ base: 'scratch', platform, ...this.modelMark() });
      return {
        key,
        keyIfOutputsUnchanged: key,
        env: new Map(),
        args: new Map(),
        buildkitEnv: new Map(),
        workdir: '/',
        user: '',
        shell: [...DEFAULT_SHELL],
        platform,
      };
    }
    const identity = this.options.baseImage(node.base.reference);
    const key = digestOf(this.imageKeyInputs(node.base.reference, identity, platform));
    const env = new Map<string, string>();
    for (const entry of identity?.env ?? []) {
      const equals = entry.indexOf('=');
      if (equals > 0) env.set(entry.slice(0, equals), entry.slice(equals + 1));
    }
    return {
      key,
      keyIfOutputsUnchanged: key,
      env,
      args: new Map(),
      buildkitEnv: new Map(env),
      workdir: identity?.workdir || '/',
      user: identity?.user ?? '',
      // A shell-form RUN runs under the image's SHELL (measured: a base rebuilt with another SHELL and the same
      // layers keeps BuildKit's FROM cached and reruns every RUN).
      shell: identity?.shell && identity.shell.length > 0 ? [...identity.shell] : [...DEFAULT_SHELL],
      platform,
    };
  }

  /**
   * The platform `FROM --platform=…` names, expanded against the global and platform ARGs as the FROM line
   * is, and normalised; `null` without the flag or when its value is not a platform (the builder refuses
   * such a value, which the stage graph reports; the plan keys the stage for the target platform). `FROM --platform=$BUILDPLATFORM` is how
   * a cross build keeps its build stages on the build machine's platform, cached whatever the target.
   */
  private stagePlatform(node: StageNode): string | null {
    const flag = node.stage.from.platform;
    if (flag?.value == null) return null;
    const value = expandOrKeep(flag.value, fromLineEnv(this.options.globalArgs, this.options.predefinedArgs), this.ast.escapeChar);
    const read = readPlatformSpecifier(value, parsePlatform(this.options.buildPlatform) ?? parsePlatform(DEFAULT_PLATFORM)!);
    return 'platform' in read ? formatPlatform(read.platform) : null;
  }

  /**
   * BuildKit keys a local base image on its layer chain (a config-only change keeps the cache); the classic
   * builder chains on the image ID (any change misses). Without an identity from a runtime, the reference is
   * all that is known.
   */
  private imageKeyInputs(reference: string, identity: BaseImageIdentity | undefined, platform: string): object {
    if (this.chained) return { base: 'image', id: identity?.id ?? null, reference: identity?.id ? null : reference, ...this.modelMark() };
    if (identity?.layers) return { base: 'image', layers: identity.layers, platform };
    if (identity?.digest) return { base: 'image', digest: identity.digest, platform };
    return { base: 'image', reference, platform };
  }

  /** podman's images live in another store: its chains never share a key with the classic builder's. */
  private modelMark(): { engine?: 'podman' } {
    return this.podman ? { engine: 'podman' } : {};
  }

  /**
   * Variables an instruction expands against. BuildKit: its one list of ENV and ARG values, the latest of each
   * name; classic and podman: ARGs with a value, overridden by ENV of the same name.
   */
  private expansionEnv(state: StageState): ReadonlyMap<string, string> {
    return this.chained ? new ScopeEnv(state.args, state.env) : state.buildkitEnv;
  }

  private expand(text: string, state: StageState): string {
    return expandOrKeep(text, this.expansionEnv(state), this.ast.escapeChar);
  }

  private async step(instruction: Instruction, state: StageState): Promise<PlanStep> {
    const parentKey = state.key;
    const base = {
      line: instruction.startLine,
      endLine: instruction.endLine,
      kind: instruction.name,
      instruction: instruction.original,
      parentKey,
    };
    switch (instruction.kind) {
      case 'RUN':
        return { ...base, ...(await this.runStep(instruction, state)) };
      case 'COPY':
      case 'ADD':
        return { ...base, ...(await this.copyStep(instruction, state)) };
      case 'WORKDIR':
        return { ...base, ...this.workdirStep(instruction.value?.value ?? '', state, instruction.original, instruction.value?.range ?? instruction.range) };
      case 'STOPSIGNAL': {
        // Both builders read the signal when they reach the instruction.
        const problem = instruction.value ? stopSignalProblem(this.expand(instruction.value.value, state)) : null;
        if (problem && instruction.value) {
          this.diagnostics.push({ code: 'invalid-signal', severity: 'error', message: problem, range: instruction.value.range });
        }
        return { ...base, ...this.metadataStep(instruction, state) };
      }
      case 'EXPOSE':
        this.reportInvalidPorts(instruction, state);
        return { ...base, ...this.metadataStep(instruction, state) };
      case 'VOLUME':
        // Both builders refuse a path that expands to nothing when they reach the instruction (measured on
        // Docker 20.10: `VOLUME ""` and `VOLUME $UNSET` alike); an empty path in the JSON form is a parse error.
        for (const path of instruction.paths) {
          if (instruction.form !== 'exec' && this.expand(path.value, state) === '') {
            this.diagnostics.push({
              code: 'empty-volume',
              severity: 'error',
              message: 'VOLUME specified can not be an empty string',
              range: path.range,
            });
          }
        }
        return { ...base, ...this.metadataStep(instruction, state) };
      default:
        return { ...base, ...this.metadataStep(instruction, state) };
    }
  }

  /** Advances the chain: the new state key is the step's key. */
  private advance(state: StageState, key: string, keyIfOutputsUnchanged: string): void {
    state.key = key;
    state.keyIfOutputsUnchanged = keyIfOutputsUnchanged;
  }

  /** Both keys of a step: with the real parent, and with every consumed stage output assumed unchanged. */
  private keyPair(
    state: StageState,
    inputs: object,
    outputs: { real: object; unchanged: object } | null,
  ): { key: string; keyIfOutputsUnchanged: string } {
    const key = digestOf({ parent: state.key, ...inputs, ...(outputs?.real ?? {}) });
    const keyIfOutputsUnchanged = digestOf({
      parent: state.keyIfOutputsUnchanged,
      ...inputs,
      ...(outputs?.unchanged ?? outputs?.real ?? {}),
    });
    return { key, keyIfOutputsUnchanged };
  }

  private withOptionalUnchanged(pair: { key: string; keyIfOutputsUnchanged: string }): {
    key: string;
    keyIfOutputsUnchanged?: string;
  } {
    return pair.key === pair.keyIfOutputsUnchanged ? { key: pair.key } : pair;
  }

  // --- RUN ------------------------------------------------------------------------------------------------------

  /** The ARGs that enter a RUN's key: declared in the stage with a value. */
  private keyedArgs(state: StageState): Map<string, string> {
    const args = new Map<string, string>();
    for (const [name, value] of state.args) if (value !== undefined) args.set(name, value);
    return args;
  }

  private runArgv(instruction: RunInstruction, state: StageState): string[] {
    const command = instruction.command;
    const heredocBodies = instruction.heredocs.map((heredoc) => heredoc.content);
    if (!command) return heredocBodies;
    if (command.form === 'exec') return command.args.map((word) => word.value);
    return [...state.shell, command.text.trim(), ...heredocBodies];
  }

  private async runStep(
    instruction: RunInstruction,
    state: StageState,
  ): Promise<Omit<PlanStep, 'line' | 'endLine' | 'kind' | 'instruction' | 'parentKey'>> {
    const argv = this.runArgv(instruction, state);
    if (this.classic) this.reportClassicRunFlags(instruction);
    const command = instruction.command;
    if (command?.form === 'exec' && command.args.length === 0) {
      // Measured on Docker 20.10: BuildKit fails to marshal the step, the classic builder refuses it.
      this.diagnostics.push({
        code: 'empty-command',
        severity: 'error',
        message: this.classic ? 'No command specified' : 'arguments are required',
        range: command.range,
      });
    }
    if (this.chained) {
      const args = this.keyedArgs(state);
      // The classic builder records `|N K=V… <shell> <cmd>` with the stage's valued ARGs not shadowed by ENV.
      // Proxy build args given but never declared are left out of the list, yet their presence alone still
      // adds the prefix (`|0` when nothing else is keyed) — observed on the engine: giving one misses every RUN.
      const buildArgs = [...args].filter(([name]) => !state.env.has(name)).map(([name, value]) => `${name}=${value}`);
      buildArgs.sort();
      const undeclaredProxies = Object.keys(this.options.buildArgs).filter(
        (name) => PROXY_ARGS.has(name) && !state.args.has(name) && !state.env.has(name),
      );
      const prefixed = buildArgs.length > 0 || undeclaredProxies.length > 0;
      // podman records the line as written after the 4 characters of `RUN ` (flags included): trailing white
      // space misses, the keyword's case does not.
      const recorded = this.podman
        ? [...state.shell, instruction.original.slice(4), ...instruction.heredocs.map((heredoc) => heredoc.content)]
        : argv;
      const cmd = prefixed ? [`|${buildArgs.length}`, ...buildArgs, ...recorded] : recorded;
      const inputs = { step: 'run', cmd, config: this.configSnapshot(state) };
      const pair = this.keyPair(state, inputs, null);
      this.advance(state, pair.key, pair.keyIfOutputsUnchanged);
      return {
        ...this.withOptionalUnchanged(pair),
        inputs: { text: argv.join(' '), env: Object.fromEntries(this.expansionEnv(state)), workdir: state.workdir, user: state.user },
      };
    }
    const env = state.buildkitEnv;
    const network = instruction.network ?? this.options.network;
    const mounted: StepSource[] = [];
    const mounts = [];
    let sshMounts = 0;
    for (const written of instruction.mounts) {
      const mount = this.expandedMount(written, state);
      const from = mount.from ? this.expand(mount.from, state) : null;
      const stageIndex = from !== null ? this.stageIndexOf(from) : null;
      // An absolute target is keyed as written (`/c/` is not `/c`; measured), a relative one joined to the
      // working directory and cleaned.
      const target = mount.target === null || this.podman ? mount.target : absoluteAsWritten(state.workdir, mount.target);
      if (target === '/' && mount.type !== 'secret' && mount.type !== 'ssh' && this.buildkit) {
        this.diagnostics.push({ code: 'invalid-mount-target', severity: 'error', message: 'invalid mount target "/"', range: mount.range });
      }
      const source = {
        type: mount.type,
        target,
        // BuildKit mounts the source joined to `/`, and `/` itself as no source (`./a` is `a`, `.` the whole of it).
        source: mount.source === null || this.podman ? mount.source : mountSource(mount.source),
        readonly: mount.readonly,
        // Read as the numbers they are: `mode=0755` and `mode=755` are one mount (measured), as are `uid=0` and `uid=00`.
        mode: mountNumber(mount.mode, 8),
        uid: mountNumber(mount.uid, 10),
        gid: mountNumber(mount.gid, 10),
        ...(mount.type === 'cache' && this.cacheMountIdentity(mount)),
        // Secret contents never enter the key; which secret goes where does (a secret's `source` is its id).
        ...(mount.type === 'secret' && { source: null, ...secretMountIdentity(mount) }),
        ...(mount.type === 'ssh' && sshMountIdentity(mount, sshMounts++)),
      };
      if (stageIndex !== null) {
        const output = this.stageOutputKey(stageIndex);
        mounts.push({ real: { ...source, from: output.key }, unchanged: { ...source, from: output.keyIfOutputsUnchanged } });
      } else if (mount.type === 'bind' && from === null) {
        // A bind mount of the build context: the context source's own key is new in every build session, so
        // the engine keys the mount on the content of the path it mounts, as a COPY of that path would.
        const path = mount.source === null ? '.' : this.expand(mount.source, state);
        // The path is mounted as written: BuildKit matches no wildcards in it (measured).
        const selection = this.selectContextSources([{ text: path, range: mount.range }], false, [], true).get(path);
        const entry = await this.contextSource(path, selection, { intoDirectory: false, chmod: false });
        mounted.push(entry.source);
        const content = { ...source, from: 'context', content: entry.source.digest };
        mounts.push({ real: content, unchanged: content });
      } else if (from !== null) {
        // An image, keyed on its identity when it is known (another tag of the same image is the same mount).
        const image = digestOf(this.imageKeyInputs(from, this.options.baseImage(from), state.platform));
        mounted.push({ source: mount.source ?? '/', origin: 'image', image: from, matches: [], digest: image, files: 0, bytes: 0 });
        mounts.push({ real: { ...source, from: image }, unchanged: { ...source, from: image } });
      } else {
        mounts.push({ real: { ...source, from }, unchanged: { ...source, from } });
      }
    }
    const inputs = {
      step: 'exec',
      argv,
      // In BuildKit's order, not sorted: the same variables in another order are another command (measured).
      env: [...env],
      cwd: state.workdir,
      user: state.user,
      network,
      security: instruction.security ?? 'sandbox',
      platform: state.platform,
    };
    // BuildKit sorts a step's mounts by target before it keys the step; secret and ssh mounts follow in the
    // order written (measured: two cache mounts written the other way round keep the cache).
    if (!this.podman) mounts.sort(byMountTarget);
    const pair = this.keyPair(state, inputs, {
      real: { mounts: mounts.map((m) => m.real) },
      unchanged: { mounts: mounts.map((m) => m.unchanged) },
    });
    this.advance(state, pair.key, pair.keyIfOutputsUnchanged);
    return {
      ...this.withOptionalUnchanged(pair),
      inputs: {
        text: argv.join(' '),
        env: Object.fromEntries(env),
        workdir: state.workdir,
        user: state.user,
        network,
        ...(mounted.length > 0 ? { sources: mounted } : {}),
      },
    };
  }

  /**
   * The download of an `ADD` URL when the plan may read URLs: both builders key the step on the file name and
   * the content, not on the URL. Not read: a git source, a URL given a `--checksum` (which fixes the content;
   * the key holds the checksum). A URL that cannot be read is a warning — the build may well reach it — and
   * the step is keyed on the URL's text.
   */
  private async readRemote(url: string, range: Range, checksum: string | null): Promise<RemoteSource | null> {
    const reader = this.options.remote;
    // A fragment or a `.git` path names a git repository to BuildKit, which it clones rather than downloads.
    if (!reader || checksum !== null || remoteSourceKind(url) !== 'url' || /#|\.git\/?$/.test(url)) return null;
    const read = await reader.read(url);
    if ('error' in read) {
      this.diagnostics.push({
        code: 'remote-source-unreadable',
        severity: 'warning',
        message: `could not read ${url}: ${read.error}; the step is keyed on the URL alone`,
        range,
      });
      return null;
    }
    return read;
  }

  /**
   * A `--chown` value (once expanded) no image can satisfy: the classic builder refuses more than one `:` and an
   * empty user or group; BuildKit takes everything after the first `:` for the group, and a group name cannot
   * hold a `:`, so its lookup always fails. Names are otherwise looked up in the image at build time, which the
   * plan cannot see.
   */
  private checkChown(chown: string | null, range: Range | undefined): void {
    if (chown === null || chown === '' || !range || this.podman) return;
    const colon = chown.indexOf(':');
    if (colon === -1) return;
    const user = chown.slice(0, colon);
    const group = chown.slice(colon + 1);
    let problem: string | null = null;
    if (group.includes(':')) {
      problem = this.classic
        ? `invalid chown string format: ${chown}`
        : `--chown=${chown}: no group can be named '${group}' (a group name holds no ':')`;
    } else if (this.classic && (user === '' || group === '')) {
      problem = user === '' ? "can't find uid for user " : "can't find gid for group ";
    }
    if (problem) this.diagnostics.push({ code: 'invalid-chown', severity: 'error', message: problem, range });
  }

  /**
   * A mount with its option values expanded, as current BuildKit reads them when the step runs: `id=$CACHE` is
   * the cache the variable names, `type=$T` the type it holds. (Docker 20.10's built-in frontend read them as
   * written.) A value that expands to something BuildKit refuses fails the step, reported here. `from` is left
   * as written: the stage graph reads it.
   */
  private expandedMount(mount: Mount, state: StageState): Mount {
    if (!mount.options.some((option) => option.value?.includes('$'))) return mount;
    const fields = mount.options.map(({ key, value }) =>
      value === null ? key : `${key}=${csvField(key === 'from' ? value : this.expand(value, state))}`,
    );
    const parsed = parseMount(fields.join(','));
    if (!parsed.mount || parsed.problems.length > 0) {
      const message = parsed.problems[0]?.message ?? 'the mount cannot be read once its variables are expanded';
      this.diagnostics.push({ code: 'invalid-mount', severity: 'error', message, range: mount.range });
      return mount;
    }
    return { ...parsed.mount, range: mount.range };
  }

  /**
   * What names a cache mount's storage: its id (the target path by default) under the namespace of the
   * `BUILDKIT_CACHE_MOUNT_NS` build arg, and the sharing mode. Docker 20.10's BuildKit keys both, so a new id
   * reruns the RUN (measured); BuildKit 0.13 and later leave them out of the key unless they are the defaults.
   */
  private cacheMountIdentity(mount: Mount): { readonly id: string; readonly sharing: string } {
    const id = mount.id ?? cleanPath(mount.target ?? '');
    return { id: `${this.options.buildArgs.BUILDKIT_CACHE_MOUNT_NS ?? ''}/${id}`, sharing: mount.sharing ?? 'shared' };
  }

  /** A `--from` / mount `from` name as a stage index (names case-insensitive, or an index), else `null`. */
  /** EXPOSE items the builders cannot read once expanded, with BuildKit's messages. */
  private reportInvalidPorts(instruction: ExposeInstruction, state: StageState): void {
    const env = this.expansionEnv(state);
    for (const port of instruction.ports) {
      const expanded = expandWords(port.raw.value, env, { escapeChar: this.ast.escapeChar });
      if (!expanded.ok) continue; // a failing expansion is the parser's diagnostic
      for (const item of expanded.value) {
        const problem = parseExposedPort(item).problems[0];
        if (problem) this.diagnostics.push({ code: 'invalid-port', severity: 'error', message: problem.message, range: port.raw.range });
      }
    }
  }

  /** RUN flags the classic builder refuses, with its messages (measured on Docker 20.10). */
  private reportClassicRunFlags(instruction: RunInstruction): void {
    for (const flag of instruction.flags) {
      const name = flag.name;
      if (name === 'mount') {
        this.diagnostics.push({
          code: 'unsupported-flag',
          severity: 'error',
          message: 'the --mount option requires BuildKit',
          range: flag.range,
        });
      } else if (name === 'network' || name === 'security' || name === 'device') {
        this.diagnostics.push({
          code: 'unsupported-flag',
          severity: 'error',
          message: `Unknown flag: ${name} (the classic builder has no RUN --${name}; use BuildKit)`,
          range: flag.range,
        });
      }
    }
  }

  private stageIndexOf(name: string): number | null {
    return lookupStage(this.graph.stages, name, true);
  }


  /** The image configuration the classic builder compares on a cache lookup, as far as the plan knows it. */
  private configSnapshot(state: StageState): object {
    return { env: [...state.env], user: state.user, workdir: state.workdir };
  }

  // --- COPY / ADD -------------------------------------------------------------------------------------------------

  private async copyStep(
    instruction: CopyLikeInstruction,
    state: StageState,
  ): Promise<Omit<PlanStep, 'line' | 'endLine' | 'kind' | 'instruction' | 'parentKey'>> {
    const options = instruction.options;
    const flag = (value: string | null | undefined): string | null =>
      value === null || value === undefined ? null : this.expand(value, state);
    // A value that expands to nothing is no flag at all (measured: `--chown=$UNSET` keeps the cache of a COPY
    // without it, in both builders).
    const chown = flag(options.chown?.value) || null;
    const chmod = flag(options.chmod?.value) || null;
    const link = options.link !== null && options.link.value !== 'false';
    const parents = options.parents !== null && options.parents.value !== 'false';
    const exclude = options.exclude.map((f) => f.value ?? '');
    const destination = this.expand(instruction.destination?.value ?? '', state);
    // Neither builder expands `--from` (the stage graph reports a value with a variable).
    const fromName = options.from?.value || null;

    if (this.classic) {
      const unknownToClassic = [options.chmod, options.link, options.parents, ...options.exclude, options.checksum, options.keepGitDir, options.unpack];
      for (const unsupported of unknownToClassic) {
        if (unsupported) {
          this.diagnostics.push({
            code: 'unsupported-flag',
            severity: 'error',
            message: `the classic builder does not support --${unsupported.name} (use BuildKit)`,
            range: unsupported.range,
          });
        }
      }
    } else if (this.buildkit && options.chmod && chmod !== null) {
      const problem = chmodProblem(chmod);
      if (problem) this.diagnostics.push({ code: 'invalid-chmod', severity: 'error', message: problem, range: options.chmod.range });
    }

    const sources: StepSource[] = [];
    const real: object[] = [];
    const unchanged: object[] = [];
    const notes: string[] = [];
    const stageIndex = fromName !== null ? this.stageIndexOf(fromName) : null;
    const written = instruction.sources.map((source) => ({
      text: source.heredoc ? source.value : this.expand(source.value, state),
      heredoc: source.heredoc,
      range: source.range,
    }));

    this.checkChown(chown, options.chown?.range);
    if (this.buildkit && instruction.kind === 'ADD' && options.checksum) {
      const problem = addChecksumProblem(written.filter((source) => !source.heredoc).map((source) => source.text));
      if (problem) {
        const message = problem === 'several-sources' ? "checksum can't be specified for multiple sources" : 'checksum requires HTTP(S) or Git sources';
        this.diagnostics.push({ code: 'invalid-checksum', severity: 'error', message, range: options.checksum.range });
      }
    }

    if (instruction.kind === 'COPY' && stageIndex === null && fromName === null) {
      for (const source of written) {
        const remote = source.heredoc ? null : remoteSourceKind(source.text);
        if (remote) {
          this.diagnostics.push({
            code: 'copy-remote-source',
            severity: 'error',
            message: `source can't be a ${remote === 'url' ? 'URL' : 'git ref'} for COPY`,
            range: source.range,
          });
        }
      }
    }
    const fromContext =
      stageIndex === null && fromName === null
        ? written.filter((source) => !source.heredoc && !(instruction.kind === 'ADD' ? isRemote(source.text) : remoteSourceKind(source.text)))
        : [];
    const contextSelections = this.selectContextSources(fromContext, parents, exclude);
    // Where podman puts a single file decides whether its name is part of what the copy adds.
    const intoDirectory = destination.endsWith('/') || written.length > 1;
    for (const source of written) {
      if (source.heredoc) {
        const content = source.heredoc.content;
        const digest = digestOf({ heredoc: content, env: source.heredoc.expand ? [...this.expansionEnv(state)] : null });
        sources.push({ source: source.text, origin: 'heredoc', matches: [], digest, files: 1, bytes: content.length });
        real.push({ heredoc: digest });
        unchanged.push({ heredoc: digest });
      } else if (stageIndex !== null) {
        const output = this.stageOutputKey(stageIndex);
        // The path is taken from the stage's root: `x`, `/x` and `./x` are one source (measured, all three models).
        const path = resolvePath('/', source.text);
        // BuildKit names it by the last element of the clean path (`/out/.` is `out`; measured).
        const name = this.classic ? path : this.buildkit ? baseName(path) : baseName(source.text);
        sources.push({ source: source.text, origin: 'stage', matches: [], digest: output.key, files: 0, bytes: 0 });
        real.push({ name, stage: output.key, path });
        unchanged.push({ name, stage: output.keyIfOutputsUnchanged, path });
      } else if (fromName !== null) {
        // Keyed on the image's identity when it is known, so another tag of the same image is the same source
        // (measured, both builders).
        const identity = this.options.baseImage(fromName);
        const image = digestOf(this.imageKeyInputs(fromName, identity, state.platform));
        sources.push({ source: source.text, origin: 'image', image: fromName, matches: [], digest: image, files: 0, bytes: 0 });
        const path = resolvePath('/', source.text);
        real.push({ image, path });
        unchanged.push({ image, path });
      } else if (instruction.kind === 'COPY' && remoteSourceKind(source.text)) {
        // Refused by the builder (reported above): keyed on the text alone.
        const digest = digestOf({ refusedSource: source.text });
        sources.push({ source: source.text, origin: 'url', matches: [], digest, files: 0, bytes: 0 });
        real.push({ refusedSource: source.text });
        unchanged.push({ refusedSource: source.text });
      } else if (instruction.kind === 'ADD' && isRemote(source.text)) {
        const checksum = options.checksum?.value ?? null;
        const downloaded = await this.readRemote(source.text, source.range, checksum);
        if (downloaded) {
          sources.push({ source: source.text, origin: 'url', matches: [], digest: downloaded.digest, files: 1, bytes: downloaded.bytes });
          // podman keys what the copy adds: the name only when the file lands in a directory under it (measured).
          const part = this.podman && !intoDirectory ? { content: downloaded.digest } : { download: downloaded.name, content: downloaded.digest };
          real.push(part);
          unchanged.push(part);
        } else {
          const digest = digestOf({ url: source.text, checksum });
          sources.push({ source: source.text, origin: 'url', matches: [], digest, files: 0, bytes: 0 });
          real.push({ url: source.text, checksum });
          unchanged.push({ url: source.text, checksum });
          notes.push(
            `${source.text} is fetched at build time; the plan cannot see whether its content changed (\`dfkit plan --fetch-remote\`, ` +
              'or `fetchRemoteSources` in the library, downloads it to key the step as the engine does)',
          );
        }
      } else {
        const entry = await this.contextSource(source.text, contextSelections.get(source.text), { intoDirectory, chmod: chmod !== null });
        sources.push(entry.source);
        real.push(...entry.keyParts);
        unchanged.push(...entry.keyParts);
      }
    }
    // The classic builder wants a directory destination for more than one source file once wildcards are
    // matched (BuildKit copies into the path as a directory all the same; measured on Docker 20.10).
    // (Without a context, each source counts as one file.)
    const copied = sources.reduce(
      (count, source) => count + (source.origin === 'context' && this.options.context ? source.matches.length : 1),
      0,
    );
    if (this.classic && copied > 1 && !destination.endsWith('/')) {
      this.diagnostics.push({
        code: 'copy-destination-not-directory',
        severity: 'error',
        message: `When using ${instruction.kind} with more than one source file, the destination must be a directory and end with a /`,
        range: instruction.destination?.range ?? instruction.range,
      });
    }

    const inputs = {
      step: instruction.kind === 'ADD' ? 'add' : 'copy',
      // BuildKit keys the absolute path it copies to; the others the destination as written, with the working
      // directory a relative one lands under (joined, so a trailing `/` there is no change).
      destination: this.buildkit ? buildkitDestination(state.workdir, destination) : destination,
      workdir: this.buildkit ? undefined : resolvePath('/', state.workdir),
      chown: chown === null || this.classic ? chown : this.podman ? podmanOwner(chown) : buildkitOwner(chown),
      // BuildKit and podman key an octal mode by its value (`755` is `0755`; measured), anything else as written.
      chmod: chmod !== null && !this.classic ? (octalMode(chmod) ?? chmod) : chmod,
      parents,
      exclude,
      // BuildKit only links when no --chmod is given; otherwise it silently falls back to a plain copy.
      link: link && chmod === null,
      // BuildKit copies as root whatever USER says (measured: a USER edit before a COPY keeps it cached).
      config: this.chained ? this.configSnapshot(state) : undefined,
    };
    // podman has no merge step: `--link` copies like any COPY.
    const linked = this.buildkit && link && chmod === null;
    let pair: { key: string; keyIfOutputsUnchanged: string };
    if (linked) {
      // `COPY --link` copies onto an empty state, so its key ignores the parent; the result is merged on top.
      const copyKey = digestOf({ ...inputs, sources: real });
      const copyKeyUnchanged = digestOf({ ...inputs, sources: unchanged });
      pair = {
        key: digestOf({ merge: [state.key, copyKey] }),
        keyIfOutputsUnchanged: digestOf({ merge: [state.keyIfOutputsUnchanged, copyKeyUnchanged] }),
      };
    } else {
      pair = this.keyPair(state, inputs, { real: { sources: real }, unchanged: { sources: unchanged } });
    }
    this.advance(state, pair.key, pair.keyIfOutputsUnchanged);
    return {
      ...this.withOptionalUnchanged(pair),
      inputs: { text: instruction.original, workdir: state.workdir, sources },
      ...(notes.length > 0 ? { notes } : {}),
    };
  }

  /**
   * Selects every context source of one instruction together (whether "nothing matched" is an error depends
   * on all of them) and reports what cannot be selected at the source that names it.
   */
  private selectContextSources(
    sources: ReadonlyArray<{ text: string; range: PlanDiagnostic['range'] }>,
    parents: boolean,
    exclude: readonly string[],
    literal = false,
  ): Map<string, SourceSelection> {
    const selected = new Map<string, SourceSelection>();
    const context = this.options.context;
    if (!context || sources.length === 0) return selected;
    const { selections, errors } = context.select(
      sources.map((source) => source.text),
      { parents, exclude, literal },
    );
    for (const selection of selections) selected.set(selection.source, selection);
    for (const error of errors) {
      const range = sources.find((source) => source.text === error.source)?.range ?? sources[0]!.range;
      this.diagnostics.push({ code: `source-${error.code}`, severity: 'error', message: error.message, range });
    }
    return selected;
  }

  private async contextSource(
    text: string,
    selection: SourceSelection | undefined,
    copy: { readonly intoDirectory: boolean; readonly chmod: boolean },
  ): Promise<{ source: StepSource; keyParts: object[] }> {
    const context = this.options.context;
    if (!context || !selection) {
      const digest = digestOf(context ? { missing: text } : { unknownContext: text });
      return {
        source: { source: text, origin: 'context', matches: [], digest, files: 0, bytes: 0 },
        keyParts: [{ name: baseName(text), content: digest }],
      };
    }
    const digest = await context.digest(selection, this.options.builder);
    if (digest.fileDigests.size > 0) this.files.push(digest.fileDigests);
    // The classic builder records only the tarsum of each match, which names every file by its context path, so
    // the sources as written do not count: the same matches in the same order are one key, however many sources
    // name them (two names or one wildcard matching both; a wildcard matching nothing adds nothing; measured).
    // BuildKit keeps the basename; podman only sees a name when a single file lands in a directory under it (a
    // wildcard's digest names its matches already).
    const single = !selection.wildcard && selection.matches.length === 1 && selection.matches[0]!.entry?.type !== 'dir';
    const name = this.podman ? (single && copy.intoDirectory ? baseName(text) : '') : buildkitSourceName(text);
    // Under `COPY --chmod` podman does not see the source modes.
    const content = this.podman && copy.chmod ? (digest.withoutModes ?? digest.digest) : digest.digest;
    return {
      source: {
        source: text,
        origin: 'context',
        matches: selection.matches.map((match) => match.path),
        digest: digest.digest,
        ...(digest.withoutDirModes !== digest.digest ? { digestWithoutDirModes: digest.withoutDirModes } : {}),
        files: digest.files,
        bytes: digest.bytes,
      },
      keyParts: this.classic ? (digest.matchDigests ?? [digest.digest]).map((match) => ({ name: null, content: match })) : [{ name, content }],
    };
  }

  // --- WORKDIR ----------------------------------------------------------------------------------------------------

  private workdirStep(
    written: string,
    state: StageState,
    original: string,
    range?: Range,
  ): Omit<PlanStep, 'line' | 'endLine' | 'kind' | 'instruction' | 'parentKey'> {
    const expanded = this.expand(written, state);
    // BuildKit keeps the directory it is in; the classic builder fails (measured on Docker 20.10).
    if (expanded === '' && this.classic && range) {
      this.diagnostics.push({ code: 'empty-workdir', severity: 'error', message: 'cannot normalize nothing', range });
    }
    state.workdir = this.podman ? resolvePath(state.workdir, expanded) : absoluteAsWritten(state.workdir, expanded);
    if (this.chained) {
      const recorded = this.podman ? { text: original } : {};
      const pair = this.keyPair(state, { step: 'workdir', path: state.workdir, ...recorded, config: this.configSnapshot(state) }, null);
      this.advance(state, pair.key, pair.keyIfOutputsUnchanged);
      return { ...this.withOptionalUnchanged(pair), inputs: { text: `WORKDIR ${state.workdir}`, workdir: state.workdir } };
    }
    if (state.workdir === '/') return { key: null, inputs: { text: 'WORKDIR /', workdir: '/' } };
    // BuildKit creates the directory with a file operation owned by the current user.
    // The directory is made at its clean path (`/app/` and `/app` make the same step; measured).
    const pair = this.keyPair(state, { step: 'mkdir', path: resolvePath('/', state.workdir), user: state.user, platform: state.platform }, null);
    this.advance(state, pair.key, pair.keyIfOutputsUnchanged);
    return { ...this.withOptionalUnchanged(pair), inputs: { text: `WORKDIR ${state.workdir}`, workdir: state.workdir, user: state.user } };
  }

  // --- everything else ------------------------------------------------------------------------------------------

  private metadataStep(
    instruction: Instruction,
    state: StageState,
  ): Omit<PlanStep, 'line' | 'endLine' | 'kind' | 'instruction' | 'parentKey'> {
    const text = this.applyMetadata(instruction, state);
    if (!this.chained) return { key: null, inputs: { text } };
    const recorded = this.podman ? this.podmanRecord(instruction) : { text };
    const pair = this.keyPair(state, { step: 'commit', ...recorded, config: this.configSnapshot(state) }, null);
    this.advance(state, pair.key, pair.keyIfOutputsUnchanged);
    return { ...this.withOptionalUnchanged(pair), inputs: { text } };
  }

  /**
   * What podman records of a metadata instruction besides its effect: the line as written (keyword case and
   * trailing white space count), except for ARG, whose default value does not (observed: editing it hits).
   */
  private podmanRecord(instruction: Instruction): { recorded: string } {
    if (instruction.kind === 'ARG') return { recorded: `ARG ${instruction.declarations.map((d) => d.name.value).join(' ')}` };
    return { recorded: instruction.original };
  }

  /** Updates the state for ENV/ARG/USER/SHELL and returns the instruction as the classic builder records it. */
  private applyMetadata(instruction: Instruction, state: StageState): string {
    switch (instruction.kind) {
      case 'ENV': {
        const before = this.expansionEnv(state);
        const pairs = instruction.pairs.map((pair) => {
          const key = expandOrKeep(pair.key.value, before, this.ast.escapeChar);
          const value = expandOrKeep(pair.value.value, before, this.ast.escapeChar);
          return [key, value] as const;
        });
        for (const [key, value] of pairs) {
          state.env.set(key, value);
          putLast(state.buildkitEnv, key, value);
        }
        return `ENV ${pairs.map(([key, value]) => `${key}=${value}`).join(' ')}`;
      }
      case 'ARG': {
        for (const declaration of instruction.declarations) {
          const name = declaration.name.value;
          const buildArg = Object.hasOwn(this.options.buildArgs, name) ? this.options.buildArgs[name] : undefined;
          const predefined = this.options.predefinedArgs[name];
          let value: string | undefined;
          if (buildArg !== undefined) value = buildArg;
          else if (declaration.defaultValue) value = this.expand(declaration.defaultValue.value, state);
          else if (this.options.globalArgs.has(name)) value = this.options.globalArgs.get(name);
          else if (predefined !== undefined) value = predefined;
          state.args.set(name, value);
          // Under BuildKit a declaration without a value adds nothing, so an earlier value of the name stays.
          if (value !== undefined) putLast(state.buildkitEnv, name, value);
        }
        // The classic builder records each declaration with its default (quotes removed, variables expanded),
        // not the value a build arg gives it.
        const recorded = instruction.declarations.map((declaration) =>
          declaration.defaultValue ? `${declaration.name.value}=${this.expand(declaration.defaultValue.value, state)}` : declaration.name.value,
        );
        return `ARG ${recorded.join(' ')}`;
      }
      case 'USER': {
        const user = this.expand(instruction.args.map((word) => word.value).join(' '), state);
        state.user = user;
        return `USER ${user}`;
      }
      case 'SHELL': {
        if (instruction.command?.form === 'exec') state.shell = instruction.command.args.map((word) => word.value);
        return `SHELL ${JSON.stringify(state.shell)}`;
      }
      case 'LABEL': {
        const env = this.expansionEnv(state);
        const pairs = instruction.pairs.map(
          (pair) =>
            `${expandOrKeep(pair.key.value, env, this.ast.escapeChar)}=${expandOrKeep(pair.value.value, env, this.ast.escapeChar)}`,
        );
        return `LABEL ${pairs.join(' ')}`;
      }
      case 'EXPOSE':
      case 'VOLUME':
      case 'STOPSIGNAL': {
        const env = this.expansionEnv(state);
        // The instruction parser sorts EXPOSE's words as written, so `EXPOSE 81 80` is `EXPOSE 80 81` (measured).
        const written = instruction.kind === 'EXPOSE' ? [...instruction.args].sort((a, b) => compareGoStrings(a.value, b.value)) : instruction.args;
        const words = written.map((word) => {
          const result = expandWord(word.value, env, { escapeChar: this.ast.escapeChar });
          return result.ok ? result.value : word.value;
        });
        return `${instruction.name} ${words.join(' ')}`;
      }
      case 'HEALTHCHECK':
        return healthcheckRecord(instruction);
      case 'CMD':
      case 'ENTRYPOINT': {
        // Recorded as the command it sets: the shell form with the shell in front, so `CMD echo hi` and
        // `CMD ["/bin/sh", "-c", "echo hi"]` are one step (measured on Docker 20.10's classic builder).
        const command = instruction.command;
        const argv = !command ? [] : command.form === 'exec' ? command.args.map((word) => word.value) : [...state.shell, command.text.trim()];
        return `${instruction.name} ${JSON.stringify(argv)}`;
      }
      case 'ONBUILD':
        // The trigger as written after the keyword and its blanks: what the image's config keeps and the commit
        // records. Measured: `run` for `RUN` in the trigger misses, and so do trailing blanks.
        return `ONBUILD ${instruction.original.replace(/^\s*onbuild\s*/i, '')}`;
      default: {
        const flags = instruction.flags.map((flag) => flag.text);
        return [instruction.name, ...flags, ...instruction.args.map((word) => word.value)].join(' ');
      }
    }
  }
}

/**
 * A HEALTHCHECK as the classic builder records it: the parsed check (its mode upper-cased, durations as
 * lengths of time), so `cmd` and `CMD`, or `30s` and `30000ms`, are the same step.
 */
function healthcheckRecord(instruction: HealthcheckInstruction): string {
  const mode = instruction.mode?.value.toUpperCase() ?? '';
  if (mode !== 'CMD') return `HEALTHCHECK ${mode}`;
  const command = instruction.command;
  const test = command?.form === 'exec' ? ['CMD', ...command.args.map((word) => word.value)] : ['CMD-SHELL', command?.text ?? ''];
  const duration = (flag: Flag | null, name: string): number | string => {
    if (flag?.value == null) return 0;
    return parseHealthcheckDuration(name, flag.value).nanoseconds ?? flag.value;
  };
  const { options } = instruction;
  const retries = options.retries?.value == null ? 0 : (parseRetries(options.retries.value).retries ?? options.retries.value);
  return `HEALTHCHECK ${JSON.stringify({
    test,
    interval: duration(options.interval, 'interval'),
    timeout: duration(options.timeout, 'timeout'),
    startPeriod: duration(options.startPeriod, 'start-period'),
    startInterval: duration(options.startInterval, 'start-interval'),
    retries,
  })}`;
}

/**
 * Which secret a `RUN --mount=type=secret` mounts where, as BuildKit keys it: the id (`source`, else `id`, else
 * the target's basename), the target (`/run/secrets/<id>` by default), whether the secret is required, and the
 * owner and mode of the file, which the frontend always sets (0, 0 and 0400 unless given). Measured on Docker
 * 20.10 through a build session: another id with the default target, `required=true` added, `mode=0444` or
 * `uid=1` rerun the RUN; `source=x`, `id=x` and `target=/run/secrets/x` mount the same, as do `mode=0400`,
 * `mode=400` and `uid=0,gid=0` written out; a new secret value does not rerun.
 */
function secretMountIdentity(mount: Mount): MountIdentity {
  const id = mount.source ?? mount.id ?? baseName(mount.target ?? '');
  return { id, target: mount.target ?? `/run/secrets/${baseName(id)}`, ...requiredFileOf(mount, 0o400) };
}

/** What BuildKit keys of a secret or SSH mount: which one, where, and the file it puts there. */
interface MountIdentity {
  readonly id: string;
  readonly target: string;
  readonly required: boolean;
  readonly mode: number | string;
  readonly uid: number | string;
  readonly gid: number | string;
}

/** Whether a secret or SSH mount is required, and the owner and mode of its file (root's, and `mode` unless given). */
function requiredFileOf(mount: Mount, mode: number): Omit<MountIdentity, 'id' | 'target'> {
  return {
    required: mount.required === true,
    mode: mountNumber(mount.mode, 8) ?? mode,
    uid: mountNumber(mount.uid, 10) ?? 0,
    gid: mountNumber(mount.gid, 10) ?? 0,
  };
}

/**
 * Which SSH agent a `RUN --mount=type=ssh` forwards, and how, as BuildKit keys it: the id as written (none is not
 * `id=default`, though both reach the default agent), the target (`/run/buildkit/ssh_agent.<n>` for the n-th SSH
 * mount of the step unless given), whether the agent is required, and the socket's owner and mode, which the
 * frontend always sets (0, 0 and 0600 unless given). Measured on Docker 20.10 through a build session: `id=default`
 * or another id added, `required=true`, `mode=0666` or `uid=1` rerun the RUN; the default target, `mode=0600`,
 * `uid=0,gid=0` and `required=false` written out do not.
 */
function sshMountIdentity(mount: Mount, index: number): MountIdentity {
  return { id: mount.id ?? '', target: mount.target ?? `/run/buildkit/ssh_agent.${index}`, ...requiredFileOf(mount, 0o600) };
}

/** A value as one field of a CSV record (Go's reader): quoted when it holds a comma, a quote or a line break. */
function csvField(value: string): string {
  return /[",\r\n]/.test(value) || value.startsWith(' ') ? `"${value.replaceAll('"', '""')}"` : value;
}

/**
 * A `--chown` value as BuildKit keys it: user and group (split at the first `:`) each as a number when they
 * are one, with `root` read as 0; other names are keyed as written (and resolved at build time). Measured on
 * Docker 20.10: `0:0`, `00:0`, `root:root` and `root:0` share a key; `root` alone (no group) and `daemon:daemon` for
 * `1:1` do not. The classic builder records the flag as written, so there every spelling is another step.
 */
function buildkitOwner(chown: string): string {
  const colon = chown.indexOf(':');
  return colon < 0 ? ownerId(chown) : `${ownerId(chown.slice(0, colon))}:${ownerId(chown.slice(colon + 1))}`;
}

/**
 * A `--chown` value as podman (buildah) keys it: on the numeric owner the files get. A number alone is that
 * user with the group of the same number, and `root` is `0:0`; a user name with no group takes its primary
 * group from the image, which the plan cannot read, so such a value is keyed as written. Measured on podman
 * 4.3: `1` and `1:1`, `0`, `0:0` and `root` share a key; `1` and `1:5` do not, whatever the image's passwd says.
 */
function podmanOwner(chown: string): string {
  const colon = chown.indexOf(':');
  const user = ownerId(colon < 0 ? chown : chown.slice(0, colon));
  if (colon >= 0) return `${user}:${ownerId(chown.slice(colon + 1))}`;
  return /^[0-9]+$/.test(user) ? `${user}:${user}` : user;
}

/** A user or group of `--chown`: a number by its value, `root` as 0, any other name as written. */
function ownerId(part: string): string {
  return part === 'root' ? '0' : /^[0-9]+$/.test(part) ? String(Number.parseInt(part, 10)) : part;
}

/** Sets a variable the way BuildKit's environment list does: the name's old entry goes, the new one is last. */
function putLast(env: Map<string, string>, name: string, value: string): void {
  env.delete(name);
  env.set(name, value);
}

/** ADD sources fetched at build time rather than taken from the context. */
function isRemote(source: string): boolean {
  return /^(https?:\/\/|git@)/i.test(source);
}

/**
 * The name BuildKit keys a context source by: the last element of its clean path (`src/`, `src/.` and
 * `src/sub/..` are `src`; measured), but the context root as written (`.`, `./`, `./.` and `.//` are four keys;
 * measured on Docker 20.10).
 */
function buildkitSourceName(text: string): string {
  const clean = cleanPath(text);
  return clean === '.' ? text : baseName(clean);
}

/** The last path element (trailing slashes ignored). */
function baseName(path: string): string {
  const trimmed = withoutTrailing(path, '/');
  const slash = trimmed.lastIndexOf('/');
  return slash < 0 ? trimmed : trimmed.slice(slash + 1);
}

/**
 * A path as both builders record a WORKDIR argument or a mount target: an absolute one as written (a trailing
 * `/` stays, and makes later RUNs run in another directory as far as the cache knows; measured), a relative one
 * joined to the current directory and cleaned, an empty one leaving the current directory as it is.
 */
function absoluteAsWritten(current: string, next: string): string {
  if (next === '') return current;
  return next.startsWith('/') ? next : resolvePath(current, next);
}

/**
 * A COPY destination as BuildKit keys it: the absolute path it copies to, cleaned (`/a/./b` and `/a//b` are
 * `/a/b`), a relative one joined to the working directory, and a trailing `/` or `/.` kept, as they say the
 * destination is a directory; `.` and an empty destination are the working directory as a directory. So in
 * `WORKDIR /app`, `.`, `./` and `/app/` are one destination (measured).
 */
function buildkitDestination(workdir: string, destination: string): string {
  const written = destination === '' || destination === '.' ? './' : destination;
  const joined = resolvePath(written.startsWith('/') ? '/' : workdir, written);
  if (written.endsWith('/')) return joined === '/' ? joined : `${joined}/`;
  if (written.endsWith('/.')) return `${joined === '/' ? '' : joined}/.`;
  return joined;
}

/** A mount's `source` as BuildKit takes it: joined to `/`, the root being the same as no source. */
function mountSource(source: string): string | null {
  const clean = resolvePath('/', source);
  return clean === '/' ? null : clean;
}

/** BuildKit's order of a step's mounts: by target, secret and ssh mounts last as written (a stable sort). */
function byMountTarget(a: { real: { type: string; target: string | null } }, b: { real: { type: string; target: string | null } }): number {
  const lastA = a.real.type === 'secret' || a.real.type === 'ssh';
  const lastB = b.real.type === 'secret' || b.real.type === 'ssh';
  if (lastA || lastB) return lastA === lastB ? 0 : lastA ? 1 : -1;
  return compareGoStrings(a.real.target ?? '', b.real.target ?? '');
}

/** A mount's `mode` (octal), `uid` or `gid` by value; a value that is no such number is kept as written. */
function mountNumber(value: string | null, base: 8 | 10): number | string | null {
  if (value === null || !(base === 8 ? /^[0-7]+$/ : /^[0-9]+$/).test(value)) return value;
  return parseInt(value, base);
}

/** Resolves a WORKDIR argument against the current directory and cleans it like a path. */
export function resolvePath(current: string, next: string): string {
  const joined = next.startsWith('/') ? next : `${current.replace(/\/$/, '')}/${next}`;
  const parts: string[] = [];
  for (const part of joined.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  return `/${parts.join('/')}`;
}
