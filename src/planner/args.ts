/**
 * Build arguments as the builders see them: global ARGs before the first FROM, the predefined platform and
 * proxy ARGs, `--build-arg` overrides, and the environment an instruction expands against.
 */
import { expandWord, getGlobalInstructions, type Dockerfile, type EscapeChar } from '../parser/index.js';

/** An OS/architecture/variant triple such as `linux/arm/v7`. */
export interface Platform {
  readonly os: string;
  readonly architecture: string;
  readonly variant: string;
}

/** The platform a build targets when none is given. */
export const DEFAULT_PLATFORM = 'linux/amd64';

/**
 * Reads `os/arch[/variant]`; returns `null` for text that is not a platform. The result is normalised as
 * BuildKit normalises a platform before it fills TARGETPLATFORM and friends: architecture aliases
 * (`x86_64`, `aarch64`, `armhf`…) become their OCI names, `arm64/v8` is plain `arm64`, and `arm` means `arm/v7`.
 */
export function parsePlatform(text: string): Platform | null {
  const parts = text.trim().toLowerCase().split('/');
  if (parts.length < 2 || parts.length > 3 || parts.some((part) => !/^[a-z0-9_.-]+$/.test(part))) return null;
  const [os, architecture, variant = ''] = parts as [string, string, string?];
  return { os: os === 'macos' ? 'darwin' : os, ...normaliseArchitecture(architecture, variant) };
}

function normaliseArchitecture(architecture: string, variant: string): { architecture: string; variant: string } {
  switch (architecture) {
    case 'i386':
      return { architecture: '386', variant: '' };
    case 'x86_64':
    case 'x86-64':
    case 'amd64':
      return { architecture: 'amd64', variant: variant === 'v1' ? '' : variant };
    case 'aarch64':
    case 'arm64':
      return { architecture: 'arm64', variant: ['8', 'v8', 'v8.0'].includes(variant) ? '' : variant };
    case 'armhf':
      return { architecture: 'arm', variant: 'v7' };
    case 'armel':
      return { architecture: 'arm', variant: 'v6' };
    case 'arm':
      if (variant === '' || variant === '7') return { architecture, variant: 'v7' };
      return { architecture, variant: ['5', '6', '8'].includes(variant) ? `v${variant}` : variant };
    default:
      return { architecture, variant };
  }
}

export function formatPlatform(platform: Platform): string {
  const base = `${platform.os}/${platform.architecture}`;
  return platform.variant ? `${base}/${platform.variant}` : base;
}

/**
 * BuildKit's automatic platform ARGs. They are visible to FROM lines without a declaration; inside a stage only
 * after `ARG TARGETARCH` (and friends) without a value, which then take these values.
 */
export function platformArgs(target: Platform, build: Platform): Record<string, string> {
  return {
    TARGETPLATFORM: formatPlatform(target),
    TARGETOS: target.os,
    TARGETARCH: target.architecture,
    TARGETVARIANT: target.variant,
    BUILDPLATFORM: formatPlatform(build),
    BUILDOS: build.os,
    BUILDARCH: build.architecture,
    BUILDVARIANT: build.variant,
  };
}

/**
 * The proxy ARGs both builders accept without a declaration. Given as `--build-arg` they reach RUN steps but
 * stay out of every cache key (BuildKit carries them in a separate field; the classic builder leaves
 * undeclared ones out of its build-arg prefix). Declaring one with `ARG` makes it an ordinary, keyed ARG.
 */
export const PROXY_ARGS: ReadonlySet<string> = new Set(
  ['HTTP_PROXY', 'HTTPS_PROXY', 'FTP_PROXY', 'NO_PROXY', 'ALL_PROXY'].flatMap((name) => [name, name.toLowerCase()]),
);

/** An ARG visible in a scope; `value` is `undefined` when it was declared without a value and none was given. */
export interface ArgValue {
  readonly name: string;
  readonly value: string | undefined;
}

/** Expands one word, falling back to the text as written when expansion fails (the caller reports that). */
export function expandOrKeep(text: string, env: ReadonlyMap<string, string>, escapeChar: EscapeChar): string {
  const result = expandWord(text, env, { escapeChar });
  return result.ok ? result.value : text;
}

/**
 * Global ARGs with their values: the default (expanded against earlier global ARGs and the platform ARGs)
 * unless `--build-arg` overrides it.
 */
export function resolveGlobalArgs(
  ast: Dockerfile,
  buildArgs: Readonly<Record<string, string>>,
  predefined: Readonly<Record<string, string>>,
): Map<string, string | undefined> {
  const globals = new Map<string, string | undefined>();
  for (const instruction of getGlobalInstructions(ast)) {
    if (instruction.kind !== 'ARG') continue;
    for (const declaration of instruction.declarations) {
      const name = declaration.name.value;
      const env = fromLineEnv(globals, predefined);
      const fallback = declaration.defaultValue
        ? expandOrKeep(declaration.defaultValue.value, env, ast.escapeChar)
        : undefined;
      globals.set(name, Object.hasOwn(buildArgs, name) ? buildArgs[name] : fallback);
    }
  }
  return globals;
}

/** What a FROM line expands against: the platform ARGs, then the global ARGs that have a value. */
export function fromLineEnv(
  globals: ReadonlyMap<string, string | undefined>,
  predefined: Readonly<Record<string, string>>,
): Map<string, string> {
  const env = new Map(Object.entries(predefined));
  for (const [name, value] of globals) if (value !== undefined) env.set(name, value);
  return env;
}
