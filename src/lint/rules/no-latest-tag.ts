import type { RuleModule } from '../types.js';
import { resolveFromImage } from './tagged-base-image.js';
import { rangeWithin } from '../ranges.js';

const MESSAGE =
  'Using latest is prone to errors if the image will ever update. Pin the version explicitly to a release tag';


/** DL3007: a base image must not be pinned to `latest`. */
export const noLatestTag: RuleModule = {
  meta: {
    id: 'no-latest-tag',
    hadolint: 'DL3007',
    severity: 'warning',
    category: 'reproducibility',
    locality: 'stage',
    docs: {
      summary: 'Do not use the latest tag for base images',
      description:
        'Flags a `FROM` image tagged `latest` without a digest. With a digest the image is pinned whatever the ' +
        'tag says. Images written with variables are judged after substituting the global ARG defaults.',
      rationale:
        '`latest` is not a version: it is whatever the publisher pushed last. Writing it out looks deliberate ' +
        'but pins nothing, so rebuilds silently pick up new major versions of the base image.',
      example: 'FROM node:latest',
      useInstead: 'FROM node:20.11-bookworm',
    },
  },
  create(context) {
    return {
      FROM(node, scope) {
        if (scope.inOnbuild || !node.image) return;
        const image = resolveFromImage(context, node.image);
        if (!image || image.tag !== 'latest' || image.digest !== null) return;
        const raw = node.image.raw;
        // The tag is only at a known place when the reference was written literally.
        const range = node.image.hasVariables
          ? node.image.range
          : rangeWithin(context.text, { value: raw, range: node.image.range }, raw.length - 'latest'.length, raw.length);
        context.report({ message: MESSAGE, range });
      },
    };
  },
};
