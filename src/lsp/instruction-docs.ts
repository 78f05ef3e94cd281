/**
 * What hover, completion and signature help say about instructions, their flags and `RUN --mount` options.
 * Written for dfkit; facts follow BuildKit's Dockerfile frontend (see the parser's own notes on BuildKit).
 */
import type { InstructionName } from '../parser/index.js';

export interface FlagDoc {
  readonly name: string;
  /** Placeholder of the value, e.g. `<stage>`; absent for a boolean flag. */
  readonly value?: string;
  readonly doc: string;
  /** Values worth offering in completion. */
  readonly values?: readonly string[];
  readonly repeatable?: boolean;
}

export interface InstructionDoc {
  readonly summary: string;
  /** Usage lines, flags first. */
  readonly syntax: readonly string[];
  readonly flags: readonly FlagDoc[];
  /** The argument part of the signature shown by signature help. */
  readonly arguments: string;
  readonly deprecated?: string;
}

const COPY_FLAGS: readonly FlagDoc[] = [
  { name: 'chown', value: '<user>[:<group>]', doc: 'Owner of the copied files in the image (names or numeric ids). Variables are expanded.' },
  { name: 'chmod', value: '<mode>', doc: 'Permissions of the copied files, in octal (e.g. `755`). Variables are expanded.' },
  { name: 'link', doc: 'Copy into a layer of its own, independent of the layers below, so the copy stays cached when the base changes.' },
  { name: 'exclude', value: '<pattern>', doc: 'Leave out sources matching this pattern (may be given several times).', repeatable: true },
];

export const INSTRUCTION_DOCS: Readonly<Record<InstructionName, InstructionDoc>> = {
  FROM: {
    summary: 'Starts a build stage from a base image, an earlier stage, or `scratch`. `AS name` names the stage for `COPY --from` and later `FROM`s.',
    syntax: ['FROM [--platform=<platform>] <image>[:<tag>|@<digest>] [AS <name>]'],
    flags: [{ name: 'platform', value: '<os>/<arch>[/<variant>]', doc: 'Platform of the base image to use, e.g. `linux/arm64` or `$BUILDPLATFORM` for a stage that runs on the build machine. Only global ARGs are expanded here.', values: ['$BUILDPLATFORM', '$TARGETPLATFORM', 'linux/amd64', 'linux/arm64'] }],
    arguments: '<image> [AS <name>]',
  },
  RUN: {
    summary: 'Runs a command in a new layer: shell form through the SHELL (`/bin/sh -c` by default), exec form (JSON array) directly. Heredocs provide inline scripts.',
    syntax: ['RUN [--mount=…] [--network=…] [--security=…] <command>', 'RUN [--mount=…] ["executable", "arg", …]', 'RUN <<EOF … EOF'],
    flags: [
      { name: 'mount', value: 'type=<bind|cache|tmpfs|secret|ssh>,…', doc: 'Makes files available to this command only: a bind of the context or another stage, a persistent cache directory, a tmpfs, a secret or the SSH agent. Default type `bind`.', repeatable: true },
      { name: 'network', value: '<default|none|host>', doc: 'Network access of the command: `default`, `none` (no network) or `host`.', values: ['default', 'none', 'host'] },
      { name: 'security', value: '<sandbox|insecure>', doc: '`insecure` runs the command with extended privileges (the builder must allow it); default `sandbox`.', values: ['sandbox', 'insecure'] },
      { name: 'device', value: '<name>[,required]', doc: 'Exposes a CDI device to the command (labs syntax).', repeatable: true },
    ],
    arguments: '<command>',
  },
  CMD: {
    summary: 'The default command of a container (or default arguments to ENTRYPOINT). Only the last CMD of the stage counts. Prefer the exec form so signals reach the process.',
    syntax: ['CMD ["executable", "arg", …]', 'CMD ["arg", …]  (with ENTRYPOINT)', 'CMD <command>'],
    flags: [],
    arguments: '<command>',
  },
  ENTRYPOINT: {
    summary: 'The executable a container runs; CMD and `docker run` arguments are appended to the exec form. Only the last ENTRYPOINT counts.',
    syntax: ['ENTRYPOINT ["executable", "arg", …]', 'ENTRYPOINT <command>'],
    flags: [],
    arguments: '<command>',
  },
  SHELL: {
    summary: 'Sets the shell that runs shell-form RUN, CMD and ENTRYPOINT from here on. JSON form only.',
    syntax: ['SHELL ["executable", "arg", …]'],
    flags: [],
    arguments: '["executable", "arg", …]',
  },
  COPY: {
    summary: 'Copies files from the build context, another stage (`--from`), an image or a heredoc into the image.',
    syntax: ['COPY [--from=<stage|image|context>] [--chown=…] [--chmod=…] [--link] [--parents] [--exclude=…] <src>… <dest>', 'COPY ["<src>", …, "<dest>"]'],
    flags: [
      { name: 'from', value: '<stage|image|context>', doc: 'Copy from an earlier stage (by name or index), an image or a named context instead of the build context. Not variable-expanded.' },
      ...COPY_FLAGS,
      { name: 'parents', doc: 'Keep the parent directories of the sources under the destination.' },
    ],
    arguments: '<src>… <dest>',
  },
  ADD: {
    summary: 'Like COPY, and also fetches URLs and git repositories and unpacks local tar archives. Prefer COPY for plain files.',
    syntax: ['ADD [--chown=…] [--chmod=…] [--link] [--checksum=…] [--keep-git-dir] [--unpack] [--exclude=…] <src>… <dest>'],
    flags: [
      ...COPY_FLAGS,
      { name: 'checksum', value: '<algorithm:hex>', doc: 'Expected digest of a remote source (e.g. `sha256:…`); the build fails on a mismatch.' },
      { name: 'keep-git-dir', doc: 'Keep the `.git` directory when adding a git repository.' },
      { name: 'unpack', doc: 'Whether to unpack an archive source (`--unpack=false` copies it as is).' },
    ],
    arguments: '<src>… <dest>',
  },
  ENV: {
    summary: 'Sets environment variables for the rest of the stage, for later stages built on it, and for containers.',
    syntax: ['ENV <key>=<value> …'],
    flags: [],
    arguments: '<key>=<value> …',
  },
  ARG: {
    summary: 'Declares a build argument (`--build-arg`), with an optional default. Before the first FROM it is global and visible to FROM lines; a stage must declare it again to use it.',
    syntax: ['ARG <name>[=<default>] …'],
    flags: [],
    arguments: '<name>[=<default>] …',
  },
  LABEL: {
    summary: 'Adds metadata key/value pairs to the image.',
    syntax: ['LABEL <key>=<value> …'],
    flags: [],
    arguments: '<key>=<value> …',
  },
  EXPOSE: {
    summary: 'Documents the ports the container listens on (`port[/tcp|udp|sctp]` or a range). It publishes nothing by itself.',
    syntax: ['EXPOSE <port>[/<protocol>] …'],
    flags: [],
    arguments: '<port>[/<protocol>] …',
  },
  USER: {
    summary: 'Sets the user (and optionally group) for the rest of the stage and for containers.',
    syntax: ['USER <user>[:<group>]'],
    flags: [],
    arguments: '<user>[:<group>]',
  },
  WORKDIR: {
    summary: 'Sets the working directory for the instructions that follow and for containers; a relative path is joined to the previous WORKDIR. Created if missing.',
    syntax: ['WORKDIR <path>'],
    flags: [],
    arguments: '<path>',
  },
  VOLUME: {
    summary: 'Declares mount points whose content lives outside the container layer.',
    syntax: ['VOLUME ["<path>", …]', 'VOLUME <path> …'],
    flags: [],
    arguments: '<path> …',
  },
  STOPSIGNAL: {
    summary: 'The signal sent to stop the container (e.g. `SIGTERM` or `9`).',
    syntax: ['STOPSIGNAL <signal>'],
    flags: [],
    arguments: '<signal>',
  },
  HEALTHCHECK: {
    summary: 'How to check that a container still works (`CMD …`), or `NONE` to switch off a check inherited from the base image.',
    syntax: ['HEALTHCHECK [--interval=…] [--timeout=…] [--start-period=…] [--start-interval=…] [--retries=…] CMD <command>', 'HEALTHCHECK NONE'],
    flags: [
      { name: 'interval', value: '<duration>', doc: 'Time between checks, as a Go duration (`30s`, `1m30s`); `0` means the default.' },
      { name: 'timeout', value: '<duration>', doc: 'A check taking longer than this fails.' },
      { name: 'start-period', value: '<duration>', doc: 'Start-up time during which failures do not count.' },
      { name: 'start-interval', value: '<duration>', doc: 'Time between checks during the start period.' },
      { name: 'retries', value: '<n>', doc: 'Consecutive failures before the container is unhealthy.' },
    ],
    arguments: 'CMD <command> | NONE',
  },
  ONBUILD: {
    summary: 'Stores an instruction that runs when another build uses this image as its base. `ONBUILD ONBUILD`, `ONBUILD FROM` and `ONBUILD MAINTAINER` are not allowed.',
    syntax: ['ONBUILD <instruction>'],
    flags: [],
    arguments: '<instruction>',
  },
  MAINTAINER: {
    summary: 'Sets the author field of the image.',
    syntax: ['MAINTAINER <name>'],
    flags: [],
    arguments: '<name>',
    deprecated: 'Deprecated: use `LABEL org.opencontainers.image.authors=…`.',
  },
};

export interface MountOptionDoc {
  readonly key: string;
  readonly doc: string;
  readonly values?: readonly string[];
  /** Mount types the option applies to; all when absent. */
  readonly types?: readonly string[];
}

/** Options of `RUN --mount=…` (keys are case-insensitive; `type` defaults to `bind`). */
export const MOUNT_OPTIONS: readonly MountOptionDoc[] = [
  { key: 'type', doc: 'What to mount: `bind` (default), `cache`, `tmpfs`, `secret` or `ssh`.', values: ['bind', 'cache', 'tmpfs', 'secret', 'ssh'] },
  { key: 'target', doc: 'Where the mount appears (aliases `dst`, `destination`); relative to WORKDIR. Secrets default to `/run/secrets/<id>`.' },
  { key: 'source', doc: 'Path inside `from` to mount (alias `src`).', types: ['bind', 'cache', 'secret'] },
  { key: 'from', doc: 'Stage, image or context to take the source from (not variable-expanded).', types: ['bind', 'cache'] },
  { key: 'id', doc: 'Cache id (default: the target), secret id, or SSH agent id (default `default`).', types: ['cache', 'secret', 'ssh'] },
  { key: 'sharing', doc: 'How concurrent builds share a cache: `shared` (default), `private` or `locked`.', values: ['shared', 'private', 'locked'], types: ['cache'] },
  { key: 'readonly', doc: 'Mount read-only (alias `ro`); bind, secret and ssh mounts are read-only by default.' },
  { key: 'rw', doc: 'Mount read-write (alias `readwrite`); writes to a bind mount are discarded after the command.' },
  { key: 'mode', doc: 'Permissions of the mount point, in octal.', types: ['cache', 'secret', 'ssh'] },
  { key: 'uid', doc: 'User id owning the mount point.', types: ['cache', 'secret', 'ssh'] },
  { key: 'gid', doc: 'Group id owning the mount point.', types: ['cache', 'secret', 'ssh'] },
  { key: 'required', doc: 'Fail when the secret or SSH agent is not provided.', types: ['secret', 'ssh'] },
  { key: 'size', doc: 'Size limit of a tmpfs, e.g. `64m`.', types: ['tmpfs'] },
  { key: 'env', doc: 'Also (or only) expose the secret as this environment variable.', types: ['secret'] },
];

/** The documentation of an instruction keyword (any case), or `undefined` for an unknown one. */
export function instructionDoc(keyword: string): InstructionDoc | undefined {
  return (INSTRUCTION_DOCS as Readonly<Record<string, InstructionDoc>>)[keyword.toUpperCase()];
}

/** Markdown for an instruction: summary and usage. */
export function instructionMarkdown(name: string, doc: InstructionDoc): string {
  const deprecated = doc.deprecated ? `*${doc.deprecated}*\n\n` : '';
  return `**${name}** — ${doc.summary}\n\n${deprecated}\`\`\`dockerfile\n${doc.syntax.join('\n')}\n\`\`\``;
}

/** Markdown for a flag. */
export function flagMarkdown(instruction: string, flag: FlagDoc): string {
  return `**${instruction} --${flag.name}${flag.value ? `=${flag.value}` : ''}**\n\n${flag.doc}`;
}
