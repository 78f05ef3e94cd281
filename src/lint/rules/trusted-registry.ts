import { parseImageReference, type Flag, type Mount, type Range, type RunInstruction } from '../../parser/index.js';
import type { InstructionScope, RuleModule } from '../types.js';
import { resolveFromImage, type ResolvedImage } from './tagged-base-image.js';
import { rangeWithin } from '../ranges.js';
import { firstStageNamed } from '../stage-names.js';

const MESSAGE = 'Use only an allowed registry in the FROM image';

/** Spellings of Docker Hub's registry in image references. */
const DOCKER_HUB = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io']);

/** Names under which Docker Hub can be listed as trusted. */
const DOCKER_HUB_NAMES = ['docker.io', 'hub.docker.com'];


/** `*` trusts everything, `*.corp.com` a suffix, `corp*` a prefix; anything else is an exact host name. */
function matches(pattern: string, registry: string): boolean {
  if (pattern === '*') return true;
  if (pattern.startsWith('*')) return registry.endsWith(pattern.slice(1));
  if (pattern.endsWith('*')) return registry.startsWith(pattern.slice(0, -1));
  return registry === pattern;
}

/** DL3026: images must come from a trusted registry. */
export const trustedRegistry: RuleModule = {
  meta: {
    id: 'trusted-registry',
    hadolint: 'DL3026',
    severity: 'error',
    category: 'security',
    locality: 'stage',
    docs: {
      summary: 'Use only an allowed registry in the FROM image',
      description:
        'When `trustedRegistries` is configured, flags images pulled from any other registry: `FROM` images, ' +
        '`COPY --from=<image>` and `RUN --mount=…,from=<image>`. Images without a registry come from Docker ' +
        'Hub, which can be trusted as `docker.io` or `hub.docker.com`. Patterns may be `*` (any registry), ' +
        '`*.corp.example` (a suffix) or `corp*` (a prefix). Earlier stages, stage indexes and `scratch` are ' +
        'not images and are exempt; images written with variables are judged after substituting the global ' +
        'ARG defaults, or left alone when a variable has no value. Does nothing when no registry is configured.',
      rationale:
        'Every base image and every image files are copied or mounted from ends up in the build with full ' +
        'access to it. Organisations that mirror and scan images need builds to pull only from those ' +
        'registries; an image from anywhere else bypasses the scanning and can change under the build.',
      example: '# trustedRegistries: [registry.corp.example]\nFROM docker.io/library/node:20',
      useInstead: '# trustedRegistries: [registry.corp.example]\nFROM registry.corp.example/library/node:20',
    },
  },
  create(context) {
    const patterns = context.settings.trustedRegistries.map((pattern) => pattern.toLowerCase());
    if (patterns.length === 0) return {};

    const trusted = (image: ResolvedImage): boolean => {
      if (image.registry === null && image.repository === 'scratch') return true;
      const registry = image.registry?.toLowerCase() ?? 'docker.io';
      const names = DOCKER_HUB.has(registry) ? [registry, ...DOCKER_HUB_NAMES] : [registry];
      return names.some((name) => patterns.some((pattern) => matches(pattern, name)));
    };

    /**
     * Whether a `--from`/`from=` value names an untrusted image. Stage names and indexes are not images; in
     * a trigger they refer to the downstream Dockerfile, so only references with an explicit registry are
     * judged there.
     */
    const untrustedSource = (reference: string, scope: InstructionScope): boolean => {
      if (reference === '' || reference.includes('$')) return false;
      const image = parseImageReference(reference);
      if (!image.valid) return false;
      if (scope.inOnbuild) return image.registry !== null && !trusted(image);
      if (/^[0-9]+$/.test(reference)) return false;
      // The builder finds stages by name wherever they are in the file.
      const name = reference.toLowerCase();
      if (firstStageNamed(context.stages, name) !== Infinity) return false;
      return !trusted(image);
    };

    /** The `from=` value inside a mount flag, or the whole flag when it cannot be located exactly. */
    const mountFromRange = (node: RunInstruction, mount: Mount): Range => {
      const flag: Flag | undefined = node.flags.find((f) => f.range.start.offset === mount.range.start.offset);
      const valueRange = flag?.valueRange;
      if (!valueRange) return mount.range;
      const source = context.text.slice(valueRange.start.offset, valueRange.end.offset);
      const match = /(^|,)from=([^,"']*)/i.exec(source);
      if (!match) return mount.range;
      const start = match.index + (match[1] as string).length + 'from='.length;
      return rangeWithin(context.text, { value: source, range: valueRange }, start, start + (match[2] as string).length);
    };

    return {
      FROM(node, scope) {
        // FROM is not allowed as a trigger; its own rule reports that.
        if (scope.inOnbuild || !node.image || scope.stage?.parent) return;
        const image = resolveFromImage(context, node.image);
        if (image && !trusted(image)) context.report({ message: MESSAGE, range: node.image.range });
      },
      COPY(node, scope) {
        const flag = node.options.from;
        if (!flag?.value || !untrustedSource(flag.value, scope)) return;
        context.report({ message: MESSAGE, range: flag.valueRange ?? flag.range });
      },
      RUN(node, scope) {
        for (const mount of node.mounts) {
          if (mount.from === null || !untrustedSource(mount.from, scope)) continue;
          context.report({ message: MESSAGE, range: mountFromRange(node, mount) });
        }
      },
    };
  },
};
