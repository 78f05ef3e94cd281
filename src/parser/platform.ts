/**
 * Platform strings (`linux/arm64`, `linux/arm/v7`) as BuildKit reads them: FROM's `--platform`, a build's target
 * platform and an image's own. The linter and the planner both read them.
 */
import { goQuote } from './go-quote.js';

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

/**
 * The platform an image configuration or an index entry names by its `os`, `architecture` and `variant` fields,
 * normalised; `null` when the OS or the architecture is missing or no platform.
 */
export function platformFromParts(os: unknown, architecture: unknown, variant?: unknown): Platform | null {
  if (typeof os !== 'string' || typeof architecture !== 'string' || !os || !architecture) return null;
  return parsePlatform(typeof variant === 'string' && variant ? `${os}/${architecture}/${variant}` : `${os}/${architecture}`);
}

/** An architecture and variant under their OCI names, as containerd's normaliser spells them. */
export function normaliseArchitecture(architecture: string, variant: string): { architecture: string; variant: string } {
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

/** Operating systems and architectures Go knows, which decide how a one-part platform is read. */
const KNOWN_OS: ReadonlySet<string> = new Set(
  'aix android darwin dragonfly freebsd hurd illumos ios js linux nacl netbsd openbsd plan9 solaris wasip1 windows zos'.split(' '),
);
const KNOWN_ARCH: ReadonlySet<string> = new Set(
  ('386 amd64 amd64p32 arm armbe arm64 arm64be loong64 mips mipsle mips64 mips64le mips64p32 mips64p32le ppc ' +
    'ppc64 ppc64le riscv riscv64 s390 s390x sparc sparc64 wasm').split(' '),
);
const PLATFORM_COMPONENT = /^[A-Za-z0-9_-]+$/;

/**
 * Reads a platform the way the builders do (containerd's platform parser), which is stricter than
 * {@link parsePlatform} in what a part may hold and looser in how many parts there are: one part is an OS,
 * taking the architecture of `host` (the machine that builds), or else an architecture, taking the OS of
 * `host`. Returns the error the builders report, without their `failed to parse platform …` prefix.
 *
 * @example readPlatformSpecifier('arm64', host) // { platform: linux/arm64 } on a Linux host
 */
export function readPlatformSpecifier(text: string, host: Platform): { platform: Platform } | { error: string } {
  const invalid = (reason: string): { error: string } => ({ error: `${goQuote(text)}: ${reason}: invalid argument` });
  if (text.includes('*')) return invalid('wildcards not yet supported');
  const parts = text.split('/');
  for (const part of parts) {
    if (!PLATFORM_COMPONENT.test(part)) {
      return {
        error: `${goQuote(part)} is an invalid component of ${goQuote(text)}: platform specifier component must match "^[A-Za-z0-9_-]+$": invalid argument`,
      };
    }
  }
  const os = (name: string): string => (name.toLowerCase() === 'macos' ? 'darwin' : name.toLowerCase());
  if (parts.length === 1) {
    const only = parts[0]!;
    if (KNOWN_OS.has(os(only))) return { platform: { ...host, os: os(only) } };
    const arch = normaliseArchitecture(only.toLowerCase(), '');
    if (KNOWN_ARCH.has(arch.architecture)) return { platform: { os: host.os, ...arch } };
    return invalid('unknown operating system or architecture');
  }
  if (parts.length > 3) return invalid('cannot parse platform specifier');
  const [osName, architecture, variant = ''] = parts as [string, string, string?];
  return { platform: { os: os(osName), ...normaliseArchitecture(architecture.toLowerCase(), variant.toLowerCase()) } };
}
