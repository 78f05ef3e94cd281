import {
  DEFAULT_PLATFORM,
  expandWord,
  formatPlatform,
  parsePlatform,
  platformArgs,
  readPlatformSpecifier,
  type Platform,
} from '../../parser/index.js';
import { baseImageFacts } from '../base-images.js';
import type { RuleModule } from '../types.js';

/**
 * InvalidBaseImagePlatform: a base image, as a build finds it, is for another platform than the stage is built for.
 * It needs to know the images, so it reports only on what the caller resolved (`settings.baseImages`, filled by
 * `dfkit lint --resolve-images`).
 */
export const invalidBaseImagePlatform: RuleModule = {
  meta: {
    id: 'invalid-base-image-platform',
    buildkit: 'InvalidBaseImagePlatform',
    severity: 'warning',
    category: 'correctness',
    locality: 'stage',
    docs: {
      summary: 'Base image platform does not match expected target platform',
      description:
        'Flags a `FROM` whose image, as the build finds it, is for another operating system or architecture ' +
        'than the stage is built for: the platform its `--platform` flag names (variables expanded with the ' +
        "build's platform and the global ARGs), or else the build's target platform (`--platform`, by default the " +
        "engine's own). It needs the images' configurations, so it only reports when they were looked up " +
        '(`dfkit lint --resolve-images`: the local engine, then the registries); images found nowhere are not ' +
        'judged, nor is a multi-platform image of a registry, which serves each platform it lists. BuildKit also ' +
        'accepts an image of a platform the builder can emulate when the build names no platform; emulators are ' +
        'not looked for here.',
      rationale:
        'The stage then runs binaries built for another machine: RUN steps fail with "exec format error" or run ' +
        'slowly under emulation, and the image shipped is for the wrong platform. BuildKit reports the same ' +
        'mismatch as it resolves the image, and the classic builder warns that the image does not match the host.',
      example: 'FROM --platform=linux/amd64 my-arm64-only-image:1.0',
      useInstead: 'FROM --platform=linux/arm64 my-arm64-only-image:1.0',
    },
  },
  create(context) {
    const { baseImages, platform, buildPlatform } = context.settings;
    if (baseImages === undefined) return {};
    const target = parsePlatform(platform ?? '');
    const build = parsePlatform(buildPlatform ?? '') ?? target;
    const fallback = parsePlatform(DEFAULT_PLATFORM) as Platform;
    return {
      FROM(node, scope) {
        const info = scope.stage;
        if (scope.inOnbuild || !info || info.parent || !node.image || info.baseImage === 'scratch') return;
        const facts = baseImageFacts(context.settings, info.baseImage);
        const actual = parsePlatform(facts?.platform ?? '');
        if (!actual) return;
        let expected: Platform | null = target;
        if (node.platform) {
          // The flag is expanded as the builder expands it: the platform ARGs of this build, then the global ARGs.
          const env = new Map(Object.entries(platformArgs(target ?? fallback, build ?? fallback)));
          for (const [name, value] of scope.args) if (value !== undefined) env.set(name, value);
          const expanded = expandWord(node.platform.value ?? '', env, { escapeChar: context.ast.escapeChar });
          // A value that names an unknown variable or no platform is left to the rules about the flag; one part
          // (`arm64`) takes the rest from the platform the build runs on, as the builder reads it.
          const read = expanded.ok && expanded.unmatched.size === 0 ? readPlatformSpecifier(expanded.value, build ?? fallback) : null;
          expected = read && 'platform' in read ? read.platform : null;
        }
        if (!expected || (expected.os === actual.os && expected.architecture === actual.architecture)) return;
        context.report({
          // BuildKit's words, so a report reads the same whichever tool made it.
          message: `Base image ${info.baseImage} was pulled with platform "${formatPlatform(actual)}", expected "${formatPlatform(expected)}" for current build`,
          range: node.image.range,
        });
      },
    };
  },
};
