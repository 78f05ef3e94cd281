import { positionalArgs } from '../shell/index.js';
import type { RuleModule } from '../types.js';
import { hadolintCommands } from './apt-get-assume-yes.js';

const GIT = /^git(?:\+(?:ssh|https?))?:\/\//;
const TARBALL = /\.(?:tar|tar\.gz|tgz)$/;
const FOLDER = /^(?:\/|\.\/|\.\.\/|~\/)/;
/** Options of `npm install` followed by a value, which is not a package. */
const WITH_VALUE: readonly string[] = ['--loglevel', '--registry', '--prefix', '--cache'];

function pinned(spec: string): boolean {
  if (GIT.test(spec)) return spec.includes('#');
  if (TARBALL.test(spec) || FOLDER.test(spec)) return true;
  // The `@` of a scope (`@types/node`) is not a version.
  const name = spec.startsWith('@') ? spec.slice(spec.indexOf('/') + 1) : spec;
  return name.includes('@');
}

export const npmPinnedVersions: RuleModule = {
  meta: {
    id: 'npm-pinned-versions',
    hadolint: 'DL3016',
    severity: 'warning',
    category: 'reproducibility',
    locality: 'stage',
    docs: {
      summary: 'Pin versions in npm install',
      description:
        'Flags each package of `npm install <package>` given without `@version` or `@tag`. Git URLs need a ' +
        '`#commit` or `#semver:` ref; tarballs and local folders are left alone, as is a bare `npm install`, ' +
        'which installs what package.json and the lockfile say.',
      rationale:
        'An unpinned package resolves to the newest release when the layer is built, so rebuilding the same ' +
        'Dockerfile can install different code.',
      example: 'FROM node:20\nRUN npm install -g typescript',
      useInstead: 'FROM node:20\nRUN npm install -g typescript@5.4.5',
    },
  },
  create(context) {
    return {
      RUN(node) {
        for (const { script: run, cmd } of hadolintCommands(node, 'npm')) {
          const operands = positionalArgs(cmd, WITH_VALUE);
          if (operands[0]?.value !== 'install') continue;
          for (const pkg of operands.slice(1)) {
            if (pinned(pkg.value)) continue;
            context.report({
              message: 'Pin versions in npm. Instead of `npm install <package>` use `npm install <package>@<version>`',
              range: run.rangeOf(pkg.start, pkg.end),
            });
          }
        }
      },
    };
  },
};
