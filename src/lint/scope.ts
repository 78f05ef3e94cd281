/**
 * Stage and variable context for rules: which stage an instruction is in, the stage's base (through stage
 * aliases), which ARG and ENV values are visible, and the active SHELL — computed once per file.
 */
import {
  expandWord,
  getStages,
  type Dockerfile,
  type Instruction,
  type Stage,
} from '../parser/index.js';
import { endOffsetOf, startOffsetOf } from '../parser/source.js';
import { shellPragmaOf } from './pragmas.js';
import type { InstructionScope, StageInfo } from './types.js';

const DEFAULT_SHELL: readonly string[] = Object.freeze(['/bin/sh', '-c']);

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

export interface FileScope {
  readonly stages: readonly StageInfo[];
  /** Global ARGs (before the first FROM) with their values after `--build-arg` overrides. */
  readonly globalArgs: ReadonlyMap<string, string | undefined>;
  scopeOf(instruction: Instruction): InstructionScope;
}

function toRecord(map: ReadonlyMap<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of map) if (value !== undefined) out[key] = value;
  return out;
}

function expandOr(text: string, env: Record<string, string>): string {
  const result = expandWord(text, env);
  return result.ok ? result.value : text;
}

/** Builds the stage and variable context of a parsed file. */
export function buildFileScope(ast: Dockerfile, buildArgs: Readonly<Record<string, string>>): FileScope {
  const globalArgs = new Map<string, string | undefined>();
  const scopes = new Map<Instruction, InstructionScope>();
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

  // Instructions before the first FROM are invalid, but hadolint lints them as if they were in a stage, so
  // ENV and SHELL are tracked there too (they do not carry over into the stages).
  const preEnv = new Map<string, string>();
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
        const fallback = declaration.defaultValue
          ? expandOr(declaration.defaultValue.value, { ...PLATFORM_ARGS, ...toRecord(globalArgs) })
          : undefined;
        globalArgs.set(name, buildArgs[name] ?? fallback);
      }
    }
    scopes.set(instruction, current);
    if (instruction.kind === 'ONBUILD' && instruction.trigger) scopes.set(instruction.trigger, { ...current, inOnbuild: true });
    if (instruction.kind === 'ENV') {
      const before = { ...toRecord(globalArgs), ...Object.fromEntries(preEnv) };
      for (const pair of instruction.pairs) preEnv.set(expandOr(pair.key.value, before), expandOr(pair.value.value, before));
      current = { ...current, env: new Map(preEnv) };
    } else if (instruction.kind === 'SHELL' && instruction.command?.form === 'exec') {
      const shell = instruction.command.args.map((a) => a.value);
      current = { ...current, shell, analysisShell: shell };
    }
  }

  const fromEnv = { ...PLATFORM_ARGS, ...toRecord(globalArgs) };
  const infos: StageInfo[] = [];
  const finalEnv = new Map<StageInfo, ReadonlyMap<string, string>>();
  const finalShell = new Map<StageInfo, readonly string[]>();
  const finalAnalysisShell = new Map<StageInfo, readonly string[]>();
  const usedLater = new Set<number>();
  const byName = new Map<string, StageInfo>();

  const mutableInfos: Array<{ -readonly [K in keyof StageInfo]: StageInfo[K] }> = [];
  stages.forEach((stage: Stage, index) => {
    const image = stage.from.image?.raw ?? '';
    const baseImage = expandOr(image, fromEnv);
    const parent = byName.get(baseImage.toLowerCase()) ?? null;
    if (parent) usedLater.add(parent.index);
    const info = {
      stage,
      index,
      name: stage.name?.toLowerCase() ?? null,
      baseImage,
      parent,
      ancestors: parent ? [parent, ...parent.ancestors] : [],
      usedLater: false,
      isFinal: index === stages.length - 1,
    };
    mutableInfos.push(info);
    infos.push(info);
    if (info.name) byName.set(info.name, info);

    // Variables and shell start from what the parent stage's image ends with.
    const args = new Map<string, string | undefined>();
    const env = new Map<string, string>(parent ? (finalEnv.get(parent) ?? empty) : empty);
    let shell = parent ? (finalShell.get(parent) ?? DEFAULT_SHELL) : DEFAULT_SHELL;
    let analysisShell = parent ? (finalAnalysisShell.get(parent) ?? defaultAnalysisShell) : defaultAnalysisShell;
    const snapshot = (): InstructionScope => ({
      stage: info,
      args: new Map(args),
      env: new Map(env),
      shell,
      analysisShell,
      inOnbuild: false,
    });
    current = snapshot();
    scopes.set(stage.from, current);

    const visit = (instruction: Instruction, inOnbuild: boolean): void => {
      if (inOnbuild) {
        scopes.set(instruction, { ...current, inOnbuild: true });
        return;
      }
      const pragma = pragmaBefore(startOffsetOf(instruction.range));
      if (pragma !== null) {
        analysisShell = [pragma];
        current = snapshot();
      }
      scopes.set(instruction, current);
      let changed = false;
      const values = (): Record<string, string> => ({ ...toRecord(args), ...Object.fromEntries(env) });
      if (instruction.kind === 'ARG') {
        for (const declaration of instruction.declarations) {
          const name = declaration.name.value;
          const inherited = globalArgs.has(name) ? globalArgs.get(name) : undefined;
          const fallback = declaration.defaultValue ? expandOr(declaration.defaultValue.value, values()) : inherited;
          args.set(name, buildArgs[name] ?? fallback);
        }
        changed = true;
      } else if (instruction.kind === 'ENV') {
        const before = values();
        for (const pair of instruction.pairs) {
          env.set(expandOr(pair.key.value, before), expandOr(pair.value.value, before));
        }
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
      if (instruction.kind === 'COPY') {
        const from = instruction.options.from?.value;
        if (from) markUsed(from);
      } else if (instruction.kind === 'RUN') {
        for (const mount of instruction.mounts) if (mount.from) markUsed(mount.from);
      }
    }
    finalEnv.set(info, env);
    finalShell.set(info, shell);
    // A pragma after the stage's last instruction still belongs to it.
    const nextStage = stages[index + 1];
    const trailing = pragmaBefore(nextStage ? startOffsetOf(nextStage.from.range) : Infinity);
    finalAnalysisShell.set(info, trailing !== null ? [trailing] : analysisShell);
  });

  function markUsed(reference: string): void {
    const byIndex = /^\d+$/.test(reference) ? infos[Number(reference)] : undefined;
    const target = byIndex ?? byName.get(reference.toLowerCase());
    if (target) usedLater.add(target.index);
  }
  for (const info of mutableInfos) info.usedLater = usedLater.has(info.index);

  return {
    stages: infos,
    globalArgs,
    scopeOf: (instruction) => scopes.get(instruction) ?? outside,
  };
}
