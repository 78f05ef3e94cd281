import type { RuleModule } from '../types.js';

/** Operating systems a one-word platform can name; any other word is an architecture. */
const OPERATING_SYSTEMS = new Set([
  'aix', 'android', 'darwin', 'dragonfly', 'freebsd', 'illumos', 'ios', 'js', 'linux', 'netbsd', 'openbsd',
  'plan9', 'solaris', 'wasip1', 'windows',
]);

/** Architecture spellings the builder normalises. */
const ARCH_ALIASES: Readonly<Record<string, string>> = {
  'x86_64': 'amd64',
  'x86-64': 'amd64',
  aarch64: 'arm64',
  armhf: 'arm',
  armel: 'arm',
  i386: '386',
};

/**
 * The operating system and architecture a platform string names, as the builder reads it. A missing part
 * stands for the build host's, which the linter takes to be linux/amd64.
 */
function platformParts(platform: string): { os: string; arch: string } {
  const parts = platform.toLowerCase().split('/');
  const normalise = (arch: string): string => ARCH_ALIASES[arch] ?? arch;
  const [first = '', second] = parts;
  if (second !== undefined) return { os: first, arch: normalise(second) };
  return OPERATING_SYSTEMS.has(first) ? { os: first, arch: 'amd64' } : { os: 'linux', arch: normalise(first) };
}

/** DL3029: FROM --platform should not be a constant. */
export const noConstantPlatform: RuleModule = {
  meta: {
    id: 'no-constant-platform',
    hadolint: 'DL3029',
    buildkit: 'FromPlatformFlagConstDisallowed',
    severity: 'warning',
    category: 'compatibility',
    locality: 'stage',
    docs: {
      summary: 'Do not use a constant --platform flag with FROM',
      description:
        'Flags `FROM --platform=<value>` when the value is a constant (`linux/amd64`) rather than built from ' +
        'variables such as `$BUILDPLATFORM` or `$TARGETOS/$TARGETARCH`. As in BuildKit, a stage whose name ' +
        'mentions the operating system or architecture (`AS build-arm64`) is exempt: that stage is meant to ' +
        'be platform specific.',
      rationale:
        'A constant platform pins the stage to one architecture whatever platform the image is built for. ' +
        'Multi-platform builds then produce images whose contents come from the wrong architecture, and on ' +
        'other hosts the stage runs under emulation, if at all.',
      example: 'FROM --platform=linux/amd64 node:20\nRUN npm ci',
      useInstead: 'FROM --platform=$BUILDPLATFORM node:20 AS build\nRUN npm ci',
    },
  },
  create(context) {
    return {
      FROM(node, scope) {
        const flag = node.platform;
        const value = flag?.value;
        // A trigger FROM is invalid anyway; variables make the platform follow the build.
        if (scope.inOnbuild || !flag || !value || value.includes('$')) return;
        const name = node.stageName?.value.toLowerCase() ?? '';
        const { os, arch } = platformParts(value);
        if (name !== '' && ((os !== '' && name.includes(os)) || (arch !== '' && name.includes(arch)))) return;
        context.report({ message: 'Do not use --platform flag with FROM', range: flag.valueRange ?? flag.range });
      },
    };
  },
};
