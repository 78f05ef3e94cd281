/**
 * A buildable stand-in for an example's Dockerfile on a machine with no registry: the same file, edited through
 * the parser's AST, where
 *
 * - every `FROM <image>` names the local busybox base image instead (stage references stay);
 * - every RUN keeps its flags (cache, secret and bind mounts included) but runs a busybox command instead of the
 *   toolchain, which records that it ran (`<stage>:<line>` appended to {@link RAN_FILE}), creates the accounts
 *   the real base image or a `useradd` would have provided (for `--chown=user` and `USER user`), and, in the
 *   last RUN of a stage that other stages `COPY --from`, creates the paths they copy (small executable scripts);
 * - a `# syntax=` directive is dropped: it names a frontend image, which cannot be pulled here;
 * - with `checkSecrets`, a RUN with secret mounts first checks that each secret arrived (`test -s` on the file the
 *   mount makes); the builder must then be given every secret in {@link ExampleVariant.secretIds}.
 *
 * Everything else — COPY, WORKDIR, ENV, USER, CMD, ENTRYPOINT, EXPOSE, LABEL… — stays as written. A replaced
 * RUN is followed by blank lines so that every later instruction keeps its line number.
 */
import { getStages, parse, type CopyLikeInstruction, type Dockerfile, type Instruction, type RunInstruction, type Stage } from '../../src/parser/index.js';

/** Where the stand-in RUN steps record that they ran. */
export const RAN_FILE = '/dfkit-e2e/ran';

export interface ExampleVariant {
  readonly text: string;
  /** The stage the default target builds, with the stages it is built FROM (base first). */
  readonly targetChain: readonly Stage[];
  /** `<stage>:<line>` of every replaced RUN in the target's chain, in build order: what {@link RAN_FILE} will hold. */
  readonly ranInTarget: readonly string[];
  /** Whether some RUN uses `--mount` (BuildKit syntax; the classic builder rejects it). */
  readonly usesRunMount: boolean;
  /** The IDs of the secrets RUN steps mount. */
  readonly secretIds: readonly string[];
  /** Whether some RUN mount has a relative target (BuildKit resolves it against WORKDIR, buildah 1.28 refuses it). */
  readonly relativeMountTarget: boolean;
  /** Whether a `FROM --platform=` uses an automatic platform ARG (`$BUILDPLATFORM`…), which only BuildKit sets. */
  readonly fromPlatformArg: boolean;
  /** The uid `USER` leaves in the final image (a number, or the uid given to a named account). */
  readonly finalUid: string;
  /** The working directory the final image starts in, when it is a literal path. */
  readonly finalWorkdir: string | null;
  /** Absolute paths the final image must hold: destinations of the chain's COPY/ADD. */
  readonly copiedPaths: readonly string[];
  /** The final image's `USER` as written, `''` when none. */
  readonly user: string;
  /** The exec-form CMD and ENTRYPOINT the final image ends with (`null`: none, or shell form). */
  readonly cmd: readonly string[] | null;
  readonly entrypoint: readonly string[] | null;
}

interface Edit {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

const NUMERIC = /^\d+$/;
const PLATFORM_ARGS = ['BUILDPLATFORM', 'BUILDOS', 'BUILDARCH', 'TARGETPLATFORM', 'TARGETOS', 'TARGETARCH'];

function stageLabel(stage: Stage): string {
  return stage.name ?? `stage-${stage.index}`;
}

/** The stage a FROM or `--from` value names, if it names one defined before `before`. */
function stageNamed(stages: readonly Stage[], name: string, before: number): Stage | undefined {
  const lower = name.toLowerCase();
  return stages.slice(0, before).find((stage) => stage.name?.toLowerCase() === lower || String(stage.index) === name);
}

function joinPath(dir: string, path: string): string {
  if (path.startsWith('/')) return path;
  const parts = [...dir.split('/'), ...path.split('/')].filter((part) => part !== '' && part !== '.');
  return `/${parts.join('/')}`;
}

/** Names in `--chown=user:group` and `USER user:group` that are not numeric, users and groups apart. */
function accountsOf(ast: Dockerfile): { users: string[]; groups: string[] } {
  const users = new Set<string>();
  const groups = new Set<string>();
  const add = (user: string | undefined, group: string | undefined): void => {
    if (user && !NUMERIC.test(user) && !user.includes('$')) users.add(user);
    if (group && !NUMERIC.test(group) && !group.includes('$')) groups.add(group);
  };
  for (const instruction of ast.instructions) {
    if (instruction.kind === 'COPY' || instruction.kind === 'ADD') {
      const [user, group] = (instruction.options.chown?.value ?? '').split(':');
      add(user, group ?? user);
    } else if (instruction.kind === 'USER') {
      add(instruction.user?.value, instruction.group?.value);
    }
  }
  return { users: [...users], groups: [...groups] };
}

/** Shell that adds the accounts to /etc/passwd and /etc/group unless there already; ids from 2000 up. */
function accountScript(accounts: { users: readonly string[]; groups: readonly string[] }): string[] {
  if (accounts.users.length === 0 && accounts.groups.length === 0) return [];
  const lines = ['mkdir -p /etc', 'touch /etc/passwd /etc/group'];
  accounts.groups.forEach((group, i) => lines.push(`{ grep -q '^${group}:' /etc/group || echo '${group}:x:${2000 + i}:' >> /etc/group; }`));
  accounts.users.forEach((user, i) => lines.push(`{ grep -q '^${user}:' /etc/passwd || echo '${user}:x:${2000 + i}:${2000 + i}::/:/bin/sh' >> /etc/passwd; }`));
  return lines;
}

/** Shell that creates `path` as a small executable script, unless something is there already. */
function outputScript(path: string, stage: string): string {
  const dir = path.slice(0, path.lastIndexOf('/')) || '/';
  return `{ [ -e ${path} ] || { mkdir -p ${dir} && printf '#!/bin/sh\\necho ${path} from ${stage}\\n' > ${path} && chmod 755 ${path}; }; }`;
}

/** The final image's uid after `USER`, given the uids {@link accountScript} hands out. */
function uidOf(user: string, accounts: { users: readonly string[] }): string {
  if (NUMERIC.test(user)) return user;
  const index = accounts.users.indexOf(user);
  return index < 0 ? user : String(2000 + index);
}

/** Builds the stand-in of an example's Dockerfile text, with what a run of the image should show. */
export function exampleVariant(text: string, baseImage: string, options: { readonly checkSecrets?: boolean } = {}): ExampleVariant {
  const { ast } = parse(text);
  const stages = getStages(ast);
  const accounts = accountsOf(ast);
  const edits: Edit[] = [];

  for (const directive of ast.directives) {
    if (directive.name === 'syntax') edits.push({ start: directive.range.start.offset, end: directive.range.end.offset, text: '' });
  }

  // Paths other stages copy out of each stage, keyed by stage index.
  const outputs = new Map<number, Set<string>>();
  for (const stage of stages) {
    for (const instruction of stage.instructions) {
      if ((instruction.kind !== 'COPY' && instruction.kind !== 'ADD') || !instruction.options.from?.value) continue;
      const source = stageNamed(stages, instruction.options.from.value, stage.index);
      if (!source) continue;
      // A stage without RUN gets its files from the stage it is built on.
      let producer: Stage | undefined = source;
      while (producer && !producer.instructions.some((i) => i.kind === 'RUN')) producer = stageNamed(stages, producer.from.image?.raw ?? '', producer.index);
      if (!producer) continue;
      const set = outputs.get(producer.index) ?? new Set<string>();
      for (const word of instruction.sources) set.add(joinPath('/', word.value));
      outputs.set(producer.index, set);
    }
  }

  for (const stage of stages) {
    const image = stage.from.image;
    const external = image !== null && image.raw !== 'scratch' && !stageNamed(stages, image.raw, stage.index);
    if (external) edits.push({ start: image.range.start.offset, end: image.range.end.offset, text: baseImage });
    const runs = stage.instructions.filter((i): i is RunInstruction => i.kind === 'RUN');
    runs.forEach((run, i) => {
      const script = [`mkdir -p /dfkit-e2e`, `echo ${stageLabel(stage)}:${run.startLine} >> ${RAN_FILE}`];
      if (external && i === 0) script.push(...accountScript(accounts));
      if (i === runs.length - 1) for (const path of outputs.get(stage.index) ?? []) script.push(outputScript(path, stageLabel(stage)));
      if (options.checkSecrets) {
        // A secret mount without a target lands at /run/secrets/<id>; the id defaults to the target's basename.
        for (const mount of run.mounts) if (mount.type === 'secret') script.unshift(`test -s '${mount.target ?? `/run/secrets/${mount.id ?? ''}`}'`);
      }
      const flags = run.flags.map((flag) => `${flag.text} `).join('');
      const padding = '\n'.repeat(run.endLine - run.startLine);
      edits.push({ start: run.range.start.offset, end: run.range.end.offset, text: `${run.keyword} ${flags}${script.join(' && ')}${padding}` });
    });
  }

  let variant = text;
  for (const edit of [...edits].sort((a, b) => b.start - a.start)) variant = variant.slice(0, edit.start) + edit.text + variant.slice(edit.end);

  const chain: Stage[] = [];
  for (let stage: Stage | undefined = stages.at(-1); stage; stage = stageNamed(stages, stage.from.image?.raw ?? '', stage.index)) chain.unshift(stage);
  const chainInstructions: Instruction[] = chain.flatMap((stage) => stage.instructions);
  let workdir: string | null = '/';
  let user = '0';
  let userText = '';
  let cmd: string[] | null = null;
  let entrypoint: string[] | null = null;
  const copied: string[] = [];
  for (const instruction of chainInstructions) {
    if (instruction.kind === 'WORKDIR') {
      const path = instruction.args.map((word) => word.value).join(' ');
      workdir = workdir === null || path.includes('$') ? null : joinPath(workdir, path);
    } else if (instruction.kind === 'USER' && instruction.user) {
      user = uidOf(instruction.user.value, accounts);
      userText = instruction.args.map((word) => word.value).join(' ');
    } else if (instruction.kind === 'CMD' || instruction.kind === 'ENTRYPOINT') {
      const args = instruction.command?.form === 'exec' ? instruction.command.args.map((word) => word.value) : null;
      if (instruction.kind === 'CMD') cmd = args;
      else entrypoint = args;
    } else if ((instruction.kind === 'COPY' || instruction.kind === 'ADD') && workdir !== null) {
      copied.push(...copiedPathsOf(instruction, workdir));
    }
  }
  return {
    text: variant,
    targetChain: chain,
    ranInTarget: chain.flatMap((stage) => stage.instructions.filter((i) => i.kind === 'RUN').map((run) => `${stageLabel(stage)}:${run.startLine}`)),
    usesRunMount: ast.instructions.some((i) => i.kind === 'RUN' && i.mounts.length > 0),
    secretIds: [
      ...new Set(
        ast.instructions.flatMap((i) => (i.kind === 'RUN' ? i.mounts : [])).flatMap((mount) => (mount.type === 'secret' ? [mount.id ?? (mount.target ?? '').split('/').pop() ?? ''] : [])),
      ),
    ],
    relativeMountTarget: ast.instructions.some((i) => i.kind === 'RUN' && i.mounts.some((mount) => mount.target !== null && !mount.target.startsWith('/'))),
    fromPlatformArg: stages.some((stage) => PLATFORM_ARGS.some((name) => new RegExp(`\\$\\{?${name}\\b`).test(stage.from.platform?.value ?? ''))),
    finalUid: user,
    finalWorkdir: workdir,
    copiedPaths: copied,
    user: userText,
    cmd,
    entrypoint,
  };
}

/** Where a COPY puts things: the destination itself, and for a directory destination each source's basename. */
function copiedPathsOf(instruction: CopyLikeInstruction, workdir: string): string[] {
  const destination = instruction.destination?.value;
  if (!destination || destination.includes('$')) return [];
  const target = joinPath(workdir, destination);
  if (!destination.endsWith('/') && destination !== '.' && instruction.sources.length === 1) return [target];
  // `COPY dir/ dest/` copies the contents of dir; `COPY . .` the whole context: only the destination is sure.
  return instruction.sources.map((source) => {
    const name = source.value.replace(/\/+$/, '').split('/').pop() ?? '';
    return name === '' || name === '.' || source.value.endsWith('/') || name.includes('*') ? target : joinPath(target, name);
  });
}
