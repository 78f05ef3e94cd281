/** The rules about the shell scripts of RUN instructions, in hadolint code order, for the built-in registry. */
import type { RuleModule } from '../types.js';
import { addForArchiveExtraction } from './add-for-archive-extraction.js';
import { consecutiveRuns } from './consecutive-runs.js';
import { curlOrWget } from './curl-or-wget.js';
import { gemPinnedVersions } from './gem-pinned-versions.js';
import { goPinnedVersions } from './go-pinned-versions.js';
import { noCdInRun } from './no-cd-in-run.js';
import { noInteractiveTools } from './no-interactive-tools.js';
import { noLnBinSh } from './no-ln-bin-sh.js';
import { noSudo } from './no-sudo.js';
import { npmPinnedVersions } from './npm-pinned-versions.js';
import { pipNoCacheDir } from './pip-no-cache-dir.js';
import { pipPinnedVersions } from './pip-pinned-versions.js';
import { pipefail } from './pipefail.js';
import { useraddNoLogInit } from './useradd-no-log-init.js';
import { wgetProgress } from './wget-progress.js';
import { yarnCacheClean } from './yarn-cache-clean.js';

export const shellRules: readonly RuleModule[] = [
  noInteractiveTools, // DL3001
  noCdInRun, // DL3003
  noSudo, // DL3004
  addForArchiveExtraction, // DL3010
  pipPinnedVersions, // DL3013
  npmPinnedVersions, // DL3016
  gemPinnedVersions, // DL3028
  pipNoCacheDir, // DL3042
  useraddNoLogInit, // DL3046
  wgetProgress, // DL3047
  consecutiveRuns, // DL3059
  yarnCacheClean, // DL3060
  goPinnedVersions, // DL3062
  curlOrWget, // DL4001
  noLnBinSh, // DL4005
  pipefail, // DL4006
];
