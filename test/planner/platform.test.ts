import { describe, expect, it } from 'vitest';
import { formatPlatform, parsePlatform, platformArgs } from '../../src/planner/args.js';
import { hostPlatform } from '../../src/planner/host-platform.js';

const normalised = (text: string): string | null => {
  const platform = parsePlatform(text);
  return platform ? formatPlatform(platform) : null;
};

describe('parsePlatform', () => {
  it.each([
    ['linux/amd64', 'linux/amd64'],
    ['Linux/AMD64', 'linux/amd64'],
    ['linux/x86_64', 'linux/amd64'],
    ['linux/x86-64', 'linux/amd64'],
    ['linux/amd64/v1', 'linux/amd64'],
    ['linux/amd64/v3', 'linux/amd64/v3'],
    ['linux/aarch64', 'linux/arm64'],
    ['linux/arm64/v8', 'linux/arm64'],
    ['linux/arm64/8', 'linux/arm64'],
    ['linux/arm64/v9', 'linux/arm64/v9'],
    ['linux/arm', 'linux/arm/v7'],
    ['linux/arm/7', 'linux/arm/v7'],
    ['linux/arm/6', 'linux/arm/v6'],
    ['linux/arm/v5', 'linux/arm/v5'],
    ['linux/armhf', 'linux/arm/v7'],
    ['linux/armel', 'linux/arm/v6'],
    ['linux/i386', 'linux/386'],
    ['macos/arm64', 'darwin/arm64'],
    ['windows/amd64', 'windows/amd64'],
  ])('reads %s as %s, as BuildKit normalises it', (text, expected) => {
    expect(normalised(text)).toBe(expected);
  });

  it.each(['linux', 'linux/', 'linux/amd64/v1/x', 'linux/amd 64', ''])('refuses %j', (text) => {
    expect(parsePlatform(text)).toBeNull();
  });

  it('gives the platform ARGs their normalised parts', () => {
    const args = platformArgs(parsePlatform('linux/aarch64/v8')!, parsePlatform('linux/x86_64')!);
    expect(args).toMatchObject({ TARGETPLATFORM: 'linux/arm64', TARGETARCH: 'arm64', TARGETVARIANT: '', BUILDPLATFORM: 'linux/amd64', BUILDARCH: 'amd64' });
  });
});

describe('hostPlatform', () => {
  it.each([
    ['x64', undefined, 'linux/amd64'],
    ['arm64', undefined, 'linux/arm64'],
    ['arm', '7', 'linux/arm/v7'],
    ['arm', '6', 'linux/arm/v6'],
    ['arm', undefined, 'linux/arm/v7'],
    ['ia32', undefined, 'linux/386'],
    ['ppc64', undefined, 'linux/ppc64le'],
    ['s390x', undefined, 'linux/s390x'],
    ['riscv64', undefined, 'linux/riscv64'],
  ])('names Node architecture %s (ARM version %s) as %s', (arch, armVersion, expected) => {
    expect(hostPlatform(arch, armVersion)).toBe(expected);
  });

  it('reads this machine by default', () => {
    expect(hostPlatform()).toBe(hostPlatform(process.arch));
  });
});
