import { invalidBaseImagePlatform } from '../../../src/lint/rules/invalid-base-image-platform.js';
import type { LintSettings } from '../../../src/lint/index.js';
import { testRule } from '../rule-tester.js';

/** What `dfkit lint --resolve-images` passes on an amd64 engine that holds an arm64 and an amd64 image. */
const ENGINE: Partial<LintSettings> = {
  platform: 'linux/amd64',
  buildPlatform: 'linux/amd64',
  baseImages: {
    'arm-only:1': { platform: 'linux/arm64/v8', env: [] },
    'amd-only:1': { platform: 'linux/amd64', env: [] },
    'pi:1': { platform: 'linux/arm/v6' },
  },
};
const onEngine = (code: string, settings: Partial<LintSettings> = {}) => ({ code, settings: { ...ENGINE, ...settings } });

testRule(invalidBaseImagePlatform, {
  valid: [
    // Nothing resolved: nothing known, nothing judged.
    'FROM arm-only:1',
    { code: 'FROM arm-only:1', settings: { platform: 'linux/amd64' } },
    onEngine('FROM amd-only:1'),
    // An image the engine does not hold, whatever its name.
    onEngine('FROM elsewhere:1'),
    onEngine('FROM constructor'),
    onEngine('FROM scratch'),
    // The flag names the image's platform, in any spelling the builder reads the same.
    onEngine('FROM --platform=linux/arm64 arm-only:1'),
    onEngine('FROM --platform=linux/aarch64 arm-only:1'),
    onEngine('FROM --platform=linux/arm64/v8 arm-only:1'),
    // Only the operating system and architecture are compared, as BuildKit compares them.
    onEngine('FROM --platform=linux/arm/v7 pi:1'),
    // The build targets arm64.
    onEngine('FROM arm-only:1', { platform: 'linux/arm64' }),
    onEngine('FROM --platform=$TARGETPLATFORM arm-only:1', { platform: 'linux/arm64' }),
    onEngine('ARG P=linux/arm64\nFROM --platform=$P arm-only:1'),
    onEngine('ARG P\nFROM --platform=$P arm-only:1', { buildArgs: { P: 'linux/arm64' } }),
    // A stage built on another stage is judged at the stage that names the image.
    onEngine('FROM --platform=linux/arm64 arm-only:1 AS base\nFROM base'),
    // A platform that names an unknown variable, or no platform, is left to the rules about the flag.
    onEngine('FROM --platform=$NOPE arm-only:1'),
    onEngine('FROM --platform=linux/arm64/v8/x arm-only:1'),
    // One part: the architecture on the build's operating system.
    onEngine('FROM --platform=arm64 arm-only:1'),
  ],
  invalid: [
    {
      ...onEngine('FROM arm-only:1\nRUN true'),
      errors: [
        {
          message: 'Base image arm-only:1 was pulled with platform "linux/arm64", expected "linux/amd64" for current build',
          line: 1,
          text: 'arm-only:1',
        },
      ],
    },
    {
      ...onEngine('FROM --platform=linux/arm64 amd-only:1'),
      errors: [{ message: 'Base image amd-only:1 was pulled with platform "linux/amd64", expected "linux/arm64" for current build' }],
    },
    {
      ...onEngine('FROM --platform=$BUILDPLATFORM amd-only:1', { platform: 'linux/arm64', buildPlatform: 'linux/arm64' }),
      errors: [{ message: /platform "linux\/amd64", expected "linux\/arm64"/ }],
    },
    {
      // The reference is judged after the global ARGs are expanded, and named so in the message.
      ...onEngine('ARG TAG=1\nFROM arm-only:${TAG} AS build\nFROM amd-only:1'),
      errors: [{ message: /^Base image arm-only:1 was pulled with platform "linux\/arm64"/, line: 2, text: 'arm-only:${TAG}' }],
    },
    {
      ...onEngine('FROM --platform=arm64 amd-only:1'),
      errors: [{ message: /platform "linux\/amd64", expected "linux\/arm64"/ }],
    },
    {
      ...onEngine('FROM pi:1'),
      errors: [{ message: 'Base image pi:1 was pulled with platform "linux/arm/v6", expected "linux/amd64" for current build' }],
    },
  ],
});
