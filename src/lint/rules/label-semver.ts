import valid from 'semver/functions/valid.js';
import { labelValueRule } from './empty-label.js';

/** A strict Semantic Versioning 2.0.0 version: no `v` prefix, no surrounding space, no partial versions. */
export function isSemver(value: string): boolean {
  return /^[0-9]/.test(value) && value === value.trim() && valid(value) !== null;
}

/** DL3056: a label the schema types as `semver` is not a semantic version. */
export const labelSemver = labelValueRule({
  id: 'label-semver',
  hadolint: 'DL3056',
  type: 'semver',
  message: (label) => `Label \`${label}\` does not conform to semantic versioning.`,
  isValid: isSemver,
  docs: {
    summary: 'Labels typed `semver` should hold a semantic version',
    description:
      'Flags a `LABEL` whose key the `label-schema` setting types as `semver` when the value is not a Semantic ' +
      'Versioning 2.0.0 version (`1.4.2`, `2.0.0-rc.1`, `1.0.0+build.5`); a `v` prefix or a partial version ' +
      'such as `1.4` is not one.',
    rationale: 'Tools sort and compare these values as versions; anything else sorts wrongly or not at all.',
    example: '# label-schema: { org.opencontainers.image.version: semver }\nLABEL org.opencontainers.image.version="v1.4"',
    useInstead: 'LABEL org.opencontainers.image.version="1.4.0"',
  },
});
