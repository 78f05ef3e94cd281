/**
 * The platform of the machine a build runs on, as a local Docker engine reports it: Linux (Docker Desktop
 * runs its engine in a Linux VM of the host's architecture) and the host's architecture under its OCI name.
 * `docker build` without `--platform` targets this platform, and BUILDPLATFORM is always it.
 */
import { formatPlatform, parsePlatform } from './args.js';

/** Node's `process.arch` names where they differ from the OCI architecture names. */
const OCI_ARCHITECTURES: Readonly<Record<string, string>> = {
  x64: 'amd64',
  ia32: '386',
  arm: 'arm',
  arm64: 'arm64',
  ppc64: 'ppc64le',
  s390x: 's390x',
  riscv64: 'riscv64',
  loong64: 'loong64',
  mips: 'mips',
  mipsel: 'mipsle',
};

/**
 * `linux/<arch>[/<variant>]` for a Node architecture name (`process.arch` by default); `armVersion` is the
 * ARM version Node was built for (`process.config.variables.arm_version`), which gives 32-bit ARM its variant.
 *
 * @example hostPlatform('arm64') // 'linux/arm64'
 */
export function hostPlatform(arch: string = process.arch, armVersion: string | undefined = nodeArmVersion()): string {
  const architecture = OCI_ARCHITECTURES[arch] ?? arch;
  const variant = architecture === 'arm' && armVersion ? `/v${armVersion}` : '';
  const parsed = parsePlatform(`linux/${architecture}${variant}`);
  return parsed ? formatPlatform(parsed) : `linux/${architecture}`;
}

function nodeArmVersion(): string | undefined {
  const version = (process.config.variables as Record<string, unknown>)['arm_version'];
  return typeof version === 'string' || typeof version === 'number' ? String(version) : undefined;
}
