/** The cache, performance and frontend-compatibility rules, in a stable order, for the built-in registry. */
import type { RuleModule } from '../types.js';
import { aptUpdateSeparate } from './apt-update-separate.js';
import { frontendVersion } from './frontend-version.js';
import { missingDockerignore } from './missing-dockerignore.js';
import { packageCacheMount } from './package-cache-mount.js';
import { volatileBuildArg } from './volatile-build-arg.js';

export const cacheRules: readonly RuleModule[] = [
  aptUpdateSeparate,
  volatileBuildArg,
  missingDockerignore,
  packageCacheMount,
  frontendVersion,
];
